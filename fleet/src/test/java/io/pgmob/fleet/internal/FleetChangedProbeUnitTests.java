package io.pgmob.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.fleet.AppliedChanges;
import java.util.List;
import org.junit.jupiter.api.Test;

public class FleetChangedProbeUnitTests {

  /** Shaped like a managed object kind's EnsureResult, without implementing Changed. */
  public record EnsureLike(String object, boolean changed) {}

  /** Has a changed() that is not a boolean: not a change report. */
  public record Odd(String changed) {}

  @Test
  void valuesReportUnchangedThroughChangedOrABooleanChangedMethod() {
    assertThat(ChangedProbe.unchanged(new AppliedChanges(List.of(), false))).isTrue();
    assertThat(ChangedProbe.unchanged(new AppliedChanges(List.of(), true))).isFalse();
    assertThat(ChangedProbe.unchanged(new EnsureLike("app", false))).isTrue();
    assertThat(ChangedProbe.unchanged(new EnsureLike("app", true))).isFalse();
    assertThat(ChangedProbe.unchanged(new Odd("no"))).isFalse();
    assertThat(ChangedProbe.unchanged("text")).isFalse();
    assertThat(ChangedProbe.unchanged(null)).isFalse();
  }
}
