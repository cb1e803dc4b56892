package io.pgmob.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import io.pgmob.os.CommandLine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackupOptionsUnitTests {

  @Test
  void everyBackupOptionRendersAsOneArgument() {
    BackupOptions o = BackupOptions.builder()
        .schemaOnly(true).schemas("app", "-evil name").excludeSchemas("tmp*").tables("app.t1")
        .excludeTables("app.audit").excludeTableData("app.big").clean(true).create(true).ifExists(true)
        .noOwner(true).noPrivileges(true).noTablespaces(true).noPublications(true).noSubscriptions(true)
        .role("dumper").strictNames(true).superuser("postgres").verbose(true).compress(7).inserts(true)
        .lockWaitTimeout(Duration.ofSeconds(3)).blobs(false).build();
    assertThat(o.arguments()).containsExactly("--format=c", "--schema-only", "--schema=app", "--schema=-evil name",
        "--exclude-schema=tmp*", "--table=app.t1", "--clean", "--create", "--if-exists", "--no-owner",
        "--no-privileges", "--no-tablespaces", "--no-publications", "--no-subscriptions", "--role=dumper",
        "--strict-names", "--superuser=postgres", "--verbose", "--exclude-table=app.audit",
        "--exclude-table-data=app.big", "--compress=7", "--inserts", "--lock-wait-timeout=3000", "--no-blobs");
    assertThat(BackupOptions.builder().format(Format.DIRECTORY).jobs(4).section(Section.POST_DATA).blobs(true)
        .createDatabase(true).build().arguments())
        .containsExactly("--format=d", "--create", "--section=post-data", "--jobs=4", "--blobs");
    assertThat(CommandLine.of("pg_dump", o.arguments().toArray(String[]::new)).text())
        .contains(" '--schema=-evil name' ");
  }

  @Test
  void everyRestoreOptionRendersAsOneArgument() {
    RestoreOptions o = RestoreOptions.builder().dataOnly(true).exitOnError(true).indexes("i1").functions("f(integer)")
        .triggers("trg").useList("/tmp/list").singleTransaction(true).disableTriggers(true)
        .noDataForFailedTables(true).format(Format.CUSTOM).schemas("app").excludeSchemas("x").tables("t")
        .noOwner(true).noPrivileges(true).noTablespaces(true).noPublications(true).noSubscriptions(true)
        .role("r").strictNames(true).superuser("su").verbose(true).build();
    assertThat(o.arguments()).containsExactly("--format=c", "--data-only", "--schema=app", "--exclude-schema=x",
        "--table=t", "--no-owner", "--no-privileges", "--no-tablespaces", "--no-publications", "--no-subscriptions",
        "--role=r", "--strict-names", "--superuser=su", "--verbose", "--exit-on-error", "--index=i1",
        "--function=f(integer)", "--trigger=trg", "--use-list=/tmp/list", "--single-transaction",
        "--disable-triggers", "--no-data-for-failed-tables");
    assertThat(RestoreOptions.builder().clean(true).ifExists(true).create(true).jobs(2).section(Section.DATA).build()
        .arguments()).containsExactly("--clean", "--create", "--if-exists", "--section=data", "--jobs=2");
  }

  @Test
  void conflictingOptionsAreRefusedBeforeAnythingRuns() {
    assertThatThrownBy(() -> BackupOptions.builder().schemaOnly(true).dataOnly(true).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("schema only and data only");
    assertThatThrownBy(() -> RestoreOptions.builder().schemaOnly(true).dataOnly(true).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BackupOptions.builder().clean(true).dataOnly(true).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BackupOptions.builder().ifExists(true).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("requires clean");
    assertThatThrownBy(() -> BackupOptions.builder().compress(10).build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BackupOptions.builder().format(Format.TAR).compress(5).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BackupOptions.builder().jobs(4).build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BackupOptions.builder().schemaOnly(true).section(Section.DATA).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RestoreOptions.builder().singleTransaction(true).jobs(4).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RestoreOptions.builder().singleTransaction(true).create(true).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RestoreOptions.builder().format(Format.PLAIN).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> BackupOptions.builder().schemas("")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aDatabaseNameThatLooksLikeAConnectionStringStaysAName() {
    assertThat(ToolOperation.conninfo("host=evil it's \\ x"))
        .isEqualTo("dbname='host=evil it\\'s \\\\ x'");
  }
}
