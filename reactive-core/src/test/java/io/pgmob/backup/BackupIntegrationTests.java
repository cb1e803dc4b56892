package io.pgmob.backup;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.hba.HbaPlacement;
import io.pgmob.hba.HbaRule;
import io.pgmob.os.CommandLine;
import io.pgmob.os.OsCommandFailedException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Server;
import io.pgmob.testsupport.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** pg_dump/pg_restore on this machine are PostgreSQL 15's: the tests use a 15 server. */
@PgTest
class BackupIntegrationTests {

  static final String SCHEMA = """
      CREATE SCHEMA app;
      CREATE TABLE app.items (id serial PRIMARY KEY, name text NOT NULL, price numeric(10,2) CHECK (price >= 0));
      CREATE INDEX items_name ON app.items (lower(name));
      CREATE VIEW app.cheap AS SELECT id, name FROM app.items WHERE price < 10;
      CREATE FUNCTION app.total() RETURNS numeric LANGUAGE sql AS 'SELECT sum(price) FROM app.items';
      CREATE TABLE app.tags (item_id int REFERENCES app.items, tag text);
      INSERT INTO app.items (name, price) VALUES ('tab\there', 1.50), (E'back\\\\slash', 20), ('ünï ''q''', 5);
      INSERT INTO app.tags VALUES (1, 'a'), (3, 'b');
      """;

  static final String OBJECTS = """
      SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'app'
      UNION ALL SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
        || ' ' || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'app'
      UNION ALL SELECT 'con ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE connamespace = 'app'::regnamespace
      UNION ALL SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'app'
      UNION ALL SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = 'app'
      UNION ALL SELECT 'fn ' || p.oid::regprocedure::text || ' ' || md5(pg_get_functiondef(p.oid)) FROM pg_proc p
        WHERE p.pronamespace = 'app'::regnamespace
      ORDER BY 1""";

  static final String DATA = """
      SELECT (SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM app.items t)
        || ' ' || (SELECT md5(string_agg(t::text, '|' ORDER BY item_id)) FROM app.tags t)
        || ' ' || (SELECT last_value FROM app.items_id_seq)""";

  static String unique(String prefix) {
    // hostile on purpose: quotes, $( ), a space, a leading dash would be an option
    return prefix + " it's $(x) " + UUID.randomUUID().toString().substring(0, 6);
  }

