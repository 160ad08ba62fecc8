package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.lab.Lab;
import io.pgfailover.lab.LabSettings;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.IndependentProbe;
import io.pgfailover.testsupport.IndependentProbe.Attempt;
import io.pgfailover.testsupport.IndependentProbe.Gap;
import io.pgfailover.testsupport.IndependentProbe.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent cross-check of the tool's path downtime, on the real lab. While the real
 * ProxyFailover simulation runs a fault, {@link IndependentProbe} (plain JDBC, no code of the tool)
 * writes through the same lab endpoints every 20 ms. Per endpoint, its largest gap between two
 * acknowledged writes, from the trigger's {@code asked} to the end of the run, must match the tool's
 * path outage ({@code endpoints.<name>.path}) within {@value #TOLERANCE_MS} ms. For kill-proxy the
 * outage is also known from the trigger's own events ({@code killed} to {@code
 * accepting-connections}), and both figures must match that.
 *
 * <p>A fourth probe thread, {@code direct-recheck0}, writes through the multi-host URL with {@code
 * hostRecheckSeconds=0}: pgjdbc then ignores what its JVM-wide host status tracker remembers, so
 * comparing it with {@code direct} shows whether the tracker delays a reconnect.
 *
 * <p>{@code -Dcrosscheck.legacy=true} compares against the top-level {@code windows} instead of
 * {@code path} (for a build without the path figure). Every run's failover.json, run log and the
 * probe's attempts are copied to {@code target/path-crosscheck/<trigger>/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PathDowntimeCrossCheckTest {
  private static final double TOLERANCE_MS = 50;
  private static final List<String> ENDPOINTS = List.of("direct", "proxy", "haproxy");
  private static final String RECHECK_0 = "direct-recheck0";
  private static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Duration HEAL = Duration.ofSeconds(60);
  private static final boolean LEGACY = Boolean.getBoolean("crosscheck.legacy");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static Lab lab;

  @BeforeAll
  static void startLab() {
    assumeFalse(Boolean.getBoolean("lab.skip"), "lab tests skipped (-Dlab.skip=true)");
    lab = Lab.start(LabSettings.defaults());
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.stop();
    }
  }

  @Test
  @Order(1)
  void switchoverPathOutageMatchesAnIndependentClient(@TempDir Path results) throws Exception {
    Measured m = measure("patroni-switchover", results);
    assertAll(m.crossChecks());
  }

  @Test
  @Order(2)
  void killPrimaryPathOutageMatchesAnIndependentClient(@TempDir Path results) throws Exception {
    Measured m = measure("kill-primary", results);
    assertAll(m.crossChecks());
  }

  @Test
  @Order(3)
  void killProxyPathOutageIsTheOutageTheTriggerMade(@TempDir Path results) throws Exception {
    Measured m = measure("kill-proxy", results);
    long killed = m.eventMs("killed");
    long accepting = m.eventMs("accepting-connections");
    double known = accepting - killed;
    Gap proxyGap = m.clientGap("proxy");
    System.out.printf(Locale.ROOT, "kill-proxy known outage: killed %s -> accepting-connections"
        + " %s = %.1f ms | tool path %s ms | client %.1f ms [%s .. %s]%n", time(killed * 1000),
        time(accepting * 1000), known, fmt(m.toolOutageMs("proxy")), proxyGap.ms(),
        time(proxyGap.fromMicros()), time(proxyGap.toMicros()));
    List<Executable> checks = new ArrayList<>(m.crossChecks());
    checks.add(() -> assertNotNull(m.toolOutageMs("proxy"), m.missingPath("proxy")));
    checks.add(() -> assertWithin(known, m.toolOutageMs("proxy"),
        "proxy: tool path outage vs killed..accepting-connections"));
    checks.add(() -> assertWithin(known, proxyGap.ms(),
        "proxy: independent client gap vs killed..accepting-connections"));
    assertAll(checks);
  }

  /** One run of the simulation with {@code trigger}, the independent probe writing throughout. */
  private static Measured measure(String trigger, Path results) throws Exception {
    lab.heal(HEAL);
    String user = lab.user();
    String password = lab.password();
    IndependentProbe.prepareTable(lab.directUrl(), user, password);
    List<Target> targets = List.of(new Target("direct", lab.directUrl()),
        new Target("proxy", lab.proxyUrl()), new Target("haproxy", lab.haproxyUrl()),
        new Target(RECHECK_0, lab.directUrl(), Map.of("hostRecheckSeconds", "0")));
    IndependentProbe probe = IndependentProbe.start(targets, user, password, INTERVAL);
    GatlingRun run;
    try (probe) {
      assertTrue(probe.awaitFirstAcks(Duration.ofSeconds(10)),
          "the independent probe got no write acknowledged on some endpoint");
      run = GatlingRun.run("ProxyFailover", results, List.of(
          "-Dfailover.trigger=" + trigger, "-Dfailover.lab.keep=true",
          "-Dfailover.run.warm-up=4s", "-Dfailover.run.trigger-after=4s",
          "-Dfailover.run.tail=4s", "-Dfailover.run.max-duration=90s",
          "-Dfailover.workload.business.users-per-endpoint=2"));
    }
    assertEquals(0, run.exitCode(), "Gatling failed:\n" + run.tail());
    Measured m = new Measured(trigger, run.json(), probe);
    m.keep(results, run);
    m.print();
    try {
      m.probe.serverSummary(lab.directUrl(), user, password)
          .forEach((e, s) -> System.out.println("  server side " + e + ": " + s));
    } catch (java.sql.SQLException e) {
      System.out.println("  server side: not read (" + e.getMessage() + ")");
    }
    return m;
  }

  /** What one run gave: the tool's report and the independent probe's attempts. */
  private record Measured(String trigger, JsonNode json, IndependentProbe probe) {
    long eventMs(String name) {
      for (JsonNode e : json.path("trigger").path("events")) {
        if (name.equals(e.path("name").asText())) {
          return e.path("epochMs").asLong();
        }
      }
      throw new AssertionError("no trigger event '" + name + "' in "
          + json.path("trigger").path("events"));
    }

    long askedMicros() {
      return eventMs("asked") * 1000;
    }

    long endMicros() {
      return json.path("runEndEpochMs").asLong() * 1000;
    }

    Gap clientGap(String endpoint) {
      Gap g = probe.largestGap(endpoint, askedMicros(), endMicros());
      assertNotNull(g, endpoint + ": the independent probe has fewer than two acks");
      return g;
    }

    JsonNode endpoint(String name) {
      return json.path("endpoints").path(name);
    }

    /** The figure under test: the path probe's, or with crosscheck.legacy the top-level one. */
    JsonNode figure(String name) {
      return LEGACY ? endpoint(name) : endpoint(name).path("path");
    }

    /** The longest outage window of the figure, its downtimeMs without windows; null if absent. */
    Double toolOutageMs(String name) {
      JsonNode f = figure(name);
      if (f.isMissingNode() || f.isNull()) {
        return null;
      }
      JsonNode w = longestOutage(f);
      return w != null ? w.path("durationMs").asDouble() : f.path("downtimeMs").asDouble();
    }

    JsonNode longestOutage(JsonNode figure) {
      JsonNode best = null;
      for (JsonNode w : figure.path("windows")) {
        boolean outage = !w.has("kind") ? true : "outage".equals(w.path("kind").asText());
        if (outage && w.path("endEpochMs").asLong() * 1000 >= askedMicros()
            && (best == null
                || w.path("durationMs").asDouble() > best.path("durationMs").asDouble())) {
          best = w;
        }
      }
      return best;
    }

    String missingPath(String name) {
      return name + ": no endpoints." + name + ".path in failover.json (the path probe's figure"
          + " is not in this build); endpoint: " + endpoint(name);
    }

    List<Executable> crossChecks() {
      List<Executable> checks = new ArrayList<>();
      for (String name : ENDPOINTS) {
        checks.add(() -> {
          Double tool = toolOutageMs(name);
          if (tool == null) {
            fail(missingPath(name));
          }
          assertWithin(clientGap(name).ms(), tool, trigger + " " + name
              + ": tool path outage vs the independent client's largest gap");
        });
      }
      return checks;
    }

    void print() {
      System.out.printf(Locale.ROOT, "%nPath downtime cross-check, %s (asked %s, run end %s)%s%n",
          trigger, time(askedMicros()), time(endMicros()),
          LEGACY ? " [legacy: tool figure = top-level windows]" : "");
      System.out.printf(Locale.ROOT, "  %-16s %10s %10s %8s %11s %11s  %-27s %-27s%n", "endpoint",
          "client ms", "path ms", "diff", "workload ms", "legacy ms", "client gap", "tool window");
      for (String name : ENDPOINTS) {
        Gap g = clientGap(name);
        Double tool = toolOutageMs(name);
        JsonNode w = figure(name).isMissingNode() ? null : longestOutage(figure(name));
        System.out.printf(Locale.ROOT, "  %-16s %10.1f %10s %8s %11s %11s  %-27s %-27s%n", name,
            g.ms(), fmt(tool), tool == null ? "-" : fmt(tool - g.ms()),
            fmt(number(endpoint(name).path("workload").path("downtimeMs"))),
            fmt(number(endpoint(name).path("downtimeMs"))),
            time(g.fromMicros()) + ".." + time(g.toMicros()),
            w == null ? "-" : time(w.path("startEpochMs").asLong() * 1000) + ".."
                + time(w.path("endEpochMs").asLong() * 1000));
      }
      Gap direct = clientGap("direct");
      Gap recheck0 = clientGap(RECHECK_0);
      System.out.printf(Locale.ROOT, "  %-16s %10.1f   (direct minus this: %+.1f ms: what pgjdbc's"
          + " host status tracker cost the direct client)%n", RECHECK_0, recheck0.ms(),
          direct.ms() - recheck0.ms());
      for (String name : List.of("direct", RECHECK_0)) {
        System.out.println("  " + name + " attempts in its largest gap: "
            + attemptsIn(name, clientGap(name)));
      }
      for (JsonNode e : json.path("trigger").path("events")) {
        System.out.printf("  event %s %s %s%n", time(e.path("epochMs").asLong() * 1000),
            e.path("name").asText(), e.path("detail").asText());
      }
    }

    /** Failed attempts in a gap, summarized: count, error kinds, longest connect, landings. */
    String attemptsIn(String name, Gap g) {
      List<Attempt> in = probe.attempts(name).stream()
          .filter(a -> a.endMicros() > g.fromMicros() && a.endMicros() <= g.toMicros()).toList();
      long failed = in.stream().filter(a -> !a.ok()).count();
      long longestConnect = in.stream().mapToLong(Attempt::connectMicros).max().orElse(0);
      Map<String, Long> errors = new java.util.TreeMap<>();
      for (Attempt a : in) {
        if (!a.ok()) {
          String key = a.error().length() > 60 ? a.error().substring(0, 60) : a.error();
          errors.merge(key, 1L, Long::sum);
        }
      }
      Attempt last = in.isEmpty() ? null : in.get(in.size() - 1);
      return String.format(Locale.ROOT, "%d attempts, %d failed %s; longest attempt %.1f ms,"
          + " longest connect %.1f ms; the first success landed on port %s, %.1f ms connecting",
          in.size(), failed, errors,
          in.stream().mapToLong(a -> a.endMicros() - a.startMicros()).max().orElse(0) / 1000.0,
          longestConnect / 1000.0, last == null ? "-" : last.port(),
          last == null ? 0 : last.connectMicros() / 1000.0);
    }

    /** Copies what a disagreement needs to be explained to target/path-crosscheck/trigger/. */
    void keep(Path results, GatlingRun run) throws IOException {
      Path dir = Path.of("target", "path-crosscheck", trigger);
      Files.createDirectories(dir);
      Files.copy(run.report().resolve("failover.json"), dir.resolve("failover.json"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.copy(results.resolve("run.log"), dir.resolve("run.log"),
          StandardCopyOption.REPLACE_EXISTING);
      Path runDir = results.resolve("runs").resolve(json.path("runId").asText());
      for (String f : List.of("events.tsv", "heartbeat.tsv", "catalog.tsv", "requests.bin")) {
        if (Files.isRegularFile(runDir.resolve(f))) {
          Files.copy(runDir.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      StringBuilder tsv = new StringBuilder(
          "endpoint\tseq\tstart_epoch_us\tend_epoch_us\tok\tconnect_us\tport\terror\n");
      for (String e : probe.endpoints()) {
        for (Attempt a : probe.attempts(e)) {
          tsv.append(e).append('\t').append(a.seq()).append('\t').append(a.startMicros())
              .append('\t').append(a.endMicros()).append('\t').append(a.ok()).append('\t')
              .append(a.connectMicros()).append('\t').append(a.port()).append('\t')
              .append(a.error() == null ? "" : a.error().replace('\t', ' ')).append('\n');
        }
      }
      Files.writeString(dir.resolve("probe-attempts.tsv"), tsv);
    }
  }

  private static void assertWithin(double expectedMs, Double actualMs, String what) {
    assertNotNull(actualMs, what + ": no figure");
    assertTrue(Math.abs(actualMs - expectedMs) <= TOLERANCE_MS, String.format(Locale.ROOT,
        "%s: %.1f ms against %.1f ms, %+.1f ms, more than the %.0f ms allowed", what, actualMs,
        expectedMs, actualMs - expectedMs, TOLERANCE_MS));
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  private static String fmt(Double ms) {
    return ms == null ? "-" : String.format(Locale.ROOT, "%.1f", ms);
  }

  private static String time(long epochMicros) {
    return TIME.format(Instant.ofEpochSecond(epochMicros / 1_000_000,
        (epochMicros % 1_000_000) * 1000));
  }
}
