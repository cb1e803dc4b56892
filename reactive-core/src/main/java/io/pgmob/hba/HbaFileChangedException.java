package io.pgmob.hba;

import io.pgmob.error.PgmobException;
import org.jspecify.annotations.Nullable;

/** pg_hba.conf changed on the server since it was read; nothing was written. Read it again and redo the edit. */
public class HbaFileChangedException extends PgmobException {

  /** The file at {@code path} on {@code cluster} no longer has the digest it was read with. */
  public HbaFileChangedException(String path, @Nullable String cluster) {
    super(path + " changed since it was read (another tool edited it); nothing was written", cluster, null, null, null);
  }
}
