package io.pgmob.hba;

import io.pgmob.error.PgmobException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The server rejected lines of a written pg_hba.conf ({@code pg_hba_file_rules.error}); the
 * previous file was restored and nothing was reloaded.
 */
public class HbaRuleRejectedException extends PgmobException {

  /** The errors as the server reported them. */
  private final List<String> errors;

  /** {@code errors} as the server reported them; {@code restored} whether the previous bytes are back. */
  public HbaRuleRejectedException(List<String> errors, boolean restored, @Nullable String cluster) {
    super("the server rejected the new pg_hba.conf: " + String.join("; ", errors)
        + (restored ? "; the previous file was restored, nothing was reloaded"
            : "; the previous file could NOT be restored (see the suppressed exception); nothing was reloaded"),
        cluster, null, null, null);
    this.errors = List.copyOf(errors);
  }

  /** {@return the server's errors, each with its line} */
  public List<String> errors() {
    return errors;
  }
}
