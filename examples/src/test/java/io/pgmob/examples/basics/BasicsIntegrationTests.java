package io.pgmob.examples.basics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.database.Database;
import io.pgmob.examples.LocalClusters;
import io.pgmob.hba.HbaFile;
import io.pgmob.hba.HbaRule;
import io.pgmob.password.Password;
import io.pgmob.role.Role;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.table.Table;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Server;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Runs every example of the original PGMob README and checks its effect on the server. */
@PgTest
class BasicsIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void dropDatabases(Cluster cluster, String... names) {
    for (String name : names) {
      cluster.update(Sql.format("DROP DATABASE IF EXISTS {} WITH (FORCE)", Identifier.of(name))).block(WAIT);
    }
  }

  @Test
  void connectAndQueryListsTheUsersSessionsWithABindParameter(Cluster cluster) {
    List<ConnectAndQuery.Session> sessions = ConnectAndQuery.run(cluster, cluster.currentUser()).block(WAIT);

    assertThat(sessions).anySatisfy(s -> {
      assertThat(s.pid()).isEqualTo(cluster.backendPid());
      assertThat(s.database()).isEqualTo(cluster.currentDatabase());
    });
    assertThat(ConnectAndQuery.run(cluster, "no such user").block(WAIT)).isEmpty();
  }

  @Test
  void createOwnerAndDatabaseCreatesALoginRoleAndGivesItTheDatabase(PgServer server, Cluster cluster) {
    String owner = unique("owner");
    String db = unique("db");
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(db))).block(WAIT);   // owned by the superuser
    long oid = cluster.scalar("SELECT oid::bigint FROM pg_database WHERE datname = $1", Long.class, db).block(WAIT);
    try {
      Database given = CreateOwnerAndDatabase.run(cluster, owner, Password.plain("s3cret!"), db).block(WAIT);
      Database again = CreateOwnerAndDatabase.run(cluster, owner, Password.plain("s3cret!"), db).block(WAIT);

      assertThat(given.owner()).isEqualTo(owner);
      assertThat(given.oid()).isEqualTo(oid);
      assertThat(again.oid()).isEqualTo(oid);
      assertThat(cluster.scalar("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", Boolean.class, owner).block(WAIT))
          .isTrue();
      assertThat(cluster.scalar("SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = $1",
          String.class, db).block(WAIT)).isEqualTo(owner);
      // the owner logs in to its database with the password
      Cluster asOwner = Cluster.connect(LocalClusters.spec(server, db).withUser(owner, "s3cret!")).block(WAIT);
      assertThat(asOwner.currentUser()).isEqualTo(owner);
      asOwner.close().block(WAIT);
    } finally {
      dropDatabases(cluster, db);
      cluster.update(Sql.format("DROP ROLE IF EXISTS {}", Identifier.of(owner))).block(WAIT);
    }
  }

  @Test
  void addHbaLineAddsTheRuleOnceAndTheServerLoadsIt(@Server(isolated = true) PgServer server) {
    Cluster cluster = Cluster.connect(LocalClusters.spec(server, "postgres")).block(WAIT);
    try {
      String line = "host  all  app_users  10.20.0.0/16  scram-sha-256";
      HbaFile first = AddHbaLine.run(cluster, line).block(WAIT);
      HbaFile second = AddHbaLine.run(cluster, line).block(WAIT);

      HbaRule rule = HbaRule.parse(line);
      assertThat(first.rules()).filteredOn(rule::equals).hasSize(1);
      assertThat(second.rules()).filteredOn(rule::equals).hasSize(1);
      assertThat(second.lines()).isEqualTo(first.lines());
      assertThat(cluster.scalar("""
          SELECT count(*) FROM pg_hba_file_rules
          WHERE user_name = '{app_users}' AND address = '10.20.0.0' AND auth_method = 'scram-sha-256'""",
          Long.class).block(WAIT)).isEqualTo(1L);
    } finally {
      cluster.close().block(WAIT);
    }
  }

  @Test
  void cloneRoleCopiesAttributesSettingsCommentAndMemberships(Cluster cluster) {
    String group = unique("group");
    String source = unique("source");
    String clone = unique("clone");
    cluster.executeScript(String.format("""
        CREATE ROLE %1$s;
        CREATE ROLE %2$s LOGIN CREATEDB CONNECTION LIMIT 7 VALID UNTIL '2031-01-01 00:00:00+00';
        ALTER ROLE %2$s SET work_mem = '12MB';
        ALTER ROLE %2$s SET search_path = app, public;
        COMMENT ON ROLE %2$s IS 'the original';
        GRANT %1$s TO %2$s WITH ADMIN OPTION""", group, source)).block(WAIT);
    try {
      Role copy = CloneRole.run(cluster, source, clone).block(WAIT);
      Role original = cluster.roles().get(source).block(WAIT);

      assertThat(copy.name()).isEqualTo(clone);
      assertThat(copy.oid()).isNotEqualTo(original.oid());
      assertThat(copy.script().block(WAIT)).isEqualTo(original.script().block(WAIT).replace(source, clone));
      assertThat(copy.connectionLimit()).isEqualTo(7);
      assertThat(copy.settings()).containsEntry("work_mem", "12MB");
      assertThat(copy.isMemberOf(group)).isTrue();
    } finally {
      cluster.executeScript(String.format("DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s",
          clone, source, group)).block(WAIT);
    }
  }

  @Test
  void terminateAndDisableEndsOnlyThatRolesSessionsThereAndDisablesTheOtherDatabase(PgServer server, Cluster cluster) {
    String app = unique("app");
    String db1 = unique("db1");
    String db2 = unique("db2");
    cluster.update(Sql.format("CREATE ROLE {} LOGIN PASSWORD 'app secret'", Identifier.of(app))).block(WAIT);
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(db1))).block(WAIT);
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(db2))).block(WAIT);
    Cluster appOnDb1 = Cluster.connect(LocalClusters.spec(server, db1).withUser(app, "app secret")).block(WAIT);
    Cluster appOnDb2 = Cluster.connect(LocalClusters.spec(server, db2).withUser(app, "app secret")).block(WAIT);
    Cluster adminOnDb1 = Cluster.connect(LocalClusters.spec(server, db1)).block(WAIT);
    try {
      TerminateAndDisable.Result result = TerminateAndDisable.run(cluster, app, db1, db2).block(WAIT);

      assertThat(result.terminated()).containsExactly(appOnDb1.backendPid());
      assertThat(result.disabled().allowConnections()).isFalse();
      assertThat(cluster.scalar("SELECT datallowconn FROM pg_database WHERE datname = $1", Boolean.class, db2)
          .block(WAIT)).isFalse();
      assertThat(cluster.scalar("SELECT datallowconn FROM pg_database WHERE datname = $1", Boolean.class, db1)
          .block(WAIT)).isTrue();
      // pg_terminate_backend signals and returns at once; the backend leaves shortly after
      assertThat(Mono.defer(() -> cluster.scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", Long.class,
              appOnDb1.backendPid()))
          .filter(n -> n == 0L)
          .repeatWhenEmpty(50, f -> f.delayElements(Duration.ofMillis(100)))
          .block(WAIT)).isZero();
      // the other sessions go on: the role's on the other database, another role's on the same one
      assertThat(appOnDb2.scalar("SELECT 1", Integer.class).block(WAIT)).isEqualTo(1);
      assertThat(adminOnDb1.scalar("SELECT 1", Integer.class).block(WAIT)).isEqualTo(1);
    } finally {
      appOnDb1.close().onErrorResume(e -> Mono.empty()).block(WAIT);
      appOnDb2.close().block(WAIT);
      adminOnDb1.close().block(WAIT);
      dropDatabases(cluster, db1, db2);
      cluster.update(Sql.format("DROP ROLE IF EXISTS {}", Identifier.of(app))).block(WAIT);
    }
  }

  @Test
  void backupAndRestoreCopiesTheSchemaWithoutTheData(@Server(version = 15) PgServer server, Cluster cluster) {
    String source = unique("src");
    String copy = unique("copy");
    String directory = cluster.runOsCommand("mktemp", "-d").block(WAIT).output().strip();
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(source))).block(WAIT);
    try {
      Cluster src = Cluster.connect(LocalClusters.spec(server, source)).block(WAIT);
      src.executeScript("""
          CREATE SCHEMA app;
          CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL);
          CREATE VIEW app.names AS SELECT name FROM app.items;
          INSERT INTO app.items VALUES (1, 'one'), (2, 'two')""").then(src.close()).block(WAIT);

      Database restored = BackupAndRestore.run(cluster, source, copy, directory).block(WAIT);

      assertThat(restored.name()).isEqualTo(copy);
      Cluster dst = Cluster.connect(LocalClusters.spec(server, copy)).block(WAIT);
      try {
        assertThat(dst.scalar("SELECT count(*) FROM app.items", Long.class).block(WAIT)).isZero();
        assertThat(dst.scalar("SELECT to_regclass('app.names')::text", String.class).block(WAIT)).isEqualTo("app.names");
      } finally {
        dst.close().block(WAIT);
      }
    } finally {
      dropDatabases(cluster, source, copy);
      cluster.runOsCommand("rm", "-rf", "--", directory).block(WAIT);
    }
  }

  @Test
  void moveTablesMovesEveryTableAndDropsTheOldSchema(PgServer server, Cluster cluster) {
    String db = unique("move");
    cluster.update(Sql.format("CREATE DATABASE {}", Identifier.of(db))).block(WAIT);
    try {
      Cluster inDb = Cluster.connect(LocalClusters.spec(server, db)).block(WAIT);
      try {
        inDb.executeScript("""
            CREATE SCHEMA old;
            CREATE TABLE old.a (id serial PRIMARY KEY);
            CREATE TABLE old.b (a_id int REFERENCES old.a);
            INSERT INTO old.a DEFAULT VALUES""").block(WAIT);

        List<Table> moved = MoveTables.run(inDb, "old", "fresh").block(WAIT);

        assertThat(moved).extracting(Table::schema).containsOnly("fresh");
        assertThat(moved).extracting(Table::name).containsExactlyInAnyOrder("a", "b");
        assertThat(inDb.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'old'", Long.class).block(WAIT))
            .isZero();
        assertThat(inDb.scalar("SELECT count(*) FROM fresh.a", Long.class).block(WAIT)).isEqualTo(1L);
        assertThat(inDb.scalar("SELECT nextval('fresh.a_id_seq')", Long.class).block(WAIT)).isEqualTo(2L);
      } finally {
        inDb.close().block(WAIT);
      }
    } finally {
      dropDatabases(cluster, db);
    }
  }
}
