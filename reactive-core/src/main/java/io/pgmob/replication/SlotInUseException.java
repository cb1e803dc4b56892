package io.pgmob.replication;

import io.pgmob.error.SqlStates;
import io.pgmob.error.PgmobException;
import org.jspecify.annotations.Nullable;

/**
 * A replication slot stayed in use by another session although that session was terminated
 * repeatedly (a client that keeps reconnecting). Nothing was dropped.
 */
public class SlotInUseException extends PgmobException {

  /** Creates the exception; see the class description. */
  public SlotInUseException(String slot, @Nullable String cluster) {
    super("replication slot \"" + slot + "\" is still in use by another session after terminating it "
        + ReplicationSlots.DROP_ATTEMPTS + " times; stop the client that reconnects to it, then drop again",
        cluster, null, SqlStates.OBJECT_IN_USE, null);
  }
}
