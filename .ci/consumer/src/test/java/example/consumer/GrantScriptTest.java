package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantScriptTest {

  @Test
  void quotesRoleNamesAndLiteralsThroughTheInstalledArtifacts() {
    List<String> statements = GrantScript.connectionLimits(List.of("app", "Reporting"), 20)
        .map(Object::toString)
        .collectList()
        .block();
    assertEquals(List.of(
        "ALTER ROLE \"app\" CONNECTION LIMIT 20",
        "ALTER ROLE \"Reporting\" CONNECTION LIMIT 20"), statements);
    assertEquals("COMMENT ON ROLE \"app\" IS 'it''s ours'", GrantScript.comment("app", "it's ours").toString());
  }
}
