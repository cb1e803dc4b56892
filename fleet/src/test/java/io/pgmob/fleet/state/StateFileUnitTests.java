package io.pgmob.fleet.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.session.ConnectionSpec;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.state.Decls.Desired;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading and validating state files, and composing blocks per target; no server involved. */
class StateFileUnitTests {

  private static final String GOOD = """
      apiVersion: pgmob/v1
      external_roles: [monitoring]
      blocks:
        - roles:
            - name: reader
            - name: app
              login: true
              password: env:APP_PASSWORD
              connection_limit: 5
              settings: {statement_timeout: 30s, search_path: [app, public]}
              member_of: [reader, {role: monitoring, admin: true}]
          databases:
            - name: appdb
              owner: app
              grants:
                - {to: reader, privileges: [CONNECT, TEMP]}
              schemas:
                - name: rep
                  owner: app
                  grants: [{to: PUBLIC, privileges: [USAGE]}]
        - select: env=prod
          roles:
            - name: app
              connection_limit: 50
          exclusive: {roles: "app_*", reassign_owned_to: app}
      """;

  private static Target target(String name, Map<String, String> labels) {
    return Target.of(name, ConnectionSpec.builder().host("localhost").user("u").build(), labels);
  }

  private static StateFileException refused(String text) {
    try {
      FleetState.parse(text, "state.yaml");
    } catch (StateFileException e) {
      return e;
    }
    throw new AssertionError("accepted:\n" + text);
  }

  @Test
  void blocksComposeInFileOrderLaterFieldsOverrideAndGrantsAddUp() {
    FleetState state = FleetState.parse(GOOD, "state.yaml");
    Desired prod = state.desired(target("p", Map.of("env", "prod")));
    Desired dev = state.desired(target("d", Map.of("env", "dev")));

    assertThat(prod.roles().get("app").connectionLimit()).isEqualTo(50);
    assertThat(prod.roles().get("app").attributes()).containsEntry("login", true);
    assertThat(prod.roles().get("app").password().reference()).isEqualTo("env:APP_PASSWORD");
    assertThat(prod.roles().get("app").memberOf()).containsExactly(Map.entry("reader", false), Map.entry("monitoring", true));
    assertThat(prod.roles().get("app").settings()).containsEntry("search_path", List.of("app", "public"));
    assertThat(prod.exclusive()).singleElement().satisfies(e -> {
      assertThat(e.matches("app_old")).isTrue();
      assertThat(e.matches("app")).isFalse();
    });
    assertThat(dev.roles().get("app").connectionLimit()).isEqualTo(5);
    assertThat(dev.exclusive()).isEmpty();
    assertThat(dev.databases().get("appdb").schemas().get("rep").grants()).hasSize(1);
  }

  @Test
  void aGroupIsOrderedBeforeItsMembers() {
    FleetState state = FleetState.parse("""
        apiVersion: pgmob/v1
        blocks:
          - roles:
              - {name: a, member_of: [b]}
              - {name: b, member_of: [c]}
              - {name: c}
        """, "s.yaml");
    assertThat(Planner.ordered(state.desired(target("t", Map.of())).roles()))
        .extracting(Decls.RoleDecl::name).containsExactly("c", "b", "a");
  }

