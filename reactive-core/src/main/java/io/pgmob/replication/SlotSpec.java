package io.pgmob.replication;

import io.pgmob.sql.Identifier;
import org.jspecify.annotations.Nullable;

/**
 * What slot to create: physical or logical (with an output plugin), temporary or not, and whether
 * a physical slot reserves WAL at once. Immutable; the withers return copies.
 *
 * <pre>{@code
 * SlotSpec.logical("cdc", "pgoutput")
 * SlotSpec.physical("standby1").reserveWal(true)
 * }</pre>
 *
 * @param name slot name (lowercase letters, digits and underscores; at most 63 bytes)
 * @param plugin the logical decoding output plugin; null for a physical slot
 * @param temporary dropped when the creating session ends, and (a PostgreSQL rule) also when any
 *     statement of that session fails; default false
 * @param reserveWal for physical slots: reserve WAL immediately instead of at first connect; default false
 */
public record SlotSpec(String name, @Nullable String plugin, boolean temporary, boolean reserveWal) {

  /** @throws io.pgmob.error.InvalidInputException for a name the server would refuse */
  public SlotSpec {
    ReplicationSlots.validateName(name);
    if (plugin != null) {
      Identifier.validate(plugin, "output plugin name");
    }
  }

  /** A permanent physical slot. */
  public static SlotSpec physical(String name) {
    return new SlotSpec(name, null, false, false);
  }

  /** A permanent logical slot with {@code plugin} (e.g. {@code pgoutput}, {@code test_decoding}). */
  public static SlotSpec logical(String name, String plugin) {
    return new SlotSpec(name, plugin, false, false);
  }

  /** {@return whether it is logical} */
  public boolean isLogical() {
    return plugin != null;
  }

  /** This spec, temporary or not. */
  public SlotSpec temporary(boolean temporary) {
    return new SlotSpec(name, plugin, temporary, reserveWal);
  }

  /** This spec, reserving WAL at once or not (physical slots). */
  public SlotSpec reserveWal(boolean reserveWal) {
    return new SlotSpec(name, plugin, temporary, reserveWal);
  }
}
