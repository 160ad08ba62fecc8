package io.pgfailover.run;

import io.pgfailover.downtime.Verdict;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs inside Maven's JVM before the Gatling goal (exec:java at test-compile, pom.xml): refuses a
 * simulation name that matches no simulation, with the list, and installs {@link MavenExitStatus}.
 *
 * <pre>MavenPrelude &lt;test classes dir&gt; &lt;build dir&gt; &lt;gatling.simulationClass&gt;
 * </pre>
 */
public final class MavenPrelude {
  private MavenPrelude() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: MavenPrelude <test classes dir> <build dir> <simulation class>");
    }
    Optional<String> refusal =
        SimulationChoice.refusal(args[2], Path.of(args[0]), MavenPrelude.class.getClassLoader());
    if (refusal.isPresent()) {
      System.err.println();
      System.err.println("failover: " + refusal.get());
      System.err.flush();
      System.out.println();
      System.out.println(Verdict.REFUSED.lastLine());
      System.out.flush();
      // inside Maven's JVM: this ends Maven with the refusal's own status, before any goal
      System.exit(Verdict.REFUSED.exitStatus());
    }
    MavenExitStatus.install(Path.of(args[1]));
  }
}
