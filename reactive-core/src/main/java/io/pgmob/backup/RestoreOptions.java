package io.pgmob.backup;

import io.pgmob.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * pg_restore options. Immutable; {@link #builder()}.
 *
 * <pre>{@code
 * RestoreOptions.builder().noOwner(true).exitOnError(true).singleTransaction(true).build()
 * }</pre>
 *
 * <p>Refused in {@link Builder#build()}, before anything runs: schema only with data only, clean
 * with data only, if exists without clean, a section with schema or data only, single transaction
 * with parallel jobs or with create.
 */
public final class RestoreOptions extends CommonOptions {

  private final boolean exitOnError;
  private final List<String> indexes;
  private final List<String> functions;
  private final List<String> triggers;
  private final @Nullable String useList;
  private final boolean singleTransaction;
  private final boolean disableTriggers;
  private final boolean noDataForFailedTables;

  private RestoreOptions(Builder b) {
    super(b);
    this.exitOnError = b.exitOnError;
    this.indexes = List.copyOf(b.indexes);
    this.functions = List.copyOf(b.functions);
    this.triggers = List.copyOf(b.triggers);
    this.useList = b.useList;
    this.singleTransaction = b.singleTransaction;
    this.disableTriggers = b.disableTriggers;
    this.noDataForFailedTables = b.noDataForFailedTables;
    if (singleTransaction && jobs != null && jobs > 1) {
      throw new InvalidInputException("single transaction cannot be used with parallel jobs");
    }
    if (singleTransaction && create) {
      throw new InvalidInputException("single transaction cannot be used with create");
    }
    if (format == Format.PLAIN) {
      throw new InvalidInputException("pg_restore cannot read the plain format (run the script with psql)");
    }
  }

  /** {@return A builder with everything off} */
  public static Builder builder() {
    return new Builder();
  }

  /** Everything off; the format is detected from the archive. */
  public static RestoreOptions defaults() {
    return builder().build();
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    commonArguments(a);
    if (exitOnError) {
      a.add("--exit-on-error");
    }
    indexes.forEach(i -> a.add("--index=" + i));
    functions.forEach(f -> a.add("--function=" + f));
    triggers.forEach(t -> a.add("--trigger=" + t));
    if (useList != null) {
      a.add("--use-list=" + useList);
    }
    if (singleTransaction) {
      a.add("--single-transaction");
    }
    if (disableTriggers) {
      a.add("--disable-triggers");
    }
    if (noDataForFailedTables) {
      a.add("--no-data-for-failed-tables");
    }
    return List.copyOf(a);
  }

  /** Builder of {@link RestoreOptions}. */
  public static final class Builder extends CommonOptions.Builder<Builder> {
    private boolean exitOnError;
    private final List<String> indexes = new ArrayList<>();
    private final List<String> functions = new ArrayList<>();
    private final List<String> triggers = new ArrayList<>();
    private @Nullable String useList;
    private boolean singleTransaction;
    private boolean disableTriggers;
    private boolean noDataForFailedTables;

    private Builder() {}

    /**
     * Stop at the first error instead of continuing ({@code --exit-on-error}).
     *
     * @param v stop at the first error instead of continuing ({@code --exit-on-error})
     * @return this builder
     */
    public Builder exitOnError(boolean v) {
      exitOnError = v;
      return this;
    }

    /**
     * Only these indexes ({@code --index}).
     *
     * @param names only these indexes ({@code --index})
     * @return this builder
     */
    public Builder indexes(String... names) {
      indexes.addAll(names("index", names));
      return this;
    }

    /**
     * Only these functions, written {@code name(argtypes)} ({@code --function}).
     *
     * @param signatures only these functions, written {@code name(argtypes)} ({@code --function})
     * @return this builder
     */
    public Builder functions(String... signatures) {
      functions.addAll(names("function", signatures));
      return this;
    }

    /**
     * Only these triggers ({@code --trigger}).
     *
     * @param names only these triggers ({@code --trigger})
     * @return this builder
     */
    public Builder triggers(String... names) {
      triggers.addAll(names("trigger", names));
      return this;
    }

    /**
     * Restore the items listed in this table-of-contents file on the server host ({@code --use-list}).
     *
     * @param path restore the items listed in this table-of-contents file on the server host ({@code --use-list})
     * @return this builder
     */
    public Builder useList(@Nullable String path) {
      useList = path == null ? null : names("list file", path).get(0);
      return this;
    }

    /**
     * Everything in one transaction ({@code --single-transaction}).
     *
     * @param v everything in one transaction ({@code --single-transaction})
     * @return this builder
     */
    public Builder singleTransaction(boolean v) {
      singleTransaction = v;
      return this;
    }

    /**
     * Disable triggers during a data-only restore ({@code --disable-triggers}).
     *
     * @param v disable triggers during a data-only restore ({@code --disable-triggers})
     * @return this builder
     */
    public Builder disableTriggers(boolean v) {
      disableTriggers = v;
      return this;
    }

    /**
     * Skip the data of tables that could not be created ({@code --no-data-for-failed-tables}).
     *
     * @param v skip the data of tables that could not be created ({@code --no-data-for-failed-tables})
     * @return this builder
     */
    public Builder noDataForFailedTables(boolean v) {
      noDataForFailedTables = v;
      return this;
    }

    /**
     * The options.
     *
     * @throws InvalidInputException for conflicting options (see {@link RestoreOptions})
     */
    public RestoreOptions build() {
      return new RestoreOptions(this);
    }
  }
}
