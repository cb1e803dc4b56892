package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.embedded.EmbeddedCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's command-line examples run as written: every {@code ```bash} block that calls
 * pgmob is marked {@code <!-- cli: run -->}, and this test runs the marked blocks in order in one
 * bash session (so {@code export} and {@code eval} carry over), from {@code sandbox up 3} to
 * {@code sandbox down}, and checks each command's exit code and that no process of the sandbox is
 * left. {@code <!-- cli: file NAME -->} above a block saves it as NAME first (the README says to).
 *
 * <p>{@code bin/pgmob} here is a stand-in for the launcher that runs this build's classes (the
 * runnable jar is built after the tests); the launcher itself is tested by LauncherScriptUnitTests.
 */
class ReadmeCliIntegrationTests {

  private static final Pattern BLOCK = Pattern.compile(
      "(?:<!-- cli: ([^>]*?) -->\\n)?```(bash|yaml)\\n(.*?)\\n```", Pattern.DOTALL);

  /** A README block: its marker (null when unmarked), language and text. */
  record Block(String marker, String language, String text) {}

  static List<Block> blocks() throws IOException {
    String readme = Files.readString(repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      blocks.add(new Block(m.group(1), m.group(2), m.group(3)));
    }
    return blocks;
  }

  /** The commands of a bash block: comment lines dropped, continued lines joined. */
  static List<String> commands(String block) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : block.split("\n")) {
      if (current.length() == 0 && (line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      commands.add(current.append(line).toString());
      current.setLength(0);
    }
    return commands;
  }

  @Test
  void everyCommandLineExampleOfTheReadmeIsMarkedToRun() throws IOException {
    List<Block> unmarked = blocks().stream()
        .filter(b -> b.language().equals("bash") && b.marker() == null)
        .filter(b -> b.text().contains("pgmob ") && !b.text().startsWith("./mvnw"))
        .toList();
    assertThat(unmarked).as("bash blocks that call pgmob but are not marked <!-- cli: run -->").isEmpty();
    List<Block> run = blocks().stream().filter(b -> b.marker() != null && b.marker().startsWith("run")).toList();
    assertThat(commands(run.get(0).text()).get(0)).startsWith("bin/pgmob sandbox up 3");
    assertThat(commands(run.get(run.size() - 1).text())).containsExactly("bin/pgmob sandbox down");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES) // some twenty JVM starts on a loaded machine
  void readmeCommandsRunAsWrittenFromSandboxUpToSandboxDownAndLeaveNoProcess() throws Exception {
    Path work = Files.createTempDirectory("pgmob-readme-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sandbox = work.resolve("sandbox");
    Path home = Files.createDirectories(work.resolve("home"));
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path rcFile = work.resolve("exit-codes");
    Files.writeString(bin.resolve("pgmob"), "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" + systemProperties()
        + " -cp '" + System.getProperty("java.class.path") + "' io.pgmob.fleet.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin.resolve("pgmob"), PosixFilePermissions.fromString("rwxr-xr-x"));

    StringBuilder script = new StringBuilder();
    List<String> expected = new ArrayList<>();
    List<String> commandTexts = new ArrayList<>();
    for (Block b : blocks()) {
      if (b.marker() == null) {
        continue;
      }
      if (b.marker().startsWith("file ")) {
        Files.writeString(work.resolve(b.marker().substring(5).trim()), b.text() + "\n", StandardCharsets.UTF_8);
        continue;
      }
      List<String> commands = commands(b.text());
      List<String> codes = b.marker().contains("exit codes")
          ? Arrays.asList(b.marker().substring(b.marker().indexOf("exit codes") + 10).trim().split("\\s+"))
          : commands.stream().map(c -> "0").toList();
      assertThat(codes).as("exit codes listed for the block\n" + b.text()).hasSameSizeAs(commands);
      for (int i = 0; i < commands.size(); i++) {
        int n = commandTexts.size();
        script.append("echo '>>> ").append(n).append("' >&2\n")
            .append(commands.get(i)).append('\n')
            .append("echo \"").append(n).append(" $?\" >> '").append(rcFile).append("'\n");
        expected.add(codes.get(i));
        commandTexts.add(commands.get(i));
      }
    }
    script.append("wait\n");
    Files.writeString(work.resolve("readme.sh"), script.toString(), StandardCharsets.UTF_8);

    ProcessBuilder pb = new ProcessBuilder("bash", work.resolve("readme.sh").toString())
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("output.txt").toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("PGMOB_SANDBOX_DIR", sandbox.toString());
    env.remove("PGMOB_INVENTORY");
    Process bash = pb.start();
    try {
      assertThat(bash.waitFor(15, TimeUnit.MINUTES)).as("the README's commands finished").isTrue();
      String output = Files.readString(work.resolve("output.txt"));
      List<String> rcs = Files.exists(rcFile) ? Files.readAllLines(rcFile) : List.of();
      for (int i = 0; i < commandTexts.size(); i++) {
        String got = i < rcs.size() ? rcs.get(i).split(" ")[1] : "(did not run)";
        assertThat(got).as("exit code of README command " + i + ": " + commandTexts.get(i) + "\n" + output)
            .isEqualTo(expected.get(i));
      }
      assertThat(output).contains("Sandbox up: 3 clusters").contains("Sandbox down: 3 clusters stopped");
      assertThat(output).as("the control plane answered").contains("\"version\"");
      assertThat(sandbox).as("the sandbox directory after down").doesNotExist();
      assertThat(processesMentioning(sandbox.toString())).as("processes of the sandbox after down").isEmpty();
      List<Long> postmasters = pidsFromStatus(output);
      assertThat(postmasters).hasSize(3);
      assertThat(postmasters).allSatisfy(pid -> assertThat(EmbeddedCluster.isAlive(pid)).as("postmaster " + pid).isFalse());
    } finally {
      bash.destroyForcibly();
      if (Files.exists(work.resolve("output.txt"))) {
        System.out.println(Files.readString(work.resolve("output.txt")));
      }
      CliRun.run(Map.of("PGMOB_SANDBOX_DIR", sandbox.toString()), "sandbox", "down");
      deleteTree(work);
    }
  }

  /** The PIDs in the first table {@code sandbox status} printed. */
  private static List<Long> pidsFromStatus(String output) {
    List<Long> pids = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  (?:eu|us)-\\d+\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+up\\b").matcher(output);
    while (m.find() && pids.size() < 3) {
      pids.add(Long.parseLong(m.group(1)));
    }
    return pids;
  }

  /** Live processes whose command line mentions {@code text} (read from /proc). */
  static List<String> processesMentioning(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmd.contains(text) && EmbeddedCluster.isAlive(Long.parseLong(p.getFileName().toString()))
              && Long.parseLong(p.getFileName().toString()) != ProcessHandle.current().pid()) {
            found.add(p.getFileName() + ": " + cmd);
          }
        } catch (IOException gone) {
          // the process ended while we looked
        }
      }
    }
    return found;
  }

  private static String systemProperties() {
    StringBuilder sb = new StringBuilder();
    for (String key : List.of("pgmob.embedded.mavenRepo", "pgmob.testkit.mavenRepo", "maven.repo.local")) {
      String v = System.getProperty(key);
      if (v != null && !v.isBlank() && !v.startsWith("$")) {
        sb.append(" '-D").append(key).append('=').append(v).append('\'');
      }
    }
    if (!sb.toString().contains("mavenRepo")) {
      sb.append(" '-Dpgmob.embedded.mavenRepo=").append(Path.of(System.getProperty("user.home"), ".m2", "repository"))
          .append('\'');
    }
    return sb.toString();
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("README.md"))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
