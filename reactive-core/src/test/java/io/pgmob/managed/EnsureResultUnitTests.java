package io.pgmob.managed;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsureResultUnitTests {

  @Test
  void anEnsureResultSaysThroughChangedWhetherItAppliedAnything() {
    Changed unchanged = new EnsureResult<>("app", List.of(), false);
    Changed changed = new EnsureResult<>("app", List.of(Change.of("create role \"app\"", Sql.raw("CREATE ROLE app"))),
        true);
    assertThat(unchanged.changed()).isFalse();
    assertThat(changed.changed()).isTrue();
  }
}
