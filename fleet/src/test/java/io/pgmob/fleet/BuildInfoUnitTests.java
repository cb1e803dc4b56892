package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuildInfoUnitTests {

  @Test
  void theBuildRecordsTheVersionTheCommitOfHeadAndWhenItWasBuilt() {
    BuildInfo build = BuildInfo.current();
    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(build.commit()).isEqualTo(GitHead.commit());
    Instant built = Instant.parse(build.buildTime());
    assertThat(built).isBefore(Instant.now().plus(Duration.ofMinutes(1)));
    assertThat(build.describe()).containsExactly("pgmob " + build.version(), "commit " + build.commit(),
        "built " + build.buildTime());
  }

  @Test
  void aBuildOutsideAGitCheckoutSaysTheCommitIsUnknown() {
    // what the build writes when git rev-parse HEAD fails (no .git, or no git)
    BuildInfo build = BuildInfo.load(stream("version=1.2.3\nbuildTime=2026-01-02T03:04:05Z\n"), stream("commit=unknown\n"));
    assertThat(build).isEqualTo(new BuildInfo("1.2.3", BuildInfo.UNKNOWN, "2026-01-02T03:04:05Z"));
    assertThat(build.describe()).containsExactly("pgmob 1.2.3", "commit unknown (built outside a git checkout)",
        "built 2026-01-02T03:04:05Z");
    // resources copied without filtering (an IDE build), or missing
    assertThat(BuildInfo.load(stream("version=${project.version}\nbuildTime=${pgmob.build.time}\n"), null))
        .isEqualTo(new BuildInfo(BuildInfo.UNKNOWN, BuildInfo.UNKNOWN, BuildInfo.UNKNOWN));
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theGaugeIsOneTaggedWithVersionAndCommit() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BuildInfo build = new BuildInfo("1.2.3", "0123456789abcdef0123456789abcdef01234567", "2026-01-02T03:04:05Z");
    build.bindTo(registry);
    build.bindTo(registry);
    Gauge gauge = registry.get(BuildInfo.METER).tag("version", "1.2.3")
        .tag("commit", "0123456789abcdef0123456789abcdef01234567").gauge();
    assertThat(gauge.value()).isEqualTo(1.0);
    assertThat(registry.getMeters()).hasSize(1);
  }
}
