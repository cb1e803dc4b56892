package io.pgmob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every blocking call in the tests of every module is bounded ({@code .block(TIMEOUT)} with
 * {@link io.pgmob.testsupport.Blocking#TIMEOUT}): an unbounded one waits for a hung statement until
 * the run's limit. Scans the test sources of this module and its sibling modules.
 */
class BoundedBlockingUnitTests {

  /** Reactor's blocking calls without a bound. */
  static final Pattern UNBOUNDED = Pattern.compile("\\.(block|blockFirst|blockLast|blockOptional|toIterable|toStream)\\(\\s*\\)");

  @Test
  void thePatternFindsEachUnboundedFormAndLetsBoundedOnesPass() {
    for (String unbounded : List.of("m.block()", "f.blockFirst()", "f.blockLast( )", "m.blockOptional()",
        "f.toIterable()", "f.toStream()")) {
      assertThat(UNBOUNDED.matcher(unbounded).find()).as(unbounded).isTrue();
    }
    for (String bounded : List.of("m.block(TIMEOUT)", "f.blockLast(Duration.ofSeconds(5))", "f.toIterable(16)", "blocked()")) {
      assertThat(UNBOUNDED.matcher(bounded).find()).as(bounded).isFalse();
    }
  }

  @Test
  void noTestSourceBlocksWithoutABound() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> testDirs = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
          .map(m -> m.resolve("src/test/java"))
          .filter(Files::isDirectory)
          .forEach(testDirs::add);
    }
    assertThat(testDirs).as("test source directories under " + root)
        .anySatisfy(d -> assertThat(d.toString()).contains("reactive-core"))
        .anySatisfy(d -> assertThat(d.toString()).contains("fleet"));
    List<String> found = new ArrayList<>();
    for (Path dir : testDirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        // this file names the unbounded forms as samples
        files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("BoundedBlockingUnitTests.java")).forEach(f -> {
          List<String> lines;
          try {
            lines = Files.readAllLines(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          for (int i = 0; i < lines.size(); i++) {
            if (UNBOUNDED.matcher(lines.get(i)).find()) {
              found.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
        });
      }
    }
    assertThat(found).as("unbounded blocking calls in tests: use .block(TIMEOUT) (import static"
        + " io.pgmob.testsupport.Blocking.TIMEOUT) or StepVerifier with verify(Duration)").isEmpty();
  }
}
