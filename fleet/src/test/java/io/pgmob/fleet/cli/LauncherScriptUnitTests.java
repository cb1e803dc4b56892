package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pgmob}: without the runnable jar it says how to build it and exits 64; with one it
 * starts one-shot commands with the one-shot JVM options and the class-data sharing archive beside
 * the jar, and {@code serve} without them.
 */
class LauncherScriptUnitTests {

  private static final Path SCRIPT = Path.of("..", "bin", "pgmob").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** A stand-in for the runnable jar: prints the JVM's input arguments, one a line, then its own. */
  private Path jar() throws IOException {
    Path src = dir.resolve("src/PrintArgs.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, """
        public class PrintArgs {
          public static void main(String[] args) {
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
            for (String a : args) System.out.println("arg:" + a);
          }
        }
        """);
    Path classes = dir.resolve("classes");
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()))
        .isZero();
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "PrintArgs");
    Path jar = dir.resolve("pgmob-fleet-9-cli.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      out.putNextEntry(new JarEntry("PrintArgs.class"));
      out.write(Files.readAllBytes(classes.resolve("PrintArgs.class")));
      out.closeEntry();
    }
    return jar;
  }

  private static List<String> launch(Path jar, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("sh", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PGMOB_JAR", jar.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    return output.lines().toList();
  }

  @Test
  void aOneShotCommandMapsTheArchiveBesideTheJarAndAnArchiveItCannotReadPrintsNothing() throws Exception {
    Path jar = jar();
    // not an archive this JDK can read (as one from another JDK would be): ignored without a word
    Files.writeString(dir.resolve("pgmob-fleet-9-cli.jsa"), "not an archive");
    List<String> lines = launch(jar, Map.of(), "fleet", "query");

    assertThat(lines).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dio.netty.jfr.enabled=false",
        "-XX:SharedArchiveFile=" + dir.resolve("pgmob-fleet-9-cli.jsa"), "arg:fleet", "arg:query");
    assertThat(lines).as("only the program's output on the terminal").allMatch(l -> l.startsWith("-") || l.startsWith("arg:"));
  }

  @Test
  void withoutAnArchiveOrWithPgmobCdsOffNoArchiveIsNamed() throws Exception {
    Path jar = jar();
    assertThat(launch(jar, Map.of(), "--version")).noneMatch(l -> l.contains("SharedArchiveFile"))
        .contains("-XX:TieredStopAtLevel=1");
    Files.writeString(dir.resolve("pgmob-fleet-9-cli.jsa"), "not an archive");
    assertThat(launch(jar, Map.of("PGMOB_CDS", "off"), "--version")).noneMatch(l -> l.contains("SharedArchiveFile"));
  }

  @Test
  void serveRunsWithoutTheOneShotOptions() throws Exception {
    Path jar = jar();
    Files.writeString(dir.resolve("pgmob-fleet-9-cli.jsa"), "not an archive");
    assertThat(launch(jar, Map.of(), "fleet", "serve")).noneMatch(l -> l.startsWith("-XX:"))
        .contains("arg:serve");
  }

  @Test
  void withoutTheJarTheLauncherSaysHowToBuildIt() throws Exception {
    Path script = SCRIPT;
    assertThat(script).isRegularFile();
    assertThat(Files.isExecutable(script)).as("bin/pgmob is executable").isTrue();
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "--version").redirectErrorStream(true);
    pb.environment().put("PGMOB_JAR", "/nonexistent/pgmob-fleet-cli.jar");
    Process p = pb.start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isEqualTo(64);
    assertThat(output).contains("not built yet", "./mvnw -B -pl fleet -am package -DskipTests", "PGMOB_JAR");
  }
}
