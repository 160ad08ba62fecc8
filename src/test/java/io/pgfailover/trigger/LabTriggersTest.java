package io.pgfailover.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.SettingsException;
import io.pgfailover.lab.Lab;
import io.pgfailover.lab.LabNode;
import io.pgfailover.lab.LabSettings;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.testsupport.NeedsLab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lab and generic trigger once against the real lab: one lab for the class, healed after each
 * fault, which also checks that the lab recovers from it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsLab
class LabTriggersTest {
  private static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final Duration HEAL = Duration.ofSeconds(60);
  private static final Duration FREEZE = Duration.ofSeconds(16);
  private static Lab lab;

  @TempDir Path temp;

  @BeforeAll
  static void startLab() {
    lab = Lab.start(LabSettings.defaults());
  }

  @AfterEach
  void heal() {
    if (lab != null) {
      long start = System.nanoTime();
      lab.heal(HEAL);
      System.out.printf(
          "LabTriggersTest: lab healthy again after %.1f s%n", (System.nanoTime() - start) / 1e9);
      assertTrue(stoppedLabProcesses().isEmpty(), "a lab process is still stopped");
    }
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.stop();
    }
  }

  @Test
  @Order(1)
  void signalTriggersRefuseAClusterWithoutLocalProcesses() {
    PatroniCluster restOnly = PatroniCluster.ofRestUrls(lab.patroniCluster().restUrls());
    for (Trigger t :
        List.of(
            new KillPostgresTrigger(restOnly),
            new FreezePrimaryTrigger(restOnly, Duration.ofSeconds(15)))) {
      SettingsException e = assertThrows(SettingsException.class, t::preflight);
      assertTrue(e.getMessage().contains(t.kind()), e.getMessage());
    }
    SettingsException wrong =
        assertThrows(
            SettingsException.class,
            () -> new PatroniFailoverTrigger(lab.patroniCluster(), lab.primaryName()).preflight());
    assertTrue(wrong.getMessage().contains("not a running replica"), wrong.getMessage());
    new KillPostgresTrigger(lab.patroniCluster()).preflight();
    new FreezePrimaryTrigger(lab.patroniCluster(), Duration.ofSeconds(15)).preflight();
    new KillProxyTrigger(lab.proxy("haproxy"), Duration.ZERO).preflight();
    new PatroniFailoverTrigger(lab.patroniCluster(), null).preflight();
  }

  @Test
  @Order(2)
  void patroniFailoverPromotesTheCandidate() throws Exception {
    LabNode old = lab.primaryNode();
    String candidate =
        lab.nodes().stream().filter(n -> !n.isLeader()).findFirst().orElseThrow().name();
    List<FailoverEvent> events = fire(new PatroniFailoverTrigger(lab.patroniCluster(), candidate));
    assertTrue(
        names(events)
            .containsAll(
                List.of("asked", "returned", "new-primary-seen", "timeline", "patroni-history")),
        events::toString);
    assertInOrder(events);
    assertTrue(byName(events).get("returned").detail().startsWith("200 "), events::toString);
    assertEquals(old.name() + " -> " + candidate, byName(events).get("new-primary-seen").detail());
    assertTrue(
        byName(events).get("patroni-history").detail().contains("new leader " + candidate),
        events::toString);
    report("patroni-failover", events, "new-primary-seen");
    lab.waitForAllEndpointsHealthy(HEAL);
    assertEquals(candidate, lab.primaryName());
  }

  @Test
  @Order(3)
  void killPostgresRestartsInPlaceOrFailsOver() throws Exception {
    LabNode old = lab.primaryNode();
    List<FailoverEvent> events = fire(new KillPostgresTrigger(lab.patroniCluster()));
    List<String> names = names(events);
    assertEquals(List.of("asked", "returned"), names.subList(0, 2));
    assertTrue(
        names.contains("primary-restarted") ^ names.contains("new-primary-seen"), events::toString);
    assertTrue(names.containsAll(List.of("timeline", "patroni-history")), events::toString);
    assertInOrder(events);
    assertFalse(LocalSignals.isAlive(old.postmasterPid()), "the old postmaster was killed");
    assertTrue(LocalSignals.isAlive(old.patroniPid()), "Patroni was left running");
    String outcome = names.contains("primary-restarted") ? "primary-restarted" : "new-primary-seen";
    report("kill-postgres", events, outcome);
    lab.waitForAllEndpointsHealthy(HEAL);
    LabNode now = lab.primaryNode();
    if (outcome.equals("primary-restarted")) {
      assertEquals(old.name(), now.name());
      assertNotEquals(old.postmasterPid(), now.postmasterPid());
    } else {
      assertNotEquals(old.name(), now.name());
    }
  }

  @Test
  @Order(4)
  void freezePrimaryLongerThanTheTtlEndsWithOneLeaderAgain() throws Exception {
    LabNode old = lab.primaryNode();
    List<FailoverEvent> events =
        // well past the 10 s ttl: a freeze that ends while the election happens races the
        // thawed Patroni against the new leader (seen in CI with 12 s)
        fire(new FreezePrimaryTrigger(lab.patroniCluster(), FREEZE));
    List<String> names = names(events);
    assertEquals(List.of("asked", "frozen"), names.subList(0, 2), events::toString);
    assertTrue(
        names.containsAll(List.of("new-primary-seen", "thawed", "timeline")), events::toString);
    assertInOrder(events);
    Map<String, FailoverEvent> byName = byName(events);
    long frozenFor = byName.get("thawed").atMicros() - byName.get("frozen").atMicros();
    assertTrue(
        frozenFor >= FREEZE.toNanos() / 1000 && frozenFor < FREEZE.toNanos() / 1000 + 1_000_000,
        "frozen " + frozenFor + " us");
    // Both outcomes happen on the lab: the thawed node is demoted and rejoins, or it takes the
    // leader key back and the node promoted during the freeze is demoted instead.
    boolean retook = names.contains("old-primary-retook-leadership");
    if (!retook) {
      assertTrue(
          names.containsAll(List.of("old-primary-demoted", "old-primary-rejoined")),
          events::toString);
      assertTrue(names.indexOf("old-primary-demoted") < names.indexOf("old-primary-rejoined"));
      String newLeader = byName.get("new-primary-seen").detail().replaceFirst(".* -> ", "");
      assertTrue(
          byName.get("patroni-history").detail().endsWith("new leader " + newLeader),
          events::toString);
      System.out.printf(
          "LabTriggersTest: freeze-primary: old primary rejoined %.2f s after the" + " thaw (%s)%n",
          (byName.get("old-primary-rejoined").atMicros() - byName.get("thawed").atMicros()) / 1e6,
          byName.get("old-primary-rejoined").detail());
    }
    report("freeze-primary", events, "new-primary-seen");
    assertTrue(stoppedLabProcesses().isEmpty(), "SIGCONT reached every process");
    if (retook) {
      assertEquals(old.name(), lab.primaryName(), "the thawed node leads again");
    } else {
      assertNotEquals(old.name(), lab.primaryName());
    }
  }

  @Test
  @Order(5)
  void killProxyRestartsPgbouncerAfterTheDelay() throws Exception {
    long oldPid = lab.proxy("pgbouncer").pid().orElseThrow();
    List<FailoverEvent> events =
        fire(new KillProxyTrigger(lab.proxy("pgbouncer"), Duration.ofSeconds(2)));
    assertEquals(
        List.of("asked", "returned", "killed", "restarted", "accepting-connections"),
        names(events));
    assertInOrder(events);
    Map<String, FailoverEvent> byName = byName(events);
    long downMicros = byName.get("restarted").atMicros() - byName.get("killed").atMicros();
    assertTrue(downMicros >= 1_900_000 && downMicros < 3_000_000, "down " + downMicros + " us");
    assertNotEquals(oldPid, lab.proxy("pgbouncer").pid().orElseThrow());
    report("kill-proxy", events, "accepting-connections");
    assertEquals(lab.primaryNode().postgresPort(), serverPort(lab.proxyUrl()));
  }

  @Test
  @Order(6)
  void commandTriggerRunsARealSwitchoverAndKeepsItsOutput() throws Exception {
    LabNode old = lab.primaryNode();
    String to = lab.nodes().stream().filter(n -> !n.isLeader()).findFirst().orElseThrow().name();
    String command =
        "curl -s -XPOST -d '{\"leader\":\""
            + old.name()
            + "\",\"candidate\":\""
            + to
            + "\"}' http://127.0.0.1:"
            + old.restPort()
            + "/switchover; echo; echo done >&2";
    List<FailoverEvent> events =
        fire(new CommandTrigger(command, Duration.ofSeconds(30), temp, lab.patroniCluster(), null));
    assertTrue(
        names(events).containsAll(List.of("asked", "returned", "new-primary-seen", "timeline")),
        events::toString);
    assertInOrder(events);
    String returned = byName(events).get("returned").detail();
    assertTrue(returned.startsWith("exit 0 "), returned);
    assertTrue(returned.contains("Successfully switched over"), returned);
    assertTrue(
        Files.readString(temp.resolve("command-1.stdout"))
            .contains("Successfully switched over to \"" + to + "\""));
    assertEquals("done\n", Files.readString(temp.resolve("command-1.stderr")));
    report("command (curl switchover)", events, "new-primary-seen");
    lab.waitForAllEndpointsHealthy(HEAL);
    assertEquals(to, lab.primaryName());
  }

  @Test
  @Order(7)
  void commandTriggerWithAnObserveCommandSeesTheNewPrimary() throws Exception {
    LabNode old = lab.primaryNode();
    int anyRest = old.restPort();
    String observe =
        "curl -sf http://127.0.0.1:"
            + anyRest
            + "/cluster | python3 -c 'import"
            + " json,sys; l=[m[\"name\"] for m in json.load(sys.stdin)[\"members\"]"
            + " if m[\"role\"]==\"leader\" and m[\"state\"]==\"running\"]; print(l[0]) if l"
            + " else sys.exit(1)'";
    String command =
        "curl -sf -XPOST -d '{\"leader\":\""
            + old.name()
            + "\"}'"
            + " http://127.0.0.1:"
            + anyRest
            + "/switchover";
    List<FailoverEvent> events =
        fire(new CommandTrigger(command, Duration.ofSeconds(30), temp, null, observe));
    assertTrue(
        names(events).containsAll(List.of("asked", "returned", "new-primary-seen")),
        events::toString);
    assertInOrder(events);
    String seen = byName(events).get("new-primary-seen").detail();
    assertTrue(seen.startsWith("observe command: " + old.name() + " -> node"), seen);
    report("command (observe command)", events, "new-primary-seen");
    lab.waitForAllEndpointsHealthy(HEAL);
    assertNotEquals(old.name(), lab.primaryName());
  }

  @Test
  @Order(8)
  void commandTriggerReportsFailureAndTimeLimit() throws Exception {
    List<FailoverEvent> events = new ArrayList<>();
    CommandTrigger failing =
        new CommandTrigger("echo hello; echo oops >&2; exit 3", Duration.ofSeconds(10), temp);
    failing.preflight();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> failing.fire(events::add, DEADLINE));
    assertTrue(e.getMessage().contains("exit 3"), e.getMessage());
    assertEquals(List.of("asked", "returned"), names(events));
    assertTrue(events.get(1).detail().contains("stdout: hello; stderr: oops"), events::toString);

    events.clear();
    long start = System.nanoTime();
    CommandTrigger slow = new CommandTrigger("sleep 30", Duration.ofSeconds(1), temp);
    assertThrows(IllegalStateException.class, () -> slow.fire(events::add, DEADLINE));
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
    assertTrue(events.get(1).detail().startsWith("killed at the time limit"), events::toString);
  }

  @Test
  @Order(9)
  void manualTriggerWithPatroniSeesTheOperatorsSwitchover() throws Exception {
    LabNode old = lab.primaryNode();
    Console console = new Console();
    Thread operator = operator(console);
    List<FailoverEvent> events =
        fire(new ManualTrigger(Duration.ofSeconds(2), console.stream, lab.patroniCluster()));
    operator.join(10_000);
    assertTrue(console.text().contains("failover in 2 s"), console.text());
    assertTrue(console.text().contains("Failover seen"), console.text());
    assertEquals("asked", events.get(0).name());
    assertTrue(
        names(events).containsAll(List.of("new-primary-seen", "timeline")), events::toString);
    assertInOrder(events);
    report("manual (Patroni)", events, "new-primary-seen");
    lab.waitForAllEndpointsHealthy(HEAL);
    assertNotEquals(old.name(), lab.primaryName());
  }

  @Test
  @Order(10)
  void manualTriggerWithAProbeConnectionSeesTheChange() throws Exception {
    LabNode old = lab.primaryNode();
    Console console = new Console();
    Thread operator = operator(console);
    List<FailoverEvent> events =
        fire(
            new ManualTrigger(
                Duration.ofSeconds(1),
                console.stream,
                lab.haproxyUrl(),
                lab.user(),
                lab.password()));
    operator.join(10_000);
    assertFalse(console.text().contains(lab.password()));
    assertEquals("asked", events.get(0).name());
    FailoverEvent change = byName(events).get("change-seen");
    assertTrue(change != null, events::toString);
    assertTrue(change.detail().contains(":" + old.postgresPort() + " "), change.detail());
    assertInOrder(events);
    report("manual (JDBC probe)", events, "change-seen");
    lab.waitForAllEndpointsHealthy(HEAL);
    assertNotEquals(old.name(), lab.primaryName());
  }

  @Test
  @Order(11)
  void healThawsStoppedNodesAndRestartsKilledProxies() throws Exception {
    LabNode replica = lab.nodes().stream().filter(n -> !n.isLeader()).findFirst().orElseThrow();
    LocalSignals.send("STOP", List.of(replica.patroniPid(), replica.postmasterPid()));
    LocalSignals.kill(List.of(lab.proxy("haproxy").pid().orElseThrow()));
    assertFalse(stoppedLabProcesses().isEmpty());
    lab.heal(HEAL); // @AfterEach heals again and checks nothing is left stopped
    assertTrue(stoppedLabProcesses().isEmpty());
    assertTrue(lab.proxy("haproxy").pid().isPresent());
    assertEquals(lab.primaryNode().postgresPort(), serverPort(lab.haproxyUrl()));
  }

  // --- helpers

  private static List<FailoverEvent> fire(Trigger trigger) throws Exception {
    List<FailoverEvent> events = new ArrayList<>();
    try (trigger) {
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    } finally {
      System.out.println("LabTriggersTest: " + trigger.kind() + " events:");
      long t0 = events.isEmpty() ? 0 : events.get(0).atMicros();
      for (FailoverEvent e : events) {
        System.out.printf("  %+8.3f s %-22s %s%n", (e.atMicros() - t0) / 1e6, e.name(), e.detail());
      }
    }
    return events;
  }

  @Test
  @Order(20)
  void rollingRestartRestartsEveryMemberAndSwitchesOverOnce() throws Exception {
    LabNode old = lab.primaryNode();
    List<LabNode> before = lab.nodes();
    List<FailoverEvent> events = fire(new RollingRestartTrigger(lab.patroniCluster()));
    List<String> names = names(events);
    assertEquals("asked", names.get(0), events::toString);
    long restarts = names.stream().filter("member-restarted"::equals).count();
    assertEquals(before.size(), restarts, "each member restarted once: " + events);
    assertEquals(
        before.size(), names.stream().filter("member-streaming"::equals).count(), events::toString);
    assertEquals(
        1, names.stream().filter("new-primary-seen"::equals).count(), "one switchover: " + events);
    // replicas first, the old primary last, once it is a replica
    int switchover = names.indexOf("new-primary-seen");
    assertEquals(
        before.size() - 1,
        names.subList(0, switchover).stream().filter("member-restarted"::equals).count(),
        events::toString);
    FailoverEvent last = events.get(events.size() - 1);
    assertEquals("member-streaming", last.name());
    assertTrue(last.detail().startsWith(old.name() + " streams from"), last::toString);
    assertInOrder(events);
    lab.heal(HEAL);
    for (LabNode now : lab.nodes()) {
      LabNode was = before.stream().filter(n -> n.name().equals(now.name())).findFirst().get();
      assertNotEquals(was.postmasterPid(), now.postmasterPid(), now.name() + " was restarted");
    }
    assertNotEquals(old.name(), lab.primaryName());
  }

  /** The simulated operator: a Patroni switchover once the console says NOW. */
  private static Thread operator(Console console) {
    Thread operator =
        new Thread(
            () -> {
              try {
                if (console.now.await(20, TimeUnit.SECONDS)) {
                  new PatroniSwitchoverTrigger(lab.patroniCluster()).fire(e -> {}, DEADLINE);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "test-operator");
    operator.setDaemon(true);
    operator.start();
    return operator;
  }

  /** A console that tells the operator thread when it printed NOW. */
  private static final class Console {
    final CountDownLatch now = new CountDownLatch(1);
    final ByteArrayOutputStream bytes =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void flush() {
            if (toString(StandardCharsets.UTF_8).contains("NOW:")) {
              now.countDown();
            }
          }
        };
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private static void report(String what, List<FailoverEvent> events, String seenName) {
    Map<String, FailoverEvent> byName = byName(events);
    long asked = byName.get("asked").atMicros();
    System.out.printf(
        "LabTriggersTest: %s: asked -> %s %.2f s%s%n",
        what,
        seenName,
        (byName.get(seenName).atMicros() - asked) / 1e6,
        byName.containsKey("returned")
            ? String.format(", returned %.2f s", (byName.get("returned").atMicros() - asked) / 1e6)
            : "");
  }

  private static void assertInOrder(List<FailoverEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      assertTrue(events.get(i - 1).atMicros() <= events.get(i).atMicros(), events::toString);
    }
  }

  private static int serverPort(String url) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", lab.user());
    props.setProperty("password", lab.password());
    props.setProperty("connectTimeout", "3");
    props.setProperty("socketTimeout", "5");
    try (Connection c = DriverManager.getConnection(url, props);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT inet_server_port()")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Lab processes (and their children) in state T. */
  private static List<Long> stoppedLabProcesses() {
    List<Long> roots = new ArrayList<>();
    for (LabNode n : lab.nodes()) {
      roots.add(n.patroniPid());
      roots.add(n.postmasterPid());
    }
    return LocalSignals.tree(roots).stream()
        .filter(p -> LocalSignals.state(p) == 'T')
        .collect(Collectors.toList());
  }

  private static List<String> names(List<FailoverEvent> events) {
    return events.stream().map(FailoverEvent::name).collect(Collectors.toList());
  }

  private static Map<String, FailoverEvent> byName(List<FailoverEvent> events) {
    return events.stream().collect(Collectors.toMap(FailoverEvent::name, e -> e, (a, b) -> a));
  }
}