  @Test
  void schemaOnlyAndDataOnlyBackupsRestoreIntoANewDatabaseObjectByObject(@Server(version = 15) PgServer server,
      Cluster cluster) throws Exception {
    String src = unique("-bk src");
    String dst = unique("bk dst");
    String dir = cluster.runOsCommand("mktemp", "-d").block(TIMEOUT).output().strip();
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(src))).block(TIMEOUT);
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(dst))).block(TIMEOUT);
    try {
      Cluster source = TestClusters.connect(server, src);
      source.executeScript(SCHEMA).block(TIMEOUT);
      List<String> objects = source.query(OBJECTS, r -> r.get(0, String.class)).collectList().block(TIMEOUT);
      String data = source.scalar(DATA, String.class).block(TIMEOUT);
      source.close().block(TIMEOUT);
      assertThat(objects).hasSizeGreaterThan(15);

      FileBackup backup = cluster.backups().toFile().basePath(dir);
      CommandLine planned = backup.command(src, "x.dump").block(TIMEOUT);
      assertThat(planned.text()).contains("'--dbname=dbname='\\''" + src.replace("'", "\\'\\''") + "'\\'''");

      String schemaFile = "schema it's $(touch canary).dump";
      backup.options(BackupOptions.builder().schemaOnly(true).build()).backup(src, schemaFile).block(TIMEOUT);
      backup.options(BackupOptions.builder().dataOnly(true).verbose(true).build()).backup(src, "data.dump").block(TIMEOUT);
      assertThat(Path.of(dir, schemaFile)).isNotEmptyFile();
      assertThat(Path.of(dir, "canary")).doesNotExist();

      FileRestore restore = cluster.backups().fromFile().basePath(dir)
          .options(RestoreOptions.builder().exitOnError(true).build());
      restore.restore(dst, schemaFile).block(TIMEOUT);
      Cluster target = TestClusters.connect(server, dst);
      assertThat(target.query(OBJECTS, r -> r.get(0, String.class)).collectList().block(TIMEOUT)).isEqualTo(objects);
      assertThat(target.scalar("SELECT count(*) FROM app.items", Long.class).block(TIMEOUT)).isZero();
      restore.options(RestoreOptions.builder().exitOnError(true).singleTransaction(true).build())
          .restore(dst, dir + "/data.dump").block(TIMEOUT);
      assertThat(target.scalar(DATA, String.class).block(TIMEOUT)).isEqualTo(data);
      target.close().block(TIMEOUT);

      // a failing pg_restore is an error carrying its output
      assertThatThrownBy(() -> restore.restore(dst, "no such file.dump").block(TIMEOUT))
          .isInstanceOf(OsCommandFailedException.class).hasMessageContaining("no such file.dump");
    } finally {
      cluster.update(Sql.format("DROP DATABASE IF EXISTS {} WITH (FORCE)", Identifier.of(src))).block(TIMEOUT);
      cluster.update(Sql.format("DROP DATABASE IF EXISTS {} WITH (FORCE)", Identifier.of(dst))).block(TIMEOUT);
      cluster.runOsCommand("rm", "-rf", "--", dir).block(TIMEOUT);
    }
  }

  @Test
  void objectStoreStreamingWithAStandInCommandAndHooks(@Server(version = 15) PgServer server, Cluster cluster)
      throws Exception {
    String src = unique("os src");
    String dst = unique("os dst");
    String bucket = cluster.runOsCommand("mktemp", "-d").block(TIMEOUT).output().strip();
    // the stand-in "object store": upload = write stdin to the path, download = print the path
    ObjectStore standIn = ObjectStore.of(url -> CommandLine.of("dd", "of=" + url, "status=none"),
        url -> CommandLine.of("cat", "--", url));
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(src))).block(TIMEOUT);
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(dst))).block(TIMEOUT);
    try {
      Cluster source = TestClusters.connect(server, src);
      source.executeScript(SCHEMA).block(TIMEOUT);
      List<String> objects = source.query(OBJECTS, r -> r.get(0, String.class)).collectList().block(TIMEOUT);
      String data = source.scalar(DATA, String.class).block(TIMEOUT);
      source.close().block(TIMEOUT);

      cluster.backups().toObjectStore(standIn).basePath(bucket)
          .onStart(t -> CommandLine.of("touch", t.path() + ".started"))
          .onFinish(t -> CommandLine.of("touch", t.path() + ".finished"))
          .backup(src, "full.dump").block(TIMEOUT);
      assertThat(Path.of(bucket, "full.dump")).isNotEmptyFile();
      assertThat(Path.of(bucket, "full.dump.started")).exists();
      assertThat(Path.of(bucket, "full.dump.finished")).exists();

      String tmp = cluster.runOsCommand("mktemp", "-d").block(TIMEOUT).output().strip();
      cluster.backups().fromObjectStore(standIn).basePath(bucket).tempDirectory(tmp)
          .options(RestoreOptions.builder().exitOnError(true).build())
          .restore(dst, "full.dump").block(TIMEOUT);
      Cluster target = TestClusters.connect(server, dst);
      assertThat(target.query(OBJECTS, r -> r.get(0, String.class)).collectList().block(TIMEOUT)).isEqualTo(objects);
      assertThat(target.scalar(DATA, String.class).block(TIMEOUT)).isEqualTo(data);
      target.close().block(TIMEOUT);
      try (var files = Files.list(Path.of(tmp))) {
        assertThat(files).isEmpty(); // the fetched archive was removed
      }
      cluster.runOsCommand("rmdir", "--", tmp).block(TIMEOUT);

      // pg_dump fails but the upload command succeeds: the backup still fails, finish hooks still run
      assertThatThrownBy(() -> cluster.backups().toObjectStore(standIn).basePath(bucket)
              .onFinish(t -> CommandLine.of("touch", t.path() + ".finished"))
              .backup("no such database", "broken.dump").block(TIMEOUT))
          .isInstanceOf(OsCommandFailedException.class).hasMessageContaining("no such database");
      assertThat(Path.of(bucket, "broken.dump.finished")).exists();
    } finally {
      cluster.update(Sql.format("DROP DATABASE IF EXISTS {} WITH (FORCE)", Identifier.of(src))).block(TIMEOUT);
      cluster.update(Sql.format("DROP DATABASE IF EXISTS {} WITH (FORCE)", Identifier.of(dst))).block(TIMEOUT);
      cluster.runOsCommand("rm", "-rf", "--", bucket).block(TIMEOUT);
    }
  }

  private static List<String> list(Cluster cluster, String dir) {
    return cluster.runOsCommand("ls", "-A", "--", dir).block(java.time.Duration.ofSeconds(30)).output().lines().toList();
  }

  @Test
  void aFailedBackupLeavesNoFileBehindAndNeverClobbersAnEarlierOne(@Server(version = 15) PgServer server,
      Cluster cluster) throws Exception {
    String dir = cluster.runOsCommand("mktemp", "-d").block(TIMEOUT).output().strip();
    try {
      FileBackup backup = cluster.backups().toFile().basePath(dir);
      // pg_dump opens its output file before it connects: a failed connection used to leave it empty
      assertThatThrownBy(() -> backup.backup("pgmob no such db", "x.dump").block(java.time.Duration.ofSeconds(60)))
          .isInstanceOf(OsCommandFailedException.class).hasMessageContaining("pgmob no such db");
      assertThat(list(cluster, dir)).isEmpty();

      backup.backup("postgres", "keep.dump").block(java.time.Duration.ofSeconds(60));
      byte[] good = Files.readAllBytes(Path.of(dir, "keep.dump"));
      assertThat(good).isNotEmpty();
      assertThatThrownBy(() -> backup.backup("pgmob no such db", "keep.dump").block(java.time.Duration.ofSeconds(60)))
          .isInstanceOf(OsCommandFailedException.class);
      assertThat(Files.readAllBytes(Path.of(dir, "keep.dump"))).isEqualTo(good);
      assertThat(list(cluster, dir)).containsExactly("keep.dump");

      // the directory format too
      FileBackup directory = backup.options(BackupOptions.builder().format(Format.DIRECTORY).build());
      assertThatThrownBy(() -> directory.backup("pgmob no such db", "d").block(java.time.Duration.ofSeconds(60)))
          .isInstanceOf(OsCommandFailedException.class);
      directory.backup("postgres", "d").block(java.time.Duration.ofSeconds(60));
      assertThat(Path.of(dir, "d", "toc.dat")).isNotEmptyFile();
      assertThat(list(cluster, dir)).containsExactlyInAnyOrder("keep.dump", "d");
    } finally {
      cluster.runOsCommand("rm", "-rf", "--", dir).block(TIMEOUT);
    }
  }

  @Test
  void aBackupTheServerWillNotLetInSaysWhichRuleAsksForWhatAndHowToLetItIn(
      @Server(version = 15, isolated = true) PgServer server) throws Exception {
    Cluster cluster = TestClusters.connect(server);
    String dir = cluster.runOsCommand("mktemp", "-d").block(TIMEOUT).output().strip();
    try {
      HbaRule scram = HbaRule.local("all", "all", "scram-sha-256");
      cluster.hbaRules().add(scram, HbaPlacement.first()).block(java.time.Duration.ofSeconds(60));
      FileBackup backup = cluster.backups().toFile().basePath(dir);
      assertThatThrownBy(() -> backup.backup("postgres", "x.dump").block(java.time.Duration.ofSeconds(60)))
          .isInstanceOfSatisfying(ToolAuthenticationException.class, e -> {
            assertThat(e.getMessage())
                .contains("Unix socket", "as role \"" + cluster.sessionUser() + "\"", "with no password")
                .contains("\"local all all scram-sha-256\", which asks for a password (scram-sha-256)")
                .contains("local all " + cluster.sessionUser() + " peer", "placed before that rule", ".pgpass",
                    "PGPASSWORD");
            assertThat(e.output()).contains("no password supplied");
          });
      assertThat(list(cluster, dir)).isEmpty();

      // the first fix offered, with trust (peer needs the OS user to match): the backup goes through
      cluster.hbaRules().add(HbaRule.local("all", cluster.sessionUser(), "trust"), HbaPlacement.first())
          .block(java.time.Duration.ofSeconds(60));
      backup.backup("postgres", "x.dump").block(java.time.Duration.ofSeconds(60));
      assertThat(Path.of(dir, "x.dump")).isNotEmptyFile();
    } finally {
      cluster.runOsCommand("rm", "-rf", "--", dir).block(TIMEOUT);
      cluster.close().block(TIMEOUT);
    }
  }
}
