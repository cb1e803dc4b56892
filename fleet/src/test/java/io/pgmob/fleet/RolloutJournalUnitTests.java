package io.pgmob.fleet;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.ConnectionLostException;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.RolloutJournal;
import io.pgmob.error.InvalidInputException;
import io.pgmob.password.Password;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RolloutJournal}: torn writes, the binding to one operation, what needs reconciling next. */
class RolloutJournalUnitTests {

  private static final OperationIdentity OP = OperationIdentity.of("op");

  private static ClusterResult<Object> result(String name, Outcome o, Throwable error) {
    Target t = Target.builder(name).host("h").user("u").build();
    Instant at = Instant.EPOCH;
    return new ClusterResult<>(t, o, null, error, null, 1, new Timings(at, at, Duration.ZERO, Duration.ofMillis(3)), null);
  }

  @Test
  void aTornLastRecordIsTreatedAlikeByReadAndOpenAtEveryByte(@TempDir Path dir) throws Exception {
    Path full = dir.resolve("full.journal");
    try (RolloutJournal j = RolloutJournal.open(full, "r", OP, false)) {
      j.execution("op", 2, false).block(TIMEOUT);
      j.started("a", 0).block(TIMEOUT);
      j.finished(result("a", Outcome.SUCCEEDED, null), 0).block(TIMEOUT);
      j.started("b", 0).block(TIMEOUT);
      j.finished(result("b", Outcome.SUCCEEDED, null), 0).block(TIMEOUT);
    }
    byte[] bytes = Files.readAllBytes(full);
    int lastStart = bytes.length - 1;
    while (bytes[lastStart - 1] != '\n') {
      lastStart--;
    }
    for (int cut = lastStart; cut <= bytes.length; cut++) {
      Path p = dir.resolve("cut-" + cut + ".journal");
      Files.write(p, Arrays.copyOf(bytes, cut));
      RolloutJournal.State before = RolloutJournal.read(p);
      // b's outcome counts once the record is whole (its closing brace), newline or not
      boolean whole = cut >= bytes.length - 1;
      assertThat(before.done()).as("cut at %d of %d", cut, bytes.length)
          .containsExactlyInAnyOrderElementsOf(whole ? List.of("a", "b") : List.of("a"));
      assertThat(before.interrupted()).as("cut at %d", cut).isEqualTo(whole ? java.util.Set.of() : java.util.Set.of("b"));
      try (RolloutJournal j = RolloutJournal.open(p, "r", OP, false)) {
        assertThat(j.state().done()).as("cut at %d", cut).isEqualTo(before.done());
      }
      RolloutJournal.State after = RolloutJournal.read(p);
      assertThat(after.done()).as("after open, cut at %d", cut).isEqualTo(before.done());
      assertThat(after.interrupted()).as("after open, cut at %d", cut).isEqualTo(before.interrupted());
      assertThat(after.tornTail()).isFalse();
      assertThat(Files.readString(p)).endsWith("\n");
      // and the next record lands on its own line
      try (RolloutJournal j = RolloutJournal.open(p, "r", OP, false)) {
        j.completed().block(TIMEOUT);
      }
      RolloutJournal.State appended = RolloutJournal.read(p);
      assertThat(appended.lastEvent()).as("cut at %d", cut).isEqualTo("completed");
      assertThat(appended.done()).isEqualTo(before.done());
    }
  }

