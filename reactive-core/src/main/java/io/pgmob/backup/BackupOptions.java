package io.pgmob.backup;

import io.pgmob.error.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * pg_dump options. Immutable; {@link #builder()}.
 *
 * <pre>{@code
 * BackupOptions.builder().schemaOnly(true).excludeTables("audit.*").noOwner(true).build()
 * }</pre>
 *
 * <p>Refused in {@link Builder#build()} (as {@link InvalidInputException}), before anything runs:
 * schema only with data only, clean with data only, if exists without clean, a section with schema
 * or data only, a compression level outside 0..9, compression with the tar format, jobs with a
 * format other than directory.
 */
public final class BackupOptions extends CommonOptions {

  private final List<String> excludeTables;
  private final List<String> excludeTableData;
  private final @Nullable Integer compressLevel;
  private final boolean inserts;
  private final @Nullable Duration lockWaitTimeout;
  private final @Nullable Boolean blobs;

  private BackupOptions(Builder b) {
    super(b);
    this.excludeTables = List.copyOf(b.excludeTables);
    this.excludeTableData = List.copyOf(b.excludeTableData);
    this.compressLevel = b.compressLevel;
    this.inserts = b.inserts;
    this.lockWaitTimeout = b.lockWaitTimeout;
    this.blobs = b.blobs;
    if (compressLevel != null && (compressLevel < 0 || compressLevel > 9)) {
      throw new InvalidInputException("compression level must be 0..9, got " + compressLevel);
    }
    if (compressLevel != null && compressLevel > 0 && format == Format.TAR) {
      throw new InvalidInputException("the tar format does not support compression");
    }
    if (jobs != null && format != Format.DIRECTORY) {
      throw new InvalidInputException("parallel jobs need the directory format");
    }
  }

  /** {@return A builder with everything off} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the default: custom format, everything else off} */
  public static BackupOptions defaults() {
    return builder().build();
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    commonArguments(a);
    excludeTables.forEach(t -> a.add("--exclude-table=" + t));
    excludeTableData.forEach(t -> a.add("--exclude-table-data=" + t));
    if (compressLevel != null) {
      a.add("--compress=" + compressLevel);
    }
    if (inserts) {
      a.add("--inserts");
    }
    if (lockWaitTimeout != null) {
      a.add("--lock-wait-timeout=" + lockWaitTimeout.toMillis());
    }
    if (blobs != null) {
      a.add(blobs ? "--blobs" : "--no-blobs");
    }
    return List.copyOf(a);
  }

  /** Builder of {@link BackupOptions}; the format defaults to {@link Format#CUSTOM}. */
  public static final class Builder extends CommonOptions.Builder<Builder> {
    private final List<String> excludeTables = new ArrayList<>();
    private final List<String> excludeTableData = new ArrayList<>();
    private @Nullable Integer compressLevel;
    private boolean inserts;
    private @Nullable Duration lockWaitTimeout;
    private @Nullable Boolean blobs;

    private Builder() {
      format = Format.CUSTOM;
    }

    /**
     * Not these tables (patterns; {@code --exclude-table}).
     *
     * @param names not these tables (patterns; {@code --exclude-table})
     * @return this builder
     */
    public Builder excludeTables(String... names) {
      excludeTables.addAll(names("table", names));
      return this;
    }

    /**
     * The definitions of these tables but not their data (patterns; {@code --exclude-table-data}).
     *
     * @param names the definitions of these tables but not their data (patterns; {@code --exclude-table-data})
     * @return this builder
     */
    public Builder excludeTableData(String... names) {
      excludeTableData.addAll(names("table", names));
      return this;
    }

    /**
     * Compress at this level 0..9 ({@code --compress}); null for the format's default.
     *
     * @param level compress at this level 0..9 ({@code --compress}); null for the format's default
     * @return this builder
     */
    public Builder compress(@Nullable Integer level) {
      compressLevel = level;
      return this;
    }

    /**
     * Data as INSERT statements instead of COPY ({@code --inserts}).
     *
     * @param v data as INSERT statements instead of COPY ({@code --inserts})
     * @return this builder
     */
    public Builder inserts(boolean v) {
      inserts = v;
      return this;
    }

    /** The same flag as {@link #create(boolean)} ({@code --create}); PGMob had both names. */
    public Builder createDatabase(boolean v) {
      return create(v);
    }

    /**
     * Fail instead of waiting longer than this for a table lock ({@code --lock-wait-timeout}, ms).
     *
     * @param v fail instead of waiting longer than this for a table lock ({@code --lock-wait-timeout}, ms)
     * @return this builder
     */
    public Builder lockWaitTimeout(@Nullable Duration v) {
      if (v != null && (v.isNegative() || v.isZero())) {
        throw new InvalidInputException("lock wait timeout must be positive");
      }
      lockWaitTimeout = v;
      return this;
    }

    /**
     * Include ({@code --blobs}) or exclude ({@code --no-blobs}) large objects; null for pg_dump's default.
     *
     * @param v include ({@code --blobs}) or exclude ({@code --no-blobs}) large objects; null for pg_dump's default
     * @return this builder
     */
    public Builder blobs(@Nullable Boolean v) {
      blobs = v;
      return this;
    }

    /**
     * The options.
     *
     * @throws InvalidInputException for conflicting options (see {@link BackupOptions})
     */
    public BackupOptions build() {
      return new BackupOptions(this);
    }
  }
}