  @Test
  void anUnknownFieldIsRefusedWithFileLineColumnAndField() {
    StateFileException e = refused("""
        apiVersion: pgmob/v1
        blocks:
          - roles:
              - name: app
                logn: true
        """);
    assertThat(e.getMessage()).startsWith("state.yaml:5:15: blocks[0].roles[0].logn: unknown field");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.field()).isEqualTo("blocks[0].roles[0].logn");
  }

  @Test
  void aWrongTypeIsRefusedNamingTheExpectedType() {
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - roles:
              - name: app
                login: "yes"
        """).getMessage()).isEqualTo("state.yaml:5:16: blocks[0].roles[0].login: must be true or false, not a string");
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - databases:
              - {name: d, connection_limit: many}
        """).getMessage()).isEqualTo("state.yaml:4:37: blocks[0].databases[0].connection_limit: must be an integer, not a string");
  }

  @Test
  void anInlinePasswordIsRefusedWithoutEchoingIt() {
    StateFileException e = refused("""
        apiVersion: pgmob/v1
        blocks:
          - roles:
              - name: app
                password: hunter2-secret
        """);
    assertThat(e.getMessage()).startsWith("state.yaml:5:19: blocks[0].roles[0].password: a password reference must be "
        + "env:NAME or file:PATH").doesNotContain("hunter2");
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - roles:
              - {name: app, password: 123456}
        """).getMessage()).contains("blocks[0].roles[0].password: must be a reference").doesNotContain("123456");
  }

  @Test
  void aGrantToARoleNeitherDeclaredNorExternalIsRefused() {
    StateFileException e = refused("""
        apiVersion: pgmob/v1
        external_roles: [monitoring]
        blocks:
          - roles: [{name: app, member_of: [monitoring]}]
            databases:
              - name: d
                grants:
                  - {to: raeder, privileges: [CONNECT]}
        """);
    assertThat(e.getMessage()).startsWith("state.yaml:8:18: blocks[0].databases[0].grants[0].to: role 'raeder' is "
        + "neither declared in the file nor listed in external_roles");
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - roles: [{name: app, member_of: [ghost]}]
        """).field()).isEqualTo("blocks[0].roles[0].member_of[0]");
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - databases: [{name: d, owner: ghost}]
        """).field()).isEqualTo("blocks[0].databases[0].owner");
  }

  @Test
  void aPrivilegeThatDoesNotApplyToTheObjectIsRefused() {
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - roles: [{name: r}]
            databases:
              - {name: d, grants: [{to: r, privileges: [SELECT]}]}
        """).getMessage()).contains("blocks[0].databases[0].grants[0].privileges[0]: 'SELECT' is not a privilege on a "
        + "database (one of [CREATE, TEMPORARY, CONNECT])");
  }

  @Test
  void exclusiveMustSayWhatItOwnsAndNameKnownRoles() {
    FleetState s = FleetState.parse("""
        apiVersion: pgmob/v1
        blocks:
          - roles: [{name: g}, {name: m, member_of: [g]}]
            exclusive: {grants: true, members: [g]}
        """, "state.yaml");
    Decls.Desired d = s.desired(target("t", Map.of()));
    assertThat(d.exclusiveGrants()).isTrue();
    assertThat(d.exclusiveMemberships()).containsExactly("g");
    assertThat(d.exclusive()).singleElement().satisfies(e -> assertThat(e.matches("g")).isFalse());
    assertThat(FleetState.parse("apiVersion: pgmob/v1\nblocks: [{roles: [{name: g}]}]\n", "s.yaml")
        .desired(target("t", Map.of())).exclusiveGrants()).isFalse();

    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - exclusive: {}
        """).getMessage()).contains("blocks[0].exclusive: says nothing is exclusive");
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - roles: [{name: app}]
            exclusive: {grants: true, reassign_owned_to: app}
        """).field()).isEqualTo("blocks[0].exclusive.reassign_owned_to");
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - exclusive: {members: [ghost]}
        """).getMessage()).startsWith("state.yaml:3:27: blocks[0].exclusive.members[0]: role 'ghost' is neither declared");
    assertThat(refused("""
        apiVersion: pgmob/v1
        blocks:
          - exclusive: {grants: "yes"}
        """).getMessage()).contains("blocks[0].exclusive.grants: must be true or false, not a string");
  }

  @Test
  void aMissingOrOtherApiVersionIsRefused() {
    assertThat(refused("blocks: []\n").getMessage()).isEqualTo("state.yaml:1:1: apiVersion: missing (write apiVersion: pgmob/v1)");
    assertThat(refused("apiVersion: pgmob/v9\nblocks: []\n").getMessage())
        .isEqualTo("state.yaml:1:13: apiVersion: unsupported version 'pgmob/v9' (this pgmob reads pgmob/v1)");
  }

  @Test
  void jsonIsReadToo() {
    FleetState s = FleetState.parse("""
        {"apiVersion": "pgmob/v1", "blocks": [{"select": "env=prod", "roles": [{"name": "r", "login": false}]}]}
        """, "state.json");
    assertThat(s.desired(target("t", Map.of("env", "prod"))).roles()).containsKey("r");
    assertThat(refused("{\"apiVersion\": \"pgmob/v1\", \"blocks\": [{\"roles\": [{\"name\": 5}]}]}").getMessage())
        .isEqualTo("state.yaml:1:59: blocks[0].roles[0].name: must be a string, not an integer");
  }
}
