package io.pgmob.fleet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the fleet module and what each may use (docs/architecture.md). Run alone with
 * {@code ./mvnw -pl fleet -am verify -Dtest=FleetArchitectureUnitTests -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class FleetArchitectureUnitTests {

  private static JavaClasses fleet;

  @BeforeAll
  static void importFleet() {
    fleet = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.pgmob.fleet");
  }

  @Test
  void theRoomsBelowTheFacadeHaveNoImportCycle() {
    // every sub-package is one slice; io.pgmob.fleet itself (the facade) is not part of any
    slices().matching("io.pgmob.fleet.(*)..").should().beFreeOfCycles().check(fleet);
  }

  @Test
  void theFacadeUsesOnlyItsImplementationAndTheInventory() {
    // so the only cycles are the facade with its implementation: rollout (Fleet.rollout) and internal (the engine)
    classes().that().resideInAPackage("io.pgmob.fleet")
        .should().onlyDependOnClassesThat().resideOutsideOfPackages("io.pgmob.fleet.ops..", "io.pgmob.fleet.cli..",
            "io.pgmob.fleet.http..")
        .check(fleet);
  }

  @Test
  void theInventoryStandsAlone() {
    noClasses().that().resideInAPackage("io.pgmob.fleet.inventory..")
        .should().dependOnClassesThat().resideInAnyPackage("io.pgmob.fleet", "io.pgmob.fleet.rollout..",
            "io.pgmob.fleet.ops..", "io.pgmob.fleet.cli..", "io.pgmob.fleet.http..", "io.pgmob.fleet.internal..")
        .check(fleet);
  }

  @Test
  void theFrontEndsShareTheOperationCatalogueNotEachOther() {
    noClasses().that().resideInAPackage("io.pgmob.fleet.http..")
        .should().dependOnClassesThat().resideInAPackage("io.pgmob.fleet.cli..").check(fleet);
    noClasses().that().resideInAnyPackage("io.pgmob.fleet.ops..", "io.pgmob.fleet.rollout..", "io.pgmob.fleet.internal..")
        .should().dependOnClassesThat().resideInAnyPackage("io.pgmob.fleet.cli..", "io.pgmob.fleet.http..").check(fleet);
    // the command line reaches the control plane only to start it (pgmob serve), never for its JSON or parsing
    noClasses().that().resideInAPackage("io.pgmob.fleet.cli..").and().doNotHaveSimpleName("ServeCommand")
        .should().dependOnClassesThat().resideInAPackage("io.pgmob.fleet.http..").check(fleet);
    classes().that().resideInAPackage("io.pgmob.fleet.http..").and().areNotNestedClasses()
        .and().doNotHaveSimpleName("ControlPlane").and().doNotHaveSimpleName("package-info")
        .should().notBePublic().check(fleet);
  }

  @Test
  void jsonIsWrittenAndReadWithJacksonOnly() {
    // one JSON library: Jackson (FleetJson's mapper, OperationRequests' binding); Vert.x is only the HTTP transport
    noClasses().that().resideInAPackage("io.pgmob.fleet..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx.core.json..")
        .because("fleet writes and reads JSON with Jackson (ops.FleetJson); Vert.x is used for HTTP transport only")
        .check(fleet);
  }
}
