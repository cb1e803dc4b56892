package io.pgmob.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedClusterIntegrationTests {

  private Path base;

  @BeforeEach
  void makeBase() throws Exception {
    base = Files.createTempDirectory(PgBinaries.workDirectory(), "it-");
    Dirs.makeTraversable(base);
    EmbeddedCluster.deleteWhenJvmExits(base);
  }

  @AfterEach
  void removeBase() {
    Dirs.deleteTree(base);
  }

  @Test
  void createdServerStartsAnswersAndStopsAndAnotherProcessCanAttachToIt() throws Exception {
    EmbeddedCluster pg = EmbeddedCluster.builder(base.resolve("a")).majorVersion(17)
        .setting("cluster_name", "it's quoted").build().create();
    assertThat(pg.port()).isPositive();
    assertThat(pg.isRunning()).isFalse();
    pg.start();
    try {
      assertThat(pg.isRunning()).isTrue();
      assertThat(scalar(pg, null, "SELECT current_setting('server_version_num')::int / 10000")).isEqualTo("17");
      assertThat(scalar(pg, null, "SHOW cluster_name")).isEqualTo("it's quoted");

      EmbeddedCluster attached = EmbeddedCluster.attach(pg.directory());
      assertThat(attached.port()).isEqualTo(pg.port());
      assertThat(attached.majorVersion()).isEqualTo(17);
      assertThat(attached.pid()).isEqualTo(pg.pid());
      long pid = pg.pid().orElseThrow();
      attached.stop();
      assertThat(pg.isRunning()).isFalse();
      assertThat(EmbeddedCluster.isAlive(pid)).isFalse();
    } finally {
      pg.delete();
    }
    assertThat(pg.directory()).doesNotExist();
  }

  @Test
  void passwordServerRefusesAWrongPasswordAndTemplateCopiesKeepIt() throws Exception {
    Path template = base.resolve("template");
    EmbeddedCluster one = EmbeddedCluster.builder(base.resolve("one")).majorVersion(15)
        .superuserPassword("s3cret-one").template(template).deleteWhenJvmExits(true).build().create();
    EmbeddedCluster two = EmbeddedCluster.builder(base.resolve("two")).majorVersion(15)
        .superuserPassword("s3cret-one").template(template).deleteWhenJvmExits(true).build().create();
    assertThat(one.port()).isNotEqualTo(two.port());
    try {
      one.start();
      two.start();
      assertThat(scalar(two, "s3cret-one", "SELECT 1")).isEqualTo("1");
      assertThatThrownBy(() -> scalar(one, "wrong", "SELECT 1"))
          .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
      assertThat(Files.readString(one.directory().resolve("cluster.properties"))).doesNotContain("s3cret");
      assertThat(one.toString()).doesNotContain("s3cret");
    } finally {
      one.delete();
      two.delete();
    }
  }

  @Test
  void templateOfAnotherMajorIsRefusedByName() {
    Path template = base.resolve("template");
    EmbeddedCluster.builder(base.resolve("x")).majorVersion(15).template(template).build().create();
    assertThatThrownBy(() -> EmbeddedCluster.builder(base.resolve("y")).majorVersion(16).template(template)
        .build().create())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is for PostgreSQL 15").hasMessageContaining("not 16");
  }

  @Test
  void aTakenPortFailsToStartWithTheServersReason() {
    EmbeddedCluster first = EmbeddedCluster.builder(base.resolve("p1")).majorVersion(15).build().create();
    EmbeddedCluster second = EmbeddedCluster.builder(base.resolve("p2")).majorVersion(15).port(first.port())
        .build().create();
    try {
      first.start();
      assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not start on port " + first.port());
      assertThat(second.isRunning()).isFalse();
    } finally {
      first.delete();
      second.delete();
    }
  }

  @Test
  void attachingToADirectoryWithoutAServerSaysWhichDirectory() {
    assertThatThrownBy(() -> EmbeddedCluster.attach(base.resolve("nothing")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no embedded PostgreSQL server in " + base.resolve("nothing"));
  }

  @Test
  void unsupportedMajorIsRefused() {
    assertThatThrownBy(() -> PgBinaries.forMajor(12)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[13, 14, 15, 16, 17, 18], got 12");
  }

  private static String scalar(EmbeddedCluster pg, String password, String sql) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", EmbeddedCluster.SUPERUSER);
    if (password != null) {
      p.setProperty("password", password);
    }
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", p);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
