package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.lab.Lab;
import io.pgfailover.record.HeartbeatFile;
import io.pgfailover.record.Recording;
import io.pgfailover.record.RequestRecord;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.IndependentProbe;
import io.pgfailover.testsupport.IndependentProbe.Attempt;
import io.pgfailover.testsupport.IndependentProbe.Gap;
import io.pgfailover.testsupport.IndependentProbe.Target;
import io.pgfailover.testsupport.LabExtension;
import io.pgfailover.testsupport.NeedsLab;
import io.pgfailover.workload.heartbeat.HeartbeatOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent cross-check of the tool's path downtime, on the real lab. While the real
 * ProxyFailover simulation runs a fault, {@link IndependentProbe} (plain JDBC, no code of the tool)
 * writes through the same lab endpoints every 20 ms. Per endpoint, its largest gap between two
 * acknowledged writes, from the trigger's {@code asked} to the end of the run (none when no longer
 * than the tool's gap threshold, which is the tool's own rule for a window), must match the tool's
 * path outage window ({@code endpoints.<name>.path}): each bound within {@value #TOLERANCE_MS} ms,
 * that is 50 ms beyond the independent client's own sampling step ({@value #CADENCE_MS} ms: it
 * knows when its path went down or came back only to the nearest of its attempts).
 *
 * <p>Why the bounds and not the duration: each bound carries its own sampling step, up to one
 * cadence (20 ms for the client, 10 ms for the tool) plus, at the end, the length of the attempt
 * that first succeeds (50-280 ms on the multi-host URL, which tries every host). Of 45 duration
 * comparisons on the lab, 43 were within 50 ms; the two others (-54.4, +60.1 ms) had both bounds
 * within 42 ms, one of them because HAProxy briefly had two writers up (the old primary's Patroni
 * answered 200 on {@code /primary} with its PostgreSQL stopped) and the two clients' connects
 * landed on different nodes. In CI a start bound once differed by 54.3 ms on {@code haproxy}. The
 * durations are printed for every run.
 *
 * <p>For kill-proxy the outage is also known from the trigger: PgBouncer is SIGKILLed right after
 * {@code asked} and listens again at {@code accepting-connections}; the tool's window must start
 * within the tolerance of the one and end within it of the other plus the login its first success
 * needed. ({@code killed} is seen in /proc up to 126 ms after the signal, so it is not the start.)
 *
 * <p>For partition-clients the outage is known too (the cut, the heal), and on {@code direct} the
 * two clients do not end together: each connection hung through the cut resumes at its own next TCP
 * retransmission, whose time depends on that connection's RTO (CI saw the tool's end 257 ms after
 * the independent client's). There the end is checked against PostgreSQL's clock: the server's
 * {@code clock_timestamp()} of the tool's next heartbeat, which the probe sends only once it has
 * the ack that ends the window.
 *
 * <p>A fourth probe thread, {@code direct-recheck0}, writes through the multi-host URL with {@code
 * hostRecheckSeconds=0}: pgjdbc then ignores what its JVM-wide host status tracker remembers, so
 * comparing it with {@code direct} shows whether the tracker delays a reconnect.
 *
 * <p>Every run's failover.json, run log, recording and the probe's attempts are copied to {@code
 * target/path-crosscheck/<trigger>/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsLab
class PathDowntimeCrossCheckTest {
  private static final long CADENCE_MS = 20;
  private static final double TOLERANCE_MS = 50 + CADENCE_MS;
  private static final List<String> ENDPOINTS = List.of("direct", "proxy", "haproxy");
  private static final String RECHECK_0 = "direct-recheck0";
  private static final Duration INTERVAL = Duration.ofMillis(CADENCE_MS);
  private static final Duration HEAL = Duration.ofSeconds(60);

  /**
   * How late after a heal a path may come back. A connection that waited through a 6 s cut resumes
   * at its fifth TCP retransmission, 31 RTO (6.3-6.9 s) after the first drop: 0.2-0.9 s after the
   * heal. HAProxy sees the node up at its next health check (500 ms, rise 1), and PgBouncer, whose
   * server logins through HAProxy failed during the cut, tries again only at its next {@code
   * server_login_retry} (1 s), then logs in: up to 1.5 s plus that login (CI saw 1499.6 ms).
   */
  private static final long NOTICE_HEAL_MICROS = 2_000_000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  @RegisterExtension static final LabExtension LAB = new LabExtension();

  private static Lab lab() {
    return LAB.lab();
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
    List<Executable> checks = new ArrayList<>(m.crossChecks());
    // a crash kills the whole node at once: no backend may outlive its postmaster and answer
    // 57P01 "unexpected postmaster exit" (CI saw one when kill(1) signalled 31 processes in turn,
    // and another client's backend commit for 89 ms after the first died)
    checks.add(
        () ->
            assertTrue(
                m.eventDetail("returned").contains("at once"),
                "kill-primary did not kill the node in one step: " + m.eventDetail("returned")));
    for (String name : m.probe().endpoints()) {
      checks.add(
          () -> {
            List<String> outlived =
                m.probe().attempts(name).stream()
                    .filter(a -> !a.ok() && a.error().contains("unexpected postmaster exit"))
                    .map(a -> time(a.endMicros()) + " " + a.error())
                    .toList();
            assertTrue(
                outlived.isEmpty(),
                name + ": a backend outlived its killed postmaster: " + outlived);
          });
    }
    assertAll(checks);
  }

  @Test
  @Order(3)
  void killProxyPathOutageIsTheOutageTheTriggerMade(@TempDir Path results) throws Exception {
    Measured m = measure("kill-proxy", results);
    long asked = m.askedMicros();
    long accepting = m.eventMicros("accepting-connections");
    JsonNode window = m.longestOutage(m.figure("proxy"));
    Gap client = m.clientGap("proxy");
    System.out.printf(
        Locale.ROOT,
        "kill-proxy known outage: asked (SIGKILL) %s ->" + " accepting-connections %s = %.1f ms%n",
        time(asked),
        time(accepting),
        (accepting - asked) / 1000.0);
    if (window != null) {
      printAgainstKnown(
          "tool path", micros(window, "startEpoch"), micros(window, "endEpoch"), asked, accepting);
    }
    printAgainstKnown("client", client.fromMicros(), client.toMicros(), asked, accepting);
    if (window != null) {
      System.out.printf(
          Locale.ROOT,
          "  logins through the restarted PgBouncer: the tool's first success %.1f ms,"
              + " the independent client's %.1f ms%n",
          m.toolFirstSuccessAfter("proxy", micros(window, "endEpoch")).acquireMicros() / 1000.0,
          m.firstAckAfterGap("proxy").connectMicros() / 1000.0);
    }
    List<Executable> checks = new ArrayList<>(m.crossChecks());
    checks.add(
        () -> {
          assertNotNull(window, "proxy: no path outage window: " + m.figure("proxy"));
          assertBound(
              asked,
              micros(window, "startEpoch"),
              "proxy: the tool's path window start vs" + " asked, when PgBouncer was killed");
          // the first request after the restart opens a fresh connection through PgBouncer,
          // whose login waits for PgBouncer's own login to the server and for every other client
          // logging in at that instant (the pools refill then): 30-66 ms for the tool's probe and
          // 21-48 ms for the independent client of the same runs, on the lab and in CI. So the
          // login added is the tool's own, as recorded; the bound then says its probe tried again
          // at once and the window ends with that request.
          RequestRecord first = m.toolFirstSuccessAfter("proxy", micros(window, "endEpoch"));
          long login = first.acquireMicros();
          assertBound(
              accepting + login,
              micros(window, "endEpoch"),
              "proxy: the tool's path window end vs accepting-connections (when the restarted"
                  + " PgBouncer listened) plus the "
                  + login / 1000.0
                  + " ms its first successful probe spent logging in through it");
        });
    assertAll(checks);
  }

  /**
   * A silent client cut of known length: the primary's clients and proxies lose it for 6 s, the
   * cluster does not fail over. Every path's outage is then the cut, give or take what its clients
   * need to notice the heal (a retransmission, a health check), and the independent client, which
   * has the same timeouts, sees the same gap.
   */
  @Test
  @Order(4)
  void partitionClientsPathOutageIsTheCutAndMatchesAnIndependentClient(@TempDir Path results)
      throws Exception {
    Measured m = measure("partition-clients", results, "-Dfailover.partition.duration=6s");
    long cut = m.eventMicros("partitioned");
    long healed = m.eventMicros("partition-healed");
    List<Executable> checks = new ArrayList<>(m.crossChecks(Set.of("direct")));
    m.printRetransmissions("direct");
    for (String name : ENDPOINTS) {
      JsonNode window = m.longestOutage(m.figure(name));
      Gap client = m.clientGap(name);
      System.out.printf(Locale.ROOT, "partition-clients %s, known cut:%n", name);
      printAgainstKnown(
          "client", client.fromMicros(), client.toMicros(), cut, healed, "the cut", "the heal");
      if (window != null) {
        printAgainstKnown(
            "tool path",
            micros(window, "startEpoch"),
            micros(window, "endEpoch"),
            cut,
            healed,
            "the cut",
            "the heal");
      }
      checks.add(
          () -> {
            assertNotNull(window, name + ": no path outage window: " + m.figure(name));
            assertBound(
                cut, micros(window, "startEpoch"), name + ": the path window start vs the cut");
            assertNoticedHeal(name + ": the path window", micros(window, "endEpoch"), healed);
            assertNoticedHeal(
                name + ": the independent client's largest gap", client.toMicros(), healed);
          });
    }
    assertAll(checks);
  }

  /** A path comes back after a heal, within what its clients need to notice it. */
  private static void assertNoticedHeal(String what, long endMicros, long healedMicros) {
    long after = endMicros - healedMicros;
    assertTrue(
        after >= 0 && after <= NOTICE_HEAL_MICROS,
        what
            + " ends "
            + after / 1000.0
            + " ms after the heal; clients notice a heal within "
            + NOTICE_HEAL_MICROS / 1000
            + " ms (a retransmission, a health check)");
  }

  private static void printAgainstKnown(
      String what, long from, long to, long asked, long accepting) {
    printAgainstKnown(what, from, to, asked, accepting, "asked", "accepting-connections");
  }

  private static void printAgainstKnown(
      String what, long from, long to, long begin, long end, String beginName, String endName) {
    long asked = begin;
    long accepting = end;
    System.out.printf(
        Locale.ROOT,
        "  %-9s %.1f ms [%s .. %s]: %+.1f ms against the known outage,"
            + " starting %+.1f ms from "
            + beginName
            + " and ending %+.1f ms from "
            + endName
            + "%n",
        what,
        (to - from) / 1000.0,
        time(from),
        time(to),
        (to - from - (accepting - asked)) / 1000.0,
        (from - asked) / 1000.0,
        (to - accepting) / 1000.0);
  }

  /** One run of the simulation with {@code trigger}, the independent probe writing throughout. */
  private static Measured measure(String trigger, Path results, String... extra) throws Exception {
    lab().heal(HEAL);
    String user = lab().user();
    String password = lab().password();
    IndependentProbe.prepareTable(lab().directUrl(), user, password);
    List<Target> targets =
        List.of(
            new Target("direct", lab().directUrl()),
            new Target("proxy", lab().proxyUrl()),
            new Target("haproxy", lab().haproxyUrl()),
            new Target(RECHECK_0, lab().directUrl(), Map.of("hostRecheckSeconds", "0")));
    IndependentProbe probe = IndependentProbe.start(targets, user, password, INTERVAL);
    GatlingRun run;
    try (probe) {
      assertTrue(
          probe.awaitFirstAcks(Duration.ofSeconds(10)),
          "the independent probe got no write acknowledged on some endpoint");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-Dfailover.trigger=" + trigger,
                  "-Dfailover.lab.keep=true",
                  "-Dfailover.run.warm-up=4s",
                  "-Dfailover.run.trigger-after=4s",
                  "-Dfailover.run.tail=4s",
                  "-Dfailover.run.max-duration=90s",
                  "-Dfailover.workload.business.users-per-endpoint=2"));
      args.addAll(List.of(extra));
      run = GatlingRun.run("ProxyFailover", results, args);
    }
    assertEquals(0, run.exitCode(), "Gatling failed:\n" + run.tail());
    Measured m =
        new Measured(
            trigger,
            run.json(),
            probe,
            results.resolve("runs").resolve(run.json().path("runId").asText()));
    m.keep(results, run);
    m.print();
    try {
      m.probe
          .serverSummary(lab().directUrl(), user, password)
          .forEach((e, s) -> System.out.println("  server side " + e + ": " + s));
    } catch (java.sql.SQLException e) {
      System.out.println("  server side: not read (" + e.getMessage() + ")");
    }
    return m;
  }

  /** What one run gave: the tool's report and the independent probe's attempts. */
  private record Measured(String trigger, JsonNode json, IndependentProbe probe, Path runDir) {
    /** The first trigger event called {@code name}, in epoch microseconds. */
    long eventMicros(String name) {
      return micros(event(name), "epoch");
    }

    /** The detail of the first trigger event called {@code name}. */
    String eventDetail(String name) {
      return event(name).path("detail").asText();
    }

    private JsonNode event(String name) {
      for (JsonNode e : json.path("trigger").path("events")) {
        if (name.equals(e.path("name").asText())) {
          return e;
        }
      }
      throw new AssertionError(
          "no trigger event '" + name + "' in " + json.path("trigger").path("events"));
    }

    long askedMicros() {
      return eventMicros("asked");
    }

    long endMicros() {
      return micros(json, "runEndEpoch");
    }

    /** The tool's gap threshold: a shorter gap between successes is not a window. */
    double thresholdMs() {
      return json.path("settings").path("gapThresholdMs").asDouble(200);
    }

    Gap clientGap(String endpoint) {
      Gap g = probe.largestGap(endpoint, askedMicros(), endMicros());
      assertNotNull(g, endpoint + ": the independent probe has fewer than two acks");
      return g;
    }

    /** The client's outage by the tool's own definition: its largest gap, 0 below the threshold. */
    double clientOutageMs(String endpoint) {
      double ms = clientGap(endpoint).ms();
      return ms > thresholdMs() ? ms : 0;
    }

    /** The client's first acknowledged write after its largest gap. */
    Attempt firstAckAfterGap(String endpoint) {
      Gap g = clientGap(endpoint);
      return probe.attempts(endpoint).stream()
          .filter(a -> a.ok() && a.endMicros() == g.toMicros())
          .findFirst()
          .orElseThrow();
    }

    JsonNode endpoint(String name) {
      return json.path("endpoints").path(name);
    }

    /** The figure under test: the path probe's. */
    JsonNode figure(String name) {
      return endpoint(name).path("path");
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
        if (outage
            && micros(w, "endEpoch") >= askedMicros()
            && (best == null
                || w.path("durationMs").asDouble() > best.path("durationMs").asDouble())) {
          best = w;
        }
      }
      return best;
    }

    String missingPath(String name) {
      return name
          + ": no endpoints."
          + name
          + ".path in failover.json (the path probe's figure"
          + " is not in this build); endpoint: "
          + endpoint(name);
    }

    /** Per endpoint: the tool's path outage window has the bounds of the client's largest gap. */
    List<Executable> crossChecks() {
      return crossChecks(Set.of());
    }

    /**
     * As {@link #crossChecks()}, but for {@code endByServerClock} the window's end is checked
     * against PostgreSQL's own clock instead of the independent client: where each connection
     * waited out a silent cut in the kernel's retransmission backoff, it resumes at its own next
     * retransmission ({@link #printRetransmissions}), and two clients' resumptions differ by
     * hundreds of ms. The probe sends its next heartbeat only once it has the ack that ends the
     * window, and at once (its tick is long past), so the server's {@code clock_timestamp()} of
     * that next heartbeat falls just after the true end. The first heartbeat's own timestamp does
     * not: when the cut held its answer rather than its request, the server committed it as the cut
     * began (CI: 6.67 s before the ack).
     */
    List<Executable> crossChecks(Set<String> endByServerClock) {
      List<Executable> checks = new ArrayList<>();
      for (String name : ENDPOINTS) {
        checks.add(
            () -> {
              JsonNode f = figure(name);
              if (f.isMissingNode() || f.isNull()) {
                fail(missingPath(name));
              }
              JsonNode w = longestOutage(f);
              String what = trigger + " " + name + ": the tool's path outage window";
              if (clientOutageMs(name) == 0) {
                assertTrue(
                    w == null,
                    what
                        + " "
                        + w
                        + ", where the independent client's largest gap"
                        + " was within the gap threshold");
                return;
              }
              assertNotNull(
                  w,
                  what
                      + " is missing; the independent client's gap was "
                      + clientOutageMs(name)
                      + " ms");
              Gap g = clientGap(name);
              assertBound(
                  g.fromMicros(),
                  micros(w, "startEpoch"),
                  what + " start vs the independent client's last ack before its gap");
              if (endByServerClock.contains(name)) {
                long end = micros(w, "endEpoch");
                long server = serverMicros(name, toolNextSuccess(name, end));
                assertTrue(
                    server >= end && server - end <= TOLERANCE_MS * 1000,
                    String.format(
                        Locale.ROOT,
                        "%s end %s vs the server's clock_timestamp() of the tool's next heartbeat"
                            + " (sent only once that ack was in), %s: %+.1f ms, not within"
                            + " [0, %.0f] ms",
                        what,
                        time(end),
                        time(server),
                        (server - end) / 1000.0,
                        TOLERANCE_MS));
                return;
              }
              assertBound(
                  g.toMicros(),
                  micros(w, "endEpoch"),
                  what + " end vs the independent client's first ack after its gap");
            });
      }
      return checks;
    }

    /** The tool's path probe request (a heartbeat) that ended at {@code endMicros}, successful. */
    RequestRecord toolFirstSuccessAfter(String endpoint, long endMicros) {
      return toolProbeSuccesses(endpoint).stream()
          .filter(r -> r.endMicros() == endMicros)
          .findFirst()
          .orElseThrow(
              () ->
                  new AssertionError(
                      endpoint
                          + ": no successful path probe request ending at "
                          + time(endMicros)));
    }

    /** The tool's next successful path probe request (a heartbeat) starting after {@code end}. */
    RequestRecord toolNextSuccess(String endpoint, long endMicros) {
      return toolProbeSuccesses(endpoint).stream()
          .filter(r -> r.startMicros() >= endMicros)
          .min(Comparator.comparingLong(RequestRecord::startMicros))
          .orElseThrow(
              () ->
                  new AssertionError(
                      endpoint + ": no successful path probe request after " + time(endMicros)));
    }

    /** The successful heartbeats of the endpoint's path probe, from the run's recording. */
    private List<RequestRecord> toolProbeSuccesses(String endpoint) {
      try {
        Recording recording = Recording.read(runDir);
        return recording.records().stream()
            .filter(
                r ->
                    r.ok()
                        && endpoint.equals(recording.catalog().endpointById(r.endpoint()).name())
                        && HeartbeatOperation.WORKLOAD.equals(
                            recording.catalog().operationById(r.operation()).workload()))
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** PostgreSQL's clock_timestamp() of a heartbeat, as read back from the final primary. */
    long serverMicros(String endpoint, RequestRecord heartbeat) {
      try {
        long[] found = {-1};
        HeartbeatFile.forEach(
            runDir,
            (e, seq, server) -> {
              if (e.equals(endpoint) && seq == heartbeat.detail()) {
                found[0] = server;
              }
            });
        if (found[0] < 0) {
          throw new AssertionError(
              endpoint
                  + ": heartbeat "
                  + heartbeat.detail()
                  + " is not in "
                  + HeartbeatFile.FILE_NAME);
        }
        return found[0];
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * How each client's write hung through a silent cut came back: sent once, its packets dropped,
     * it is retransmitted about RTO, 3, 7, 15 and 31 RTO after it was sent (the wait doubles each
     * time), so after a 6 s cut it resumes at the fifth retransmission, about 31 RTO after it was
     * sent. Linux's RTO is 200 ms plus the connection's smoothed RTT and its variance, so two
     * connections whose RTO differs by 8 ms resume 250 ms apart. When the cut held the answer
     * rather than the request, the first drop is the server's answer, retransmitted on the server
     * socket's RTO. Printed, with the RTO each implies, to explain the two clients' ends.
     */
    void printRetransmissions(String endpoint) {
      Gap g = clientGap(endpoint);
      Attempt client = firstAckAfterGap(endpoint);
      JsonNode w = longestOutage(figure(endpoint));
      System.out.printf(
          Locale.ROOT,
          "  %s: the independent client's write hung %.1f ms (31 RTO: %.1f ms),"
              + " resuming %.1f ms after the heal%n",
          endpoint,
          (client.endMicros() - client.startMicros()) / 1000.0,
          (client.endMicros() - client.startMicros()) / 31000.0,
          (g.toMicros() - eventMicros("partition-healed")) / 1000.0);
      if (w != null) {
        RequestRecord tool = toolFirstSuccessAfter(endpoint, micros(w, "endEpoch"));
        long committed = serverMicros(endpoint, tool);
        long healed = eventMicros("partition-healed");
        // the first packet the cut dropped: the request, or, if the server committed the write
        // during the cut, its answer (then retransmitted by the server, on its own RTO)
        boolean answerHeld = committed < healed;
        long firstDrop = answerHeld ? committed : tool.startMicros();
        System.out.printf(
            Locale.ROOT,
            "  %s: the tool's heartbeat hung %.1f ms; the server committed it %.1f ms before the"
                + " ack, so the cut held its %s; %.1f ms from that first drop to the ack (31 RTO:"
                + " %.1f ms), resuming %.1f ms after the heal%n",
            endpoint,
            tool.latencyMicros() / 1000.0,
            (tool.endMicros() - committed) / 1000.0,
            answerHeld
                ? "answer (retransmitted by the server)"
                : "request (retransmitted by the tool)",
            (tool.endMicros() - firstDrop) / 1000.0,
            (tool.endMicros() - firstDrop) / 31000.0,
            (tool.endMicros() - healed) / 1000.0);
      }
    }

    void print() {
      System.out.printf(
          Locale.ROOT,
          "%nPath downtime cross-check, %s (asked %s, run end %s," + " gap threshold %.0f ms)%n",
          trigger,
          time(askedMicros()),
          time(endMicros()),
          thresholdMs());
      System.out.printf(
          Locale.ROOT,
          "  %-16s %9s %9s %8s %11s %10s  %-27s %-27s %s%n",
          "endpoint",
          "client ms",
          "path ms",
          "diff",
          "workload ms",
          "top ms",
          "client gap",
          "tool window",
          "client's first ack after the gap");
      for (String name : ENDPOINTS) {
        Gap g = clientGap(name);
        Double tool = toolOutageMs(name);
        JsonNode f = figure(name);
        JsonNode w = f.isMissingNode() || f.isNull() ? null : longestOutage(f);
        Attempt first = firstAckAfterGap(name);
        System.out.printf(
            Locale.ROOT,
            "  %-16s %9.1f %9s %8s %11s %10s  %-27s %-27s %s%n",
            name,
            clientOutageMs(name),
            fmt(tool),
            tool == null ? "-" : fmt(tool - clientOutageMs(name)),
            fmt(number(endpoint(name).path("workload").path("downtimeMs"))),
            fmt(number(endpoint(name).path("downtimeMs"))),
            time(g.fromMicros()) + ".." + time(g.toMicros()),
            w == null ? "-" : time(micros(w, "startEpoch")) + ".." + time(micros(w, "endEpoch")),
            String.format(
                Locale.ROOT,
                "started %s, took %.1f ms (connect %.1f)%s",
                time(first.startMicros()),
                (first.endMicros() - first.startMicros()) / 1000.0,
                first.connectMicros() / 1000.0,
                first.port() > 0 ? ", server port " + first.port() : ""));
      }
      Gap direct = clientGap("direct");
      Gap recheck0 = clientGap(RECHECK_0);
      System.out.printf(
          Locale.ROOT,
          "  %-16s %9.1f   (largest gap; direct minus this %+.1f ms:"
              + " what pgjdbc's host status tracker cost the direct client)%n",
          RECHECK_0,
          recheck0.ms(),
          direct.ms() - recheck0.ms());
      for (String name : List.of("direct", RECHECK_0)) {
        System.out.println(
            "  " + name + " attempts in its largest gap: " + attemptsIn(name, clientGap(name)));
      }
      for (JsonNode e : json.path("trigger").path("events")) {
        System.out.printf(
            "  event %s %s %s%n",
            time(micros(e, "epoch")), e.path("name").asText(), e.path("detail").asText());
      }
    }

    /** Failed attempts in a gap, summarized: count, error kinds, longest connect, landings. */
    String attemptsIn(String name, Gap g) {
      List<Attempt> in =
          probe.attempts(name).stream()
              .filter(a -> a.endMicros() > g.fromMicros() && a.endMicros() <= g.toMicros())
              .toList();
      long failed = in.stream().filter(a -> !a.ok()).count();
      long longestConnect = in.stream().mapToLong(Attempt::connectMicros).max().orElse(0);
      Map<String, Long> errors = new java.util.TreeMap<>();
      for (Attempt a : in) {
        if (!a.ok()) {
          String key = a.error().length() > 110 ? a.error().substring(0, 110) : a.error();
          errors.merge(key, 1L, Long::sum);
        }
      }
      Attempt last = in.isEmpty() ? null : in.get(in.size() - 1);
      return String.format(
          Locale.ROOT,
          "%d attempts, %d failed %s; longest attempt %.1f ms,"
              + " longest connect %.1f ms; the first success landed on port %s, %.1f ms connecting",
          in.size(),
          failed,
          errors,
          in.stream().mapToLong(a -> a.endMicros() - a.startMicros()).max().orElse(0) / 1000.0,
          longestConnect / 1000.0,
          last == null ? "-" : last.port(),
          last == null ? 0 : last.connectMicros() / 1000.0);
    }

    /** Copies what a disagreement needs to be explained to target/path-crosscheck/trigger/. */
    void keep(Path results, GatlingRun run) throws IOException {
      Path dir = Path.of("target", "path-crosscheck", trigger);
      Files.createDirectories(dir);
      Files.copy(
          run.report().resolve("failover.json"),
          dir.resolve("failover.json"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.copy(
          results.resolve("run.log"), dir.resolve("run.log"), StandardCopyOption.REPLACE_EXISTING);
      for (String f : List.of("events.tsv", "heartbeat.tsv", "catalog.tsv", "requests.bin")) {
        if (Files.isRegularFile(runDir.resolve(f))) {
          Files.copy(runDir.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      StringBuilder tsv =
          new StringBuilder(
              "endpoint\tseq\tstart_epoch_us\tend_epoch_us\tok\tconnect_us\tport\terror\n");
      for (String e : probe.endpoints()) {
        for (Attempt a : probe.attempts(e)) {
          tsv.append(e)
              .append('\t')
              .append(a.seq())
              .append('\t')
              .append(a.startMicros())
              .append('\t')
              .append(a.endMicros())
              .append('\t')
              .append(a.ok())
              .append('\t')
              .append(a.connectMicros())
              .append('\t')
              .append(a.port())
              .append('\t')
              .append(a.error() == null ? "" : a.error().replace('\t', ' '))
              .append('\n');
        }
      }
      Files.writeString(dir.resolve("probe-attempts.tsv"), tsv);
    }
  }

  /** A window bound within the tolerance of the reference moment. */
  private static void assertBound(long expectedMicros, long actualMicros, String what) {
    double diffMs = (actualMicros - expectedMicros) / 1000.0;
    assertTrue(
        Math.abs(diffMs) <= TOLERANCE_MS,
        String.format(
            Locale.ROOT,
            "%s: %s against %s, %+.1f ms, more than the %.0f ms allowed",
            what,
            time(actualMicros),
            time(expectedMicros),
            diffMs,
            TOLERANCE_MS));
  }

  /** {@code <prefix>Micros} of a JSON object, or {@code <prefix>Ms} times 1000 without it. */
  private static long micros(JsonNode node, String prefix) {
    JsonNode us = node.path(prefix + "Micros");
    return us.isNumber() ? us.asLong() : node.path(prefix + "Ms").asLong() * 1000;
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  private static String fmt(Double ms) {
    return ms == null ? "-" : String.format(Locale.ROOT, "%.1f", ms);
  }

  private static String time(long epochMicros) {
    return TIME.format(
        Instant.ofEpochSecond(epochMicros / 1_000_000, (epochMicros % 1_000_000) * 1000));
  }
}
