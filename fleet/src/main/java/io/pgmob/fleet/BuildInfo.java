package io.pgmob.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Which build of pgmob this is: the version, the git commit it was built from and when it was
 * built, as the Maven build recorded them ({@code io/pgmob/fleet/build-info.properties}, a
 * filtered resource, and {@code build-commit.properties}, the output of {@code git rev-parse
 * HEAD}). A build made outside a git checkout (a source archive) has no commit: {@link #commit()}
 * is then {@value #UNKNOWN} and {@link #describe()} says so.
 *
 * <p>Shown by {@code pgmob --version}, served by the control plane at {@code GET /api/version}
 * and, bound to a registry, published as the gauge {@value #METER} (value 1, tags {@code version}
 * and {@code commit}), the usual way to put a build on a dashboard.
 *
 * @param version the Maven version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the full git commit id, or {@value #UNKNOWN}
 * @param buildTime when it was built, ISO-8601 in UTC, or {@value #UNKNOWN}
 */
public record BuildInfo(String version, String commit, String buildTime) implements MeterBinder {

  /** The value of a field the build did not record. */
  public static final String UNKNOWN = "unknown";

  /** The name of the build gauge. */
  public static final String METER = "pgmob.build.info";

  private static final String RESOURCE = "/io/pgmob/fleet/build-info.properties";
  private static final String COMMIT_RESOURCE = "/io/pgmob/fleet/build-commit.properties";

  private static final BuildInfo CURRENT = load(BuildInfo.class.getResourceAsStream(RESOURCE),
      BuildInfo.class.getResourceAsStream(COMMIT_RESOURCE));

  /** Checks the fields are present. */
  public BuildInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(buildTime, "buildTime");
  }

  /** {@return this build, as recorded at build time} */
  public static BuildInfo current() {
    return CURRENT;
  }

  /** Reads the build's records; a missing one leaves its fields {@value #UNKNOWN}. */
  static BuildInfo load(@Nullable InputStream... records) {
    Properties p = new Properties();
    for (InputStream in : records) {
      if (in != null) {
        try (in) {
          p.load(in);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the build information of pgmob (" + RESOURCE + ")", e);
        }
      }
    }
    return new BuildInfo(value(p, "version"), value(p, "commit"), value(p, "buildTime"));
  }

  // A property the build did not fill stays "${...}" (resources copied without Maven's filtering).
  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
  }

  /** {@return lines for a human: version, commit (or why it is unknown), build time} */
  public String[] describe() {
    String commitLine = commit.equals(UNKNOWN)
        ? "commit unknown (built outside a git checkout)"
        : "commit " + commit;
    return new String[] {"pgmob " + version, commitLine, "built " + buildTime};
  }

  /** Registers {@value #METER}: value 1, tagged with the version and the full commit. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(METER, () -> 1)
        .description("The pgmob build running: value 1, tagged with its version and git commit")
        .tag("version", version)
        .tag("commit", commit)
        .strongReference(true)
        .register(registry);
  }
}
