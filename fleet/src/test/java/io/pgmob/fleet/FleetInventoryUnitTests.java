package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.session.SslMode;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.InventoryException;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetInventoryUnitTests {

  private static final String YAML = """
      defaults:
        user: admin
        password: env:PGMOB_TEST_NO_SUCH_VAR
        sslmode: require
        labels: {env: prod}
      targets:
        - name: eu-1
          host: db1.eu.internal
          labels: {region: eu, tier: gold}
        - name: eu-2
          host: db2.eu.internal
          port: 5433
          database: app
          labels: {region: eu}
        - name: us-1
          host: db1.us.internal
          user: other
          password: file:/run/secrets/us
          connect_timeout: 3
          options: {search_path: app}
          labels: {region: us, env: staging}
      """;

  @Test
  void yamlInventoryAppliesDefaultsAndKeepsCredentialsAsReferences() {
    Inventory inv = Inventory.parse(YAML, "fleet.yaml");
    assertThat(inv.targets()).extracting(Target::name).containsExactly("eu-1", "eu-2", "us-1");
    Target eu1 = inv.find("eu-1").orElseThrow();
    assertThat(eu1.labels()).containsEntry("env", "prod").containsEntry("region", "eu").containsEntry("tier", "gold");
    assertThat(eu1.spec().user()).isEqualTo("admin");
    assertThat(eu1.spec().port()).isEqualTo(5432);
    assertThat(eu1.spec().database()).isEqualTo("postgres");
    assertThat(eu1.spec().sslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(eu1.spec().name()).isEqualTo("eu-1");
    assertThat(eu1.credentials().reference()).isEqualTo("env:PGMOB_TEST_NO_SUCH_VAR");
    Target eu2 = inv.find("eu-2").orElseThrow();
    assertThat(eu2.spec().port()).isEqualTo(5433);
    assertThat(eu2.spec().database()).isEqualTo("app");
    Target us1 = inv.find("us-1").orElseThrow();
    assertThat(us1.labels()).containsEntry("env", "staging");
    assertThat(us1.spec().user()).isEqualTo("other");
    assertThat(us1.spec().options()).containsEntry("search_path", "app");
    assertThat(us1.toString()).contains("file:/run/secrets/us");
    // reading a missing variable is a clear error, never a null password
    assertThatThrownBy(() -> eu1.credentials().get()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("PGMOB_TEST_NO_SUCH_VAR");
  }

  @Test
  void jsonIsAcceptedToo() {
    Inventory inv = Inventory.parse("{\"targets\": [{\"name\": \"a\", \"host\": \"h\", \"user\": \"u\","
        + " \"labels\": {\"env\": \"dev\"}}]}", "fleet.json");
    assertThat(inv.select("env=dev")).extracting(Target::name).containsExactly("a");
  }

  @Test
  void fileCredentialsAreReadOnUseAndNeverPrinted(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("pw");
    Files.writeString(secret, "hunter2\n");
    Credentials c = Credentials.file(secret);
    assertThat(c.get().toString()).isEqualTo("hunter2");
    assertThat(c.toString()).doesNotContain("hunter2");
    Target t = Target.builder("t").host("h").user("u").credentials(Credentials.literal("hunter2")).build();
    assertThat(t.toString()).doesNotContain("hunter2").contains("***");
    assertThat(t.spec().toString()).doesNotContain("hunter2");
  }

  @Test
  void loadReadsAFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("fleet.yaml");
    Files.writeString(f, YAML);
    assertThat(Inventory.load(f).size()).isEqualTo(3);
  }

  private static InventoryException error(String yaml) {
    try {
      Inventory.parse(yaml, "bad.yaml");
    } catch (InventoryException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void errorsNameLineColumnAndField() {
    InventoryException port = error("""
        targets:
          - name: a
            host: h
            user: u
            port: 70000
        """);
    assertThat(port.line()).isEqualTo(5);
    assertThat(port.column()).isEqualTo(11);
    assertThat(port.field()).isEqualTo("targets[0].port");
    assertThat(port).hasMessage("bad.yaml:5:11: targets[0].port: port must be between 1 and 65535, got 70000");

    InventoryException unknown = error("""
        targets:
          - name: a
            host: h
            user: u
          - name: b
            hots: h
        """);
    assertThat(unknown.line()).isEqualTo(6);
    assertThat(unknown.field()).isEqualTo("targets[1].hots");
    assertThat(unknown.getMessage()).contains("unknown field");

    InventoryException literal = error("""
        targets:
          - {name: a, host: h, user: u, password: hunter2}
        """);
    assertThat(literal.field()).isEqualTo("targets[0].password");
    assertThat(literal.getMessage()).contains("env:NAME, file:PATH").doesNotContain("hunter2");

    InventoryException dup = error("""
        targets:
          - {name: a, host: h, user: u}
          - {name: a, host: h2, user: u}
        """);
    assertThat(dup.line()).isEqualTo(3);
    assertThat(dup.getMessage()).contains("duplicate target name 'a'");

    InventoryException noUser = error("""
        targets:
          - {name: a, host: h}
        """);
    assertThat(noUser.field()).isEqualTo("targets[0].user");

    InventoryException syntax = error("""
        targets:
          - name: a
           host: [
        """);
    assertThat(syntax.line()).isPositive();
    assertThat(syntax.getMessage()).contains("not valid YAML/JSON");

    InventoryException label = error("""
        targets:
          - {name: a, host: h, user: u, labels: {"bad key": x}}
        """);
    assertThat(label.field()).isEqualTo("targets[0].labels.bad key");

    assertThat(error("targets: {}").getMessage()).contains("targets: must be a list");
    assertThat(error("- a").getMessage()).contains("mapping");
  }

  @Test
  void selectorsMatchLabelsAndNames() {
    Inventory inv = Inventory.parse(YAML, "fleet.yaml");
    assertThat(names(inv, "env=prod,region=eu")).containsExactly("eu-1", "eu-2");
    assertThat(names(inv, "region=eu|us,env!=prod")).containsExactly("us-1");
    assertThat(names(inv, "tier")).containsExactly("eu-1");
    assertThat(names(inv, "!tier,region=eu")).containsExactly("eu-2");
    assertThat(names(inv, "name=eu-*")).containsExactly("eu-1", "eu-2");
    assertThat(names(inv, "")).hasSize(3);
    assertThat(names(inv, "*")).hasSize(3);
    assertThat(Selector.parse(" env = prod , region = eu ").toString()).isEqualTo("env = prod , region = eu");
    assertThatThrownBy(() -> Selector.parse("env=prod,,region=eu")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty term");
    assertThatThrownBy(() -> Selector.parse("=prod")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Selector.parse("env=")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty value");
    assertThatThrownBy(() -> Selector.parse("e nv=x")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid label key");
  }

  private static List<String> names(Inventory inv, String selector) {
    return inv.select(selector).stream().map(Target::name).toList();
  }

  @Test
  void aRemoteTargetWithoutSslmodeIsEncryptedAndVerifiedWhenACaIsGiven() {
    assertThat(Target.builder("r").host("db1.eu.internal").user("u").build().spec().sslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(Target.builder("r").host("10.1.2.3").user("u").sslRootCert(Path.of("/etc/ca.pem")).build().spec().sslMode())
        .isEqualTo(SslMode.VERIFY_FULL);
    assertThat(Target.builder("l").host("127.0.0.1").user("u").build().spec().sslMode()).isEqualTo(SslMode.PREFER);
    assertThat(Target.builder("l").host("localhost").user("u").build().spec().sslMode()).isEqualTo(SslMode.PREFER);
    assertThat(Target.builder("d").host("db1.eu.internal").user("u").sslMode(SslMode.DISABLE).build().spec().sslMode())
        .isEqualTo(SslMode.DISABLE);
    Target t = Target.builder("d").host("db1.eu.internal").user("u").sslMode(SslMode.PREFER).build();
    assertThat(t.mayBeUnencrypted()).isTrue();
    assertThat(Target.builder("r").host("db1").user("u").build().mayBeUnencrypted()).isFalse();
  }

  @Test
  void inventoryTlsParametersAreReadAndDirectNegotiationIsRefused() {
    Inventory inv = Inventory.parse("""
        defaults: {user: u, sslrootcert: /etc/pgmob/ca.pem}
        targets:
          - {name: a, host: db1, sslcert: /etc/pgmob/a.crt, sslkey: /etc/pgmob/a.pk8, sslpassword: env:KEY_PW}
        """, "inv.yaml");
    Target a = inv.select(Selector.all()).get(0);
    assertThat(a.spec().sslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(a.spec().sslRootCert()).isEqualTo(Path.of("/etc/pgmob/ca.pem"));
    assertThat(a.spec().sslKey()).isEqualTo(Path.of("/etc/pgmob/a.pk8"));
    assertThat(a.sslPassword().reference()).isEqualTo("env:KEY_PW");
    assertThatThrownBy(() -> Inventory.parse("targets:\n  - {name: a, host: h, user: u, sslnegotiation: direct}\n", "x.yaml"))
        .isInstanceOf(InventoryException.class).hasMessageContaining("sslnegotiation").hasMessageContaining("direct");
  }
}