  @Test
  void aJournalIsBoundToItsOperationAndItsInputsWithoutKeepingSecrets(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("rotate.journal");
    OperationIdentity first = OperationIdentity.of("rotate the password of role app", "app")
        .withSecret(Password.plain("first-Secret-1"));
    OperationIdentity second = OperationIdentity.of("rotate the password of role app", "app")
        .withSecret(Password.plain("second-Secret-2"));
    try (RolloutJournal j = RolloutJournal.open(p, "rotate-password-app", first, false)) {
      j.execution("rotate", 1, false).block(TIMEOUT);
      j.started("a", 0).block(TIMEOUT);
      j.finished(result("a", Outcome.SUCCEEDED, null), 0).block(TIMEOUT);
    }
    String text = Files.readString(p);
    assertThat(text).doesNotContain("first-Secret-1").contains("\"fingerprint\"").contains("\"salt\"")
        .contains("rotate the password of role app");

    // the same operation with the same password resumes
    try (RolloutJournal j = RolloutJournal.open(p, "rotate-password-app",
        OperationIdentity.of("rotate the password of role app", "app").withSecret(Password.plain("first-Secret-1")), false)) {
      assertThat(j.state().done()).containsExactly("a");
    }
    // another password: refused, naming both operations
    assertThatThrownBy(() -> RolloutJournal.open(p, "rotate-password-app", second, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("was written by another operation")
        .hasMessageContaining("different inputs")
        .hasMessageContaining("--new-journal")
        .hasMessageNotContaining("second-Secret-2");
    // another operation: refused, naming both
    assertThatThrownBy(() -> RolloutJournal.open(p, "rotate-password-app", OperationIdentity.of("ensure role app"), false))
        .hasMessageContaining("\"rotate the password of role app\"").hasMessageContaining("\"ensure role app\"");
    // on request, a new journal: the old one is kept aside
    try (RolloutJournal j = RolloutJournal.open(p, "rotate-password-app", second, true)) {
      assertThat(j.state().done()).isEmpty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anySatisfy(n -> assertThat(n).startsWith("rotate.journal.replaced-"));
    }
    try (RolloutJournal j = RolloutJournal.open(p, "rotate-password-app", second, false)) {
      assertThat(j.state().rollout()).isEqualTo("rotate-password-app");
    }
    assertThatThrownBy(() -> RolloutJournal.open(p, "rotate-password-app", first, false))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aJournalWithoutHeaderIsRefusedRatherThanTrusted(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("old.journal");
    Files.writeString(p, "{\"type\":\"execution\",\"rollout\":\"r\",\"operation\":\"op\",\"total\":1}\n"
        + "{\"type\":\"started\",\"rollout\":\"r\",\"cluster\":\"a\",\"wave\":0}\n"
        + "{\"type\":\"finished\",\"rollout\":\"r\",\"cluster\":\"a\",\"wave\":0,\"outcome\":\"SUCCEEDED\"}\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> RolloutJournal.open(p, "r", OP, false)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no operation fingerprint");
  }

  @Test
  void cancelledAndEffectUnknownClustersStayToReconcileUntilAnOutcomeIsKnown(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("j.journal");
    try (RolloutJournal j = RolloutJournal.open(p, "r", OP, false)) {
      j.execution("op", 4, false).block(TIMEOUT);
      j.started("cancelled", 0).block(TIMEOUT);
      j.cancelled("cancelled", 0);
      j.started("unknown", 0).block(TIMEOUT);
      j.finished(result("unknown", Outcome.FAILED, new Failures.EffectUnknownException("unknown",
          new ConnectionLostException("connection reset", "unknown", null, null))), 0).block(TIMEOUT);
      j.started("failed", 0).block(TIMEOUT);
      j.finished(result("failed", Outcome.FAILED, new IllegalStateException("permission denied")), 0).block(TIMEOUT);
      j.started("died", 0).block(TIMEOUT);
    }
    RolloutJournal.State s = RolloutJournal.read(p);
    assertThat(s.interrupted()).containsExactlyInAnyOrder("cancelled", "unknown", "died");
    assertThat(s.done()).isEmpty();
    // a further execution that halted before reaching them changes nothing
    try (RolloutJournal j = RolloutJournal.open(p, "r", OP, false)) {
      j.execution("op", 4, true).block(TIMEOUT);
      j.halted("threshold").block(TIMEOUT);
    }
    assertThat(RolloutJournal.read(p).interrupted()).containsExactlyInAnyOrder("cancelled", "unknown", "died");
    // an execution that reconciled one and found it applied
    try (RolloutJournal j = RolloutJournal.open(p, "r", OP, false)) {
      j.started("unknown", 0).block(TIMEOUT);
      j.finished(result("unknown", Outcome.SUCCEEDED, null), 0).block(TIMEOUT);
    }
    assertThat(RolloutJournal.read(p).interrupted()).containsExactlyInAnyOrder("cancelled", "died");
    assertThat(RolloutJournal.read(p).done()).containsExactly("unknown");
  }
}
