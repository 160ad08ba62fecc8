package io.pgfailover;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of README's "How it is built", checked on the compiled main classes, so that
 * a new dependency against it fails the build instead of growing a cycle (issue 11): no cycle
 * anywhere; the recording's vocabulary ({@code record}) at the bottom, then the settings and the
 * Patroni client; the analysis and its rendering blind to how a run was made; {@code run} used by
 * nothing but the simulations.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pgfailover");
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.pgfailover.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theRecordingsVocabularyDependsOnNothingElseOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.pgfailover.record..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others("record"))
        .check(classes);
  }

  @Test
  void theExitSequenceDependsOnNothingElseOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.pgfailover.lifecycle..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others("lifecycle"))
        .check(classes);
  }

  @Test
  void onlyTheExitSequenceInstallsAShutdownHookInTheRunsJvm() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.pgfailover.lifecycle..")
        .and()
        .doNotHaveSimpleName("MavenExitStatus") // Maven's own JVM, not the run's
        .should()
        .callMethod(Runtime.class, "addShutdownHook", Thread.class)
        .check(classes);
  }

  @Test
  void settingsAndThePatroniClientSitAtTheBottom() {
    noClasses()
        .that()
        .resideInAPackage("io.pgfailover.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others("config", "record"))
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.pgfailover.patroni..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others("patroni", "record"))
        .check(classes);
  }

  @Test
  void theAnalysisKnowsNothingOfHowTheRunWasMade() {
    noClasses()
        .that()
        .resideInAnyPackage("io.pgfailover.downtime..", "io.pgfailover.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others("downtime", "report", "record", "config"))
        .check(classes);
  }

  @Test
  void onlyTheRunWiresThePartsTogether() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.pgfailover.run..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.pgfailover.run..")
        .check(classes);
  }

  /** Every package of ours except {@code allowed} (and their subpackages). */
  private static String[] others(String... allowed) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "config",
                "downtime",
                "endpoint",
                "gatling",
                "lab",
                "lifecycle",
                "patroni",
                "record",
                "report",
                "run",
                "trigger",
                "workload"));
    all.removeAll(List.of(allowed));
    return all.stream().map(p -> "io.pgfailover." + p + "..").toArray(String[]::new);
  }
}
