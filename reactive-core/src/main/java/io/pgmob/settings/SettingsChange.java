package io.pgmob.settings;

import io.pgmob.managed.Change;
import java.util.List;

/**
 * What applying a {@link SettingsAlteration} did.
 *
 * @param applied the statements that ran, in order
 * @param restartRequired names of changed settings that take effect only after a restart
 * @param fileErrors errors the server reports in its configuration files after the reload
 *     ({@code pg_file_settings.error}); empty when all is well
 */
public record SettingsChange(List<Change> applied, List<String> restartRequired, List<String> fileErrors) {

  /** Copies the lists. */
  public SettingsChange {
    applied = List.copyOf(applied);
    restartRequired = List.copyOf(restartRequired);
    fileErrors = List.copyOf(fileErrors);
  }

  /** {@return whether a restart is needed for every change to take effect} */
  public boolean needsRestart() {
    return !restartRequired.isEmpty();
  }
}
