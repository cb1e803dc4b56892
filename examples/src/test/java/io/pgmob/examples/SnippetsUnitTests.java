package io.pgmob.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Documentation code cannot rot: every Markdown block marked {@code <!-- snippet: path#name -->}
 * (in README.md and every page under docs/) must equal the region {@code // snippet: name} ...
 * {@code // end snippet} of that compiled source file, de-indented; every Java block of a docs
 * page is marked (but the API sheet, docs/fleet.md); every snippet of the examples is shown on
 * some page.
 */
class SnippetsUnitTests {

  private static final Pattern MARKED = Pattern.compile(
      "<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("examples/pom.xml"))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }

  /** The region of {@code file} between {@code // snippet: name} and {@code // end snippet}, de-indented. */
  static String region(Path file, String name) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// snippet: " + name)) {
        start = i + 1;
      }
    }
    assertThat(start).as("snippet " + name + " in " + file).isPositive();
    int indent = lines.get(start).length() - lines.get(start).stripLeading().length();
    List<String> out = new ArrayList<>();
    for (int i = start; !lines.get(i).strip().equals("// end snippet"); i++) {
      String l = lines.get(i);
      out.add(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.strip());
    }
    return String.join("\n", out);
  }

  private static List<String[]> marked(Path markdown) throws IOException {
    List<String[]> found = new ArrayList<>();
    if (Files.exists(markdown)) {
      Matcher m = MARKED.matcher(Files.readString(markdown));
      while (m.find()) {
        found.add(new String[] {m.group(1), m.group(2), m.group(3)});
      }
    }
    return found;
  }

  /** README.md and every Markdown page under docs/, as paths relative to the repository root. */
  private static List<String> pages(Path root) throws IOException {
    List<String> pages = new ArrayList<>(List.of("README.md"));
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted()
          .forEach(f -> pages.add(root.relativize(f).toString().replace('\\', '/')));
    }
    return pages;
  }

  @Test
  void everyMarkedBlockInTheDocsEqualsItsCompiledSource() throws IOException {
    Path root = root();
    int checked = 0;
    for (String doc : pages(root)) {
      for (String[] s : marked(root.resolve(doc))) {
        Path source = root.resolve(s[0]);
        assertThat(source).as(doc + " names " + s[0]).isRegularFile();
        assertThat(s[2]).as(doc + ": snippet " + s[1] + " of " + s[0]).isEqualTo(region(source, s[1]));
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(12);
  }

  @Test
  void everyJavaBlockOfADocsPageIsAMarkedSnippet() throws IOException {
    Path root = root();
    for (String doc : pages(root)) {
      // README.md keeps one sketch of the test API; docs/fleet.md is a sheet of signatures
      if (doc.equals("README.md") || doc.equals("docs/fleet.md")) {
        continue;
      }
      String text = Files.readString(root.resolve(doc));
      long javaBlocks = Pattern.compile("(?m)^```java$").matcher(text).results().count();
      assertThat(marked(root.resolve(doc))).as(doc + ": every ```java block needs a <!-- snippet: ... --> line above it")
          .hasSize((int) javaBlocks);
    }
  }

  @Test
  void everySnippetOfTheExamplesIsShownOnSomePage() throws IOException {
    Path root = root();
    List<String> proposed = new ArrayList<>();
    for (String doc : pages(root)) {
      marked(root.resolve(doc)).forEach(s -> proposed.add(s[0] + "#" + s[1]));
    }
    List<String> inSources = new ArrayList<>();
    Path sources = root.resolve("examples/src/main/java/io/pgmob/examples");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.strip().startsWith("// snippet: ")) {
            inSources.add(root.relativize(f) + "#" + line.strip().substring("// snippet: ".length()));
          }
        }
      }
    }
    assertThat(inSources).isNotEmpty();
    assertThat(proposed).containsAll(inSources);
  }
}
