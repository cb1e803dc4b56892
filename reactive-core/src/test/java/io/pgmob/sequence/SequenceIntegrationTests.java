package io.pgmob.sequence;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.managed.EnsureResult;
import io.pgmob.testkit.PgTest;
import org.junit.jupiter.api.Test;

@PgTest
class SequenceIntegrationTests {

  @Test
  void createReadAdvanceAlterScriptAndDrop(Cluster cluster) {
    cluster.executeScript("CREATE SCHEMA seq_a; CREATE SCHEMA seq_b; CREATE ROLE seq_owner NOLOGIN").block(TIMEOUT);
    try {
      Sequence s = cluster.sequences().create(SequenceSpec.builder("seq_a", "Order No").dataType("int4").start(100L)
          .minValue(10L).maxValue(1000L).increment(5L).cache(1L).owner("seq_owner").build()).block(TIMEOUT);
      assertThat(s.dataType()).isEqualTo("integer");
      assertThat(s.start()).isEqualTo(100);
      assertThat(s.minValue()).isEqualTo(10);
      assertThat(s.maxValue()).isEqualTo(1000);
      assertThat(s.increment()).isEqualTo(5);
      assertThat(s.cycle()).isFalse();
      assertThat(s.owner()).isEqualTo("seq_owner");
      assertThat(s.lastValue()).isNull();

      assertThat(s.nextval().block(TIMEOUT)).isEqualTo(100L);
      assertThat(s.nextval().block(TIMEOUT)).isEqualTo(105L);
      assertThat(s.currval().block(TIMEOUT)).isEqualTo(105L);
      assertThat(s.setval(500).block(TIMEOUT)).isEqualTo(500L);
      assertThat(s.nextval().block(TIMEOUT)).isEqualTo(505L);
      assertThat(s.setval(20, false).block(TIMEOUT)).isEqualTo(20L);
      assertThat(s.nextval().block(TIMEOUT)).isEqualTo(20L);
      assertThat(s.refresh().block(TIMEOUT).lastValue()).isEqualTo(20L);

      SequenceAlteration a = s.alter().increment(1).maxValue(30).start(10).cycle(true).dataType("bigint").rename("order_no").schema("seq_b");
      assertThat(a.plan().statements()).containsExactly(
          "ALTER SEQUENCE \"seq_a\".\"Order No\" AS bigint INCREMENT BY 1 MAXVALUE 30 START WITH 10 CYCLE;",
          "ALTER SEQUENCE \"seq_a\".\"Order No\" RENAME TO \"order_no\";",
          "ALTER SEQUENCE \"seq_a\".\"order_no\" SET SCHEMA \"seq_b\";");
      Sequence moved = a.apply().block(TIMEOUT);
      assertThat(moved.qualifiedName().text()).isEqualTo("\"seq_b\".\"order_no\"");
      assertThat(moved.dataType()).isEqualTo("bigint");
      assertThat(moved.cycle()).isTrue();
      assertThat(moved.alter().restart(29).apply().then(moved.nextval()).block(TIMEOUT)).isEqualTo(29L);
      assertThat(moved.nextval().block(TIMEOUT)).isEqualTo(30L);
      assertThat(moved.nextval().block(TIMEOUT)).isEqualTo(10L); // cycled

      String script = moved.refresh().flatMap(Sequence::script).block(TIMEOUT);
      assertThat(script).contains("CREATE SEQUENCE \"seq_b\".\"order_no\" AS bigint INCREMENT BY 1 MINVALUE 10 MAXVALUE 30"
          + " START WITH 10 CACHE 1 CYCLE;", "OWNER TO \"seq_owner\";", "SELECT setval('\"seq_b\".\"order_no\"'::regclass, 10, true);");
      moved.drop(false).block(TIMEOUT);
      assertThat(cluster.sequences().contains("seq_b.order_no").block(TIMEOUT)).isFalse();
      cluster.executeScript(script).block(TIMEOUT);
      Sequence back = cluster.sequences().refresh().then(reactor.core.publisher.Mono.defer(
          () -> cluster.sequences().get("seq_b", "order_no"))).block(TIMEOUT);
      assertThat(back.toSpec().toString()).isEqualTo(moved.toSpec().toString());
      assertThat(back.nextval().block(TIMEOUT)).isEqualTo(11L);
    } finally {
      cluster.executeScript("DROP SCHEMA seq_a CASCADE; DROP SCHEMA seq_b CASCADE; DROP ROLE seq_owner").block(TIMEOUT);
    }
  }

  @Test
  void ensureCreatesAltersThenChangesNothing(Cluster cluster) {
    try {
      SequenceSpec spec = SequenceSpec.builder("public", "seq_ensure").increment(2L).maxValue(99L).build();
      EnsureResult<Sequence> first = cluster.sequences().ensure(spec).block(TIMEOUT);
      assertThat(first.created()).isTrue();
      first.object().nextval().block(TIMEOUT);
      assertThat(cluster.sequences().ensure(spec).block(TIMEOUT).changed()).isFalse();
      EnsureResult<Sequence> changed = cluster.sequences().ensure(SequenceSpec.builder("public", "seq_ensure")
          .increment(3L).maxValue(99L).cycle(false).build()).block(TIMEOUT);
      assertThat(changed.applied()).extracting(c -> c.statement())
          .containsExactly("ALTER SEQUENCE \"public\".\"seq_ensure\" INCREMENT BY 3");
      assertThat(changed.object().lastValue()).isEqualTo(1L); // the current value is kept
      assertThat(cluster.sequences().ensure(SequenceSpec.builder("public", "seq_ensure").increment(3L).build())
          .block(TIMEOUT).applied()).isEmpty();
    } finally {
      cluster.update("DROP SEQUENCE IF EXISTS seq_ensure").block(TIMEOUT);
    }
  }

  @Test
  void badInputIsRefused(Cluster cluster) {
    assertThatThrownBy(() -> cluster.sequences().get("public", "no_such_seq").block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> SequenceSpec.builder("public", "s").dataType("numeric").build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("smallint, integer or bigint");
    assertThatThrownBy(() -> SequenceSpec.builder("public", "s").increment(0L).build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> SequenceSpec.builder("public", "s").minValue(5L).maxValue(5L).build())
        .isInstanceOf(InvalidInputException.class);
    Sequence s = cluster.sequences().create(SequenceSpec.builder("public", "seq_bad").build()).block(TIMEOUT);
    try {
      // currval before nextval in this session
      assertThatThrownBy(() -> s.currval().block(TIMEOUT)).isInstanceOf(ServerErrorException.class).hasMessageContaining("not yet defined");
      // a failing alteration changes nothing
      assertThatThrownBy(() -> s.alter().increment(7).owner("no_such_role").apply().block(TIMEOUT)).hasMessageContaining("no_such_role");
      assertThat(s.refresh().block(TIMEOUT).increment()).isEqualTo(1);
    } finally {
      cluster.update("DROP SEQUENCE seq_bad").block(TIMEOUT);
    }
  }
}
