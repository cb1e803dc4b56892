package io.pgmob;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floors of reactive-core (docs/architecture.md), held by rules over the compiled classes:
 * run {@code ./mvnw -pl reactive-core -am verify -Dtest=ArchitectureUnitTests
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ArchitectureUnitTests {

  /** The managed object kinds: each uses the session and managed floors, never the facade. */
  static final String[] KINDS = {"io.pgmob.role..", "io.pgmob.privilege..", "io.pgmob.database..",
      "io.pgmob.schema..", "io.pgmob.table..", "io.pgmob.view..", "io.pgmob.sequence..", "io.pgmob.routine..",
      "io.pgmob.largeobject..", "io.pgmob.replication..", "io.pgmob.extension..", "io.pgmob.hba..",
      "io.pgmob.settings..", "io.pgmob.backup..", "io.pgmob.os.."};

  /** The public types of internal packages the facade needs: {@code Cluster.connect} calls it. */
  static final Set<String> PUBLIC_INTERNALS = Set.of("io.pgmob.internal.DefaultCluster");

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // this module's main classes only (not the testkit or other modules on the class path)
    classes = new ClassFileImporter().importPath(Path.of("target/classes"));
  }

  @Test
  void kindsDoNotUseTheFacadeOrItsImplementation() {
    noClasses().that().resideInAnyPackage(KINDS)
        .should().dependOnClassesThat().haveFullyQualifiedName("io.pgmob.Cluster")
        .orShould().dependOnClassesThat().resideInAPackage("io.pgmob.internal..")
        .check(classes);
  }

  @Test
  void theLowerFloorsDoNotUseTheUpperOnes() {
    noClasses().that().resideInAnyPackage("io.pgmob.error..", "io.pgmob.sql..", "io.pgmob.password..",
            "io.pgmob.session..", "io.pgmob.managed..")
        .should().dependOnClassesThat().haveFullyQualifiedName("io.pgmob.Cluster")
        .orShould().dependOnClassesThat().resideInAnyPackage(KINDS)
        .orShould().dependOnClassesThat().resideInAPackage("io.pgmob.internal..")
        .check(classes);
    noClasses().that().resideInAnyPackage("io.pgmob.error..", "io.pgmob.sql..", "io.pgmob.password..",
            "io.pgmob.session..")
        .should().dependOnClassesThat().resideInAPackage("io.pgmob.managed..")
        .check(classes);
  }

  @Test
  void internalPackagesExposeOnlyWhatTheFacadeNeeds() {
    classes().that().resideInAPackage("io.pgmob..internal..").and().areTopLevelClasses()
        .and().haveModifier(JavaModifier.PUBLIC)
        .should().haveNameMatching(String.join("|", PUBLIC_INTERNALS.stream().map(Pattern::quote).toList()))
        .check(classes);
  }

  /**
   * No import circle between packages, where the facade ({@code io.pgmob}) and its implementation
   * ({@code io.pgmob.internal}) count as one package.
   */
  @Test
  void noPackageCycles() {
    Map<String, Set<String>> edges = new TreeMap<>();
    for (JavaClass c : classes) {
      String from = node(c.getPackageName());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = node(d.getTargetClass().getPackageName());
        if (to.startsWith("io.pgmob") && !to.equals(from)) {
          edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
      }
    }
    List<String> cycles = new ArrayList<>();
    for (String start : edges.keySet()) {
      findCycle(start, start, edges, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
    }
    assertThat(cycles).as("package cycles (facade and internal counted as one)").isEmpty();
  }

  private static String node(String pkg) {
    return pkg.equals("io.pgmob.internal") ? "io.pgmob" : pkg;
  }

  private static void findCycle(String start, String at, Map<String, Set<String>> edges, List<String> path,
      Set<String> seen, List<String> cycles) {
    for (String next : edges.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (next.compareTo(start) > 0 && seen.add(next)) {
        path.add(next);
        findCycle(start, next, edges, path, seen, cycles);
        path.remove(path.size() - 1);
      }
    }
  }

  private static final Pattern SQLSTATE_LITERAL =
      Pattern.compile("\"(?:[0-5][0-9A-Z]|HV|P0|F0|XX)[0-9A-Z]{3}\"");

  /** SQLSTATE codes are spelled once, in {@code io.pgmob.error.SqlStates}. */
  @Test
  void noSqlStateLiteralOutsideSqlStates() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("../fleet/src/main/java"))) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          if (f.endsWith(Path.of("io/pgmob/error/SqlStates.java"))) {
            continue;
          }
          List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
          for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
              continue;
            }
            Matcher m = SQLSTATE_LITERAL.matcher(line);
            if (m.find()) {
              found.add(f + ":" + (i + 1) + ": " + m.group());
            }
          }
        }
      }
    }
    assertThat(found).as("SQLSTATE literals outside io.pgmob.error.SqlStates").isEmpty();
  }
}
