package io.pgmob.managed;

import io.pgmob.session.Row;
import io.pgmob.sql.SqlPart;
import java.util.List;

/**
 * One object's {@code ensure} cut into the two flights it costs on the wire: the statements that
 * read what the object is now (sent in the first flight, after {@code BEGIN} and pgmob's catalog
 * lock), and, from their rows, the changes to apply and the statements that read the object back
 * (sent in the second flight, which commits). {@link Changes#converge(io.pgmob.session.SqlSession,
 * List)} runs several of them in one transaction with the same two round trips, which is how a
 * role and its grants are ensured together. Built by each kind ({@code roles().ensuring(spec)},
 * {@code privileges().ensuring(grant)}); immutable.
 *
 * @param <R> what the ensure yields, an {@link EnsureResult}
 */
public interface Convergence<R> {

  /** {@return the statements of the first flight: reads only, no bind parameters} */
  List<SqlPart> reads();

  /**
   * The second step, from the rows of {@link #reads()} (one list per statement, in order).
   * Throwing here (bad input, a missing object) fails the ensure and rolls back.
   *
   * @param rows the rows of each statement of {@link #reads()}
   * @return the changes and read-backs
   */
  Step<R> plan(List<List<Row>> rows);

  /**
   * This convergence with its result passed through {@code f}.
   *
   * @param f applied to the result
   * @param <V> the new result type
   * @return the mapped convergence
   */
  default <V> Convergence<V> map(java.util.function.Function<? super R, ? extends V> f) {
    Convergence<R> self = this;
    return new Convergence<>() {
      @Override
      public List<SqlPart> reads() {
        return self.reads();
      }

      @Override
      public Step<V> plan(List<List<Row>> rows) {
        Step<R> step = self.plan(rows);
        return new Step<>() {
          @Override
          public Plan plan() {
            return step.plan();
          }

          @Override
          public List<SqlPart> readBack() {
            return step.readBack();
          }

          @Override
          public V result(List<List<Row>> back) {
            return f.apply(step.result(back));
          }

          @Override
          public Throwable applyError(Throwable t) {
            return step.applyError(t);
          }
        };
      }
    };
  }

  /** The changes to apply and what to read back after them. */
  interface Step<R> {

    /** {@return the changes, in order; empty when everything is in place} */
    Plan plan();

    /** {@return the statements that read the object back after the changes (none when nothing changed)} */
    List<SqlPart> readBack();

    /**
     * The result, from the rows of {@link #readBack()}.
     *
     * @param rows the rows of each statement of {@link #readBack()}
     * @return what the ensure yields
     */
    R result(List<List<Row>> rows);

    /**
     * A failure of the changes as this kind reports it (the identity by default).
     *
     * @param t the failure of the second flight
     * @return the failure to signal
     */
    default Throwable applyError(Throwable t) {
      return t;
    }
  }
}
