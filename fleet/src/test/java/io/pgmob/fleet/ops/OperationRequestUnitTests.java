package io.pgmob.fleet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.backup.Format;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.password.Password;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OperationRequestUnitTests {

  private static final Function<String, Password> PASSWORDS = ref -> {
    if (ref.equals("env:PW")) {
      return Password.plain("s3cret-value");
    }
    throw new IllegalArgumentException("environment variable " + ref.substring(4) + " is not set");
  };

  private static List<InvalidRequestException.FieldError> errors(Runnable r) {
    try {
      r.run();
    } catch (InvalidRequestException e) {
      return e.errors();
    }
    throw new AssertionError("no InvalidRequestException");
  }

  private static List<String> fields(Runnable r) {
    return errors(r).stream().map(InvalidRequestException.FieldError::field).toList();
  }

  @Test
  void jsonBindsEachOperationToTheSameOperationTheRecordBuilds() {
    assertThat(describe("{\"type\":\"sql\",\"sql\":\"ANALYZE\"}")).isEqualTo(new OperationRequest.Sql("ANALYZE")
        .operation(PASSWORDS).describe());
    assertThat(describe("{\"type\":\"rotate-password\",\"role\":\"app\",\"passwordRef\":\"env:PW\"}"))
        .isEqualTo("rotate the password of role app");
    assertThat(describe("{\"type\":\"ensure-role\",\"role\":\"app\",\"login\":true,\"connectionLimit\":5,"
        + "\"memberOf\":[\"pg_read_all_data\"],\"inherit\":false}")).isEqualTo("ensure role app");
    assertThat(describe("{\"type\":\"grant\",\"privileges\":[\"SELECT\",\"INSERT\"],\"on\":\"all-tables:app\",\"to\":\"r\","
        + "\"revoke\":true}")).startsWith("revoke ").contains("from r");
    assertThat(describe("{\"type\":\"hba-add\",\"rule\":\"host all all 10.0.0.0/8 scram-sha-256\",\"first\":true}"))
        .contains("add pg_hba.conf rule host");
    assertThat(describe("{\"type\":\"hba-remove\",\"rule\":\"host all all 0.0.0.0/0 trust\"}"))
        .contains("remove pg_hba.conf rule");
    assertThat(describe("{\"type\":\"backup\",\"database\":\"app\",\"path\":\"/b/{cluster}.dump\",\"format\":\"plain\"}"))
        .isEqualTo("back up database app");
    OperationRequest backup = OperationRequests.fromJson("{\"type\":\"backup\",\"database\":\"app\",\"path\":\"p\",\"format\":\"TAR\"}");
    assertThat(backup).isEqualTo(new OperationRequest.Backup("app", "p", Format.TAR, false));
  }

  private static String describe(String json) {
    FleetOperation<?> op = OperationRequests.fromJson(json).operation(PASSWORDS);
    return op.describe();
  }

  @Test
  void everyMissingOrWrongFieldIsNamedAtOnce() {
    assertThat(errors(() -> new OperationRequest.Grant(List.of("SELEKT"), "bogus", " ", null, false, false)
        .operation(PASSWORDS)))
        .extracting(InvalidRequestException.FieldError::field, e -> e.message().split(";")[0])
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("privileges", "unknown privilege 'SELEKT'"),
            org.assertj.core.groups.Tuple.tuple("on", "grant target 'bogus' must look like KIND:NAME"),
            org.assertj.core.groups.Tuple.tuple("to", "required"));
    assertThat(fields(() -> new OperationRequest.RotatePassword(null, null).operation(PASSWORDS)))
        .containsExactly("role", "passwordRef");
    assertThat(errors(() -> new OperationRequest.RotatePassword("app", "env:NOPE").operation(PASSWORDS)))
        .singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("passwordRef"))
        .satisfies(e -> assertThat(e.message()).contains("NOPE is not set"));
    assertThat(fields(() -> new OperationRequest.Backup(null, "", null, false).operation(PASSWORDS)))
        .containsExactly("database", "path");
    assertThat(fields(() -> new OperationRequest.HbaAdd("host all all 10.0.0.0/8 md5", true, "1", null)
        .operation(PASSWORDS))).containsExactly("before");
    assertThat(errors(() -> new OperationRequest.HbaAdd("host all all 10.0.0.0/8 md5", false, "0", null)
        .operation(PASSWORDS))).singleElement().satisfies(e -> assertThat(e.message()).contains("count from 1"));
    assertThat(fields(() -> new OperationRequest.HbaRemove("hots all all").operation(PASSWORDS))).containsExactly("rule");
    assertThat(fields(() -> new OperationRequest.Sql("  ").operation(PASSWORDS))).containsExactly("sql");
    assertThat(fields(() -> new OperationRequest.EnsureRole("app", null, null, null, null, -7, null, null, null)
        .operation(PASSWORDS))).containsExactly("connectionLimit");
  }

  @Test
  void ensureRoleGrantsBindFromJsonAndEachWrongOneIsNamedByItsIndex() {
    OperationRequest bound = OperationRequests.fromJson("{\"type\":\"ensure-role\",\"role\":\"app\","
        + "\"passwordRef\":\"env:PW\",\"grants\":[\"CONNECT:database:app\",\"usage:schema:app\"]}");
    assertThat(bound).isEqualTo(new OperationRequest.EnsureRole("app", null, null, null, null, null, null, "env:PW",
        List.of("CONNECT:database:app", "usage:schema:app")));
    assertThat(bound.operation(PASSWORDS).describe())
        .isEqualTo("ensure role app with [CONNECT] on database \"app\", [USAGE] on schema \"app\"");
    assertThat(errors(() -> OperationRequests.fromJson("{\"type\":\"ensure-role\",\"role\":\"app\",\"grants\":\"x\"}")))
        .singleElement().isEqualTo(new InvalidRequestException.FieldError("grants", "must be an array of strings"));

    List<InvalidRequestException.FieldError> wrong = errors(() -> new OperationRequest.EnsureRole("app", null, null,
        null, null, null, null, null, List.of("CONNECT:database:app", "CONNECT", "SELEKT:schema:s", "USAGE:scheme:s", " "))
        .operation(PASSWORDS));
    assertThat(wrong).extracting(InvalidRequestException.FieldError::field)
        .containsExactly("grants[1]", "grants[2]", "grants[3]", "grants[4]");
    assertThat(wrong.get(0).message()).contains("must look like PRIVILEGE[,PRIVILEGE]:KIND:OBJECT");
    assertThat(wrong.get(1).message()).contains("unknown privilege 'SELEKT'");
    assertThat(wrong.get(2).message()).contains("unknown grant target kind 'scheme'", "schema:NAME");
    assertThat(wrong.get(3).message()).contains("empty");
    // a privilege the target cannot take is refused as the grant command refuses it
    assertThat(fields(() -> new OperationRequest.EnsureRole("app", null, null, null, null, null, null, null,
        List.of("SELECT:database:app")).operation(PASSWORDS))).containsExactly("grants[0]");
  }

  @Test
  void jsonValuesOfTheWrongTypeAreNamedNotConverted() {
    assertThat(errors(() -> OperationRequests.fromJson("{\"type\":\"ensure-role\",\"role\":\"app\",\"login\":\"yes\"}")))
        .singleElement().isEqualTo(new InvalidRequestException.FieldError("login", "must be true or false"));
    assertThat(errors(() -> OperationRequests.fromJson("{\"type\":\"ensure-role\",\"role\":\"app\",\"connectionLimit\":1.5}")))
        .singleElement().isEqualTo(new InvalidRequestException.FieldError("connectionLimit", "must be a whole number"));
    assertThat(errors(() -> OperationRequests.fromJson("{\"type\":\"rotate-password\",\"role\":42}")))
        .singleElement().isEqualTo(new InvalidRequestException.FieldError("role", "must be a string"));
    assertThat(errors(() -> OperationRequests.fromJson("{\"type\":\"grant\",\"privileges\":\"SELECT\"}")))
        .singleElement().isEqualTo(new InvalidRequestException.FieldError("privileges", "must be an array of strings"));
    assertThat(errors(() -> OperationRequests.fromJson("{\"type\":\"backup\",\"format\":\"zip\"}")))
        .singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("format"))
        .satisfies(e -> assertThat(e.message()).contains("custom", "plain"));
    assertThat(fields(() -> OperationRequests.fromJson("{\"type\":\"drop-everything\"}"))).containsExactly("type");
    assertThat(fields(() -> OperationRequests.fromJson("{\"sql\":\"x\"}"))).containsExactly("type");
    assertThat(fields(() -> OperationRequests.fromJson("[1]"))).containsExactly("operation");
    assertThatThrownBy(() -> OperationRequests.fromJson(
        "{\"type\":\"rotate-password\",\"role\":\"app\",\"password\":\"hunter2\"}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("passwordRef").hasMessageNotContaining("hunter2");
  }

  @Test
  void defaultNamePartsNeverCarryTheSecret() {
    assertThat(new OperationRequest.RotatePassword("app", "env:PW").nameParts()).containsExactly("rotate-password", "app");
    assertThat(new OperationRequest.Grant(List.of("SELECT"), "schema:a", "r", null, true, false).nameParts())
        .containsExactly("revoke", "SELECT", "schema:a", "r", "null", "false");
    assertThat(new OperationRequest.HbaAdd("host  all all 10.0.0.0/8   md5", false, null, null).nameParts())
        .containsExactly("hba-add", "host all all 10.0.0.0/8 md5");
  }
}
