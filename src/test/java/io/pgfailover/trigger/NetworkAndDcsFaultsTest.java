package io.pgfailover.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.lab.Lab;
import io.pgfailover.lab.LabNode;
import io.pgfailover.lab.LabSettings;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.ErrorClassifier;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The silent faults on the real lab (issue 12): each partition drops packets for real (a client of
 * the cut primary sees timeouts, never a reset), the cluster does what Patroni should, the heal
 * leaves a healthy cluster and no rule; the DCS faults with failsafe_mode off and on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsLab
class NetworkAndDcsFaultsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration HEAL = Duration.ofSeconds(60);

  /** Past the 10 s ttl, so the cluster acts on a cut primary or a lost DCS. */
  private static final Duration PAST_TTL = Duration.ofSeconds(14);

  private static final Duration SHORT = Duration.ofSeconds(6);

  /** pgjdbc timeouts of the client that watches the cut (seconds). */
  private static final int SOCKET_TIMEOUT_S = 2;

  private static final int CONNECT_TIMEOUT_S = 1;

  private static Lab lab;

  @BeforeAll
  static void startLab() {
    lab = Lab.start(LabSettings.defaults());
    assertTrue(
        lab.localNetwork().unavailable(lab.primaryName()).isEmpty(),
        () -> "network control: " + lab.localNetwork().unavailable(lab.primaryName()));
  }

  @AfterEach
  void healAndCheckNothingIsLeft() throws Exception {
    if (lab == null) {
      return;
    }
    assertEquals(0, lab.localNetwork().healAll(), "the trigger left drop rules behind");
    assertFalse(nftListing().contains("drop"), nftListing());
    long start = System.nanoTime();
    lab.heal(HEAL);
    lab.setFailsafeMode(false);
    System.out.printf(
        "NetworkAndDcsFaultsTest: lab healthy again after %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    assertNotEquals('T', LocalSignals.state(lab.dcs().pid().orElseThrow()), "etcd is not stopped");
  }

  @AfterAll
  static void stopLab() {
    if (lab == null) {
      Lab.stopAny(LabSettings.defaults());
    }
    if (lab != null) {
      lab.stop();
      assertFalse(nftListing().contains(tableName()), "lab stop deletes the nftables table");
    }
  }

  @Test
  @Order(1)
  void partitionPrimaryIsSilentAndEndsWithANewLeaderAndTheOldOneRejoined() throws Exception {
    LabNode old = lab.primaryNode();
    try (Connection before = connect(old.postgresPort())) {
      CompletableFuture<List<FailoverEvent>> fault =
          fireAsync(
              new PartitionTrigger(
                  TriggerKind.PARTITION_PRIMARY,
                  lab.patroniCluster(),
                  lab.localNetwork(),
                  PAST_TTL));
      awaitCut();
      assertSilent(before, old.postgresPort());
      List<FailoverEvent> events = fault.get(90, TimeUnit.SECONDS);
      List<String> names = names(events);
      assertEquals(List.of("asked", "partitioned"), names.subList(0, 2), events::toString);
      assertTrue(
          names.containsAll(List.of("new-primary-seen", "partition-healed", "timeline")),
          events::toString);
      assertTrue(
          names.indexOf("new-primary-seen") < names.indexOf("partition-healed"),
          "the cluster elects a new leader while the old one is cut off");
      assertTrue(
          names.contains("old-primary-rejoined") || names.contains("old-primary-retook-leadership"),
          events::toString);
    }
    lab.heal(HEAL);
    if (!lab.primaryName().equals(old.name())) {
      assertTrue(
          lab.nodes().stream()
              .filter(n -> n.name().equals(old.name()))
              .allMatch(n -> !n.isLeader()));
    }
  }

  @Test
  @Order(2)
  void partitionClientsIsSilentAndTheClusterKeepsItsLeader() throws Exception {
    LabNode old = lab.primaryNode();
    try (Connection before = connect(old.postgresPort())) {
      CompletableFuture<List<FailoverEvent>> fault =
          fireAsync(
              new PartitionTrigger(
                  TriggerKind.PARTITION_CLIENTS, lab.patroniCluster(), lab.localNetwork(), SHORT));
      awaitCut();
      assertSilent(before, old.postgresPort());
      List<FailoverEvent> events = fault.get(60, TimeUnit.SECONDS);
      List<String> names = names(events);
      assertEquals(
          List.of("asked", "partitioned", "partition-healed", "no-failover"),
          names,
          events::toString);
    }
    assertEquals(old.name(), lab.primaryName(), "no failover: the cluster still saw the primary");
    assertEquals(old.timeline(), lab.primaryNode().timeline());
    try (Connection after = connect(old.postgresPort());
        Statement s = after.createStatement()) {
      assertTrue(s.execute("SELECT 1"), "the primary answers clients again after the heal");
    }
  }

  @Test
  @Order(3)
  void partitionDcsDemotesThePrimaryWithoutFailsafe() throws Exception {
    assertDcsFault(
        new PartitionTrigger(
            TriggerKind.PARTITION_DCS, lab.patroniCluster(), lab.localNetwork(), PAST_TTL),
        false);
  }

  @Test
  @Order(4)
  void stopDcsDemotesThePrimaryWithoutFailsafe() throws Exception {
    assertDcsFault(stopDcs(), false);
  }

  @Test
  @Order(5)
  void stopDcsKeepsThePrimaryWithFailsafe() throws Exception {
    assertDcsFault(stopDcs(), true);
  }

  @Test
  @Order(6)
  void killDcsDemotesThePrimaryWithoutFailsafe() throws Exception {
    assertDcsFault(killDcs(), false);
  }

  @Test
  @Order(7)
  void killDcsKeepsThePrimaryWithFailsafe() throws Exception {
    assertDcsFault(killDcs(), true);
  }

  @Test
  @Order(8)
  void partitionDcsWithFailsafe() throws Exception {
    assertDcsFault(
        new PartitionTrigger(
            TriggerKind.PARTITION_DCS, lab.patroniCluster(), lab.localNetwork(), PAST_TTL),
        true);
  }

  /** A run killed with -9 mid-cut leaves its rules; the next lab start (bin/lab up) heals them. */
  @Test
  @Order(9)
  void aCutLeftByAKilledRunIsHealedByTheNextLabStart() throws Exception {
    LabNode primary = lab.primaryNode();
    lab.localNetwork().cut(LocalNetwork.Cut.CLIENTS, primary.name());
    assertTrue(nftListing().contains("drop"));
    assertThrowsSql(() -> connect(primary.postgresPort()).close());
    Lab again = Lab.start(LabSettings.defaults()); // reuses the running lab, healing it first
    assertFalse(nftListing().contains("drop"), nftListing());
    try (Connection c = connect(again.primaryNode().postgresPort());
        Statement s = c.createStatement()) {
      assertTrue(s.execute("SELECT 1"));
    }
  }

  /** bin/lab down with a cut in place: the processes, the table and the cgroups all go. */
  @Test
  @Order(10)
  void labDownWithACutInPlaceLeavesNoTableNoCgroupNoProcess() throws Exception {
    lab.localNetwork().cut(LocalNetwork.Cut.NODE, lab.primaryName());
    Lab.stopAny(LabSettings.defaults());
    String ruleset = nftListing();
    assertFalse(ruleset.contains(tableName()), ruleset);
    for (String mount : List.of("/sys/fs/cgroup", "/sys/fs/cgroup/unified")) {
      assertFalse(
          java.nio.file.Files.exists(java.nio.file.Path.of(mount, "pgfailover.pgfailover-lab")),
          "the lab's cgroups are removed under " + mount);
    }
    assertTrue(Lab.attach(LabSettings.defaults()).isEmpty(), "no lab process is left");
    lab = null; // stopped: nothing for the per-test heal
  }

  private static Trigger stopDcs() {
    return new DcsOutageTrigger(TriggerKind.STOP_DCS, lab.patroniCluster(), lab.dcs(), PAST_TTL);
  }

  private static Trigger killDcs() {
    return new DcsOutageTrigger(TriggerKind.KILL_DCS, lab.patroniCluster(), lab.dcs(), PAST_TTL);
  }

  /**
   * A DCS fault under failsafe_mode {@code failsafe}: off, the primary demotes itself, and the same
   * or another member leads once the DCS is back; on, with etcd gone for all, it stays primary
   * throughout.
   */
  private static void assertDcsFault(Trigger trigger, boolean failsafe) throws Exception {
    lab.setFailsafeMode(failsafe);
    assertEquals(failsafe, lab.failsafeMode());
    LabNode old = lab.primaryNode();
    List<FailoverEvent> events = fireAsync(trigger).get(90, TimeUnit.SECONDS);
    List<String> names = names(events);
    System.out.printf(
        "NetworkAndDcsFaultsTest: %s failsafe_mode=%s: %s%n", trigger.kind(), failsafe, names);
    if (failsafe) {
      // Patroni 3.0.2's failsafe kept the primary in most runs, but not in all: partition-dcs
      // failed over once in five, kill-dcs once in six (the primary demoted itself 5 s in). So
      // either outcome, as long as the timeline tells one consistent story
      boolean kept = names.get(names.size() - 1).equals("no-failover");
      assertEquals(!kept, names.contains("primary-demoted"), events::toString);
      if (kept) {
        lab.heal(HEAL);
        assertEquals(old.name(), lab.primaryName());
      }
    } else {
      assertTrue(names.contains("primary-demoted"), events::toString);
      assertTrue(
          names.contains("leader-resumed") || names.contains("new-primary-seen"), events::toString);
    }
  }

  /** While the cut holds: a query on an open connection and a new connection both time out. */
  private static void assertSilent(Connection open, int port) {
    long start = System.nanoTime();
    SQLException query =
        assertThrowsSql(
            () -> {
              try (Statement s = open.createStatement()) {
                s.execute("SELECT 1");
              }
            });
    double querySeconds = (System.nanoTime() - start) / 1e9;
    assertEquals(ErrorClass.TIMEOUT, ErrorClassifier.classify(query), query::toString);
    assertTrue(
        querySeconds >= SOCKET_TIMEOUT_S - 0.1, "hung until socketTimeout: " + querySeconds + " s");
    start = System.nanoTime();
    SQLException connect = assertThrowsSql(() -> connect(port).close());
    double connectSeconds = (System.nanoTime() - start) / 1e9;
    assertEquals(ErrorClass.CONNECT_TIMEOUT, ErrorClassifier.classify(connect), connect::toString);
    assertTrue(
        connectSeconds >= CONNECT_TIMEOUT_S - 0.1,
        "hung until connectTimeout: " + connectSeconds + " s");
    System.out.printf(
        "NetworkAndDcsFaultsTest: cut: query timed out after %.2f s (%s), connect after %.2f s%n",
        querySeconds, query.getMessage(), connectSeconds);
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  private static SQLException assertThrowsSql(SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected the request to fail during the cut");
  }

  private static Connection connect(int port) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", lab.user());
    props.setProperty("password", lab.password());
    props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
    props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_S));
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + lab.settings().database(), props);
  }

  private static CompletableFuture<List<FailoverEvent>> fireAsync(Trigger trigger) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<FailoverEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
          try (trigger) {
            trigger.preflight();
            trigger.fire(events::add, DEADLINE);
          } catch (Exception e) {
            throw new IllegalStateException(trigger.kind() + " failed; events " + events, e);
          } finally {
            long t0 = events.isEmpty() ? 0 : events.get(0).atMicros();
            StringBuilder out = new StringBuilder("NetworkAndDcsFaultsTest: " + trigger.kind());
            for (FailoverEvent e : events) {
              out.append(
                  String.format(
                      "%n  %+8.3f s %-22s %s", (e.atMicros() - t0) / 1e6, e.name(), e.detail()));
            }
            System.out.println(out);
          }
          return new ArrayList<>(events);
        });
  }

  /** Waits until the trigger's drop rules are in place (bounded). */
  private static void awaitCut() throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!nftListing().contains("drop")) {
      assertTrue(System.nanoTime() - until < 0, "the cut never appeared in nftables");
      Thread.sleep(20);
    }
  }

  private static String tableName() {
    return "pgfailover_pgfailover_lab";
  }

  private static String nftListing() {
    try {
      Process p = new ProcessBuilder("nft", "list", "ruleset").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> names(List<FailoverEvent> events) {
    return events.stream().map(FailoverEvent::name).collect(Collectors.toList());
  }
}
