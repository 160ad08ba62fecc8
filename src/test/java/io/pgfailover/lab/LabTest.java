package io.pgfailover.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The real lab: one bring-up for the class, torn down by the last test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsLab
class LabTest {
  private static Lab lab;

  @BeforeAll
  static void startLab() {
    long start = System.nanoTime();
    lab = Lab.start(LabSettings.defaults());
    System.out.println("LabTest: lab ready in " + Lab.seconds(System.nanoTime() - start));
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.stop();
    }
  }

  @Test
  @Order(1)
  void threeMembersOneLeaderTwoStreamingReplicas() throws Exception {
    List<LabNode> nodes = lab.nodes();
    assertEquals(3, nodes.size());
    assertEquals(1, nodes.stream().filter(LabNode::isLeader).count(), nodes::toString);
    for (LabNode n : nodes) {
      assertEquals("running", n.state(), n::toString);
      assertTrue(n.patroniPid() > 0 && n.postmasterPid() > 0, n::toString);
    }
    PatroniRest rest = new PatroniRest(lab.patroniCluster().restUrls(), Duration.ofSeconds(2));
    PatroniMember leader = rest.runningLeader().orElseThrow();
    assertEquals(lab.primaryName(), leader.name());
    List<String> streaming = rest.streamingReplicas(leader);
    assertEquals(2, streaming.size(), streaming::toString);
    assertFalse(streaming.contains(leader.name()));
  }

  @Test
  @Order(2)
  void writerEndpointsReachThePrimaryAndTheReaderAReplica() throws Exception {
    int primaryPort = lab.primaryNode().postgresPort();
    for (String url : List.of(lab.directUrl(), lab.haproxyUrl(), lab.proxyUrl())) {
      LabDatabase.Landing landing = LabDatabase.land(url, lab.user(), lab.password());
      assertFalse(landing.inRecovery(), url);
      assertEquals(primaryPort, landing.serverPort(), url);
    }
    LabDatabase.Landing reader = LabDatabase.land(lab.readerUrl(), lab.user(), lab.password());
    assertTrue(reader.inRecovery());
    assertTrue(reader.serverPort() != primaryPort);
  }

  @Test
  @Order(3)
  void clientUserCanCreateTablesThroughPgBouncer() throws Exception {
    try (Connection c = LabDatabase.connect(lab.proxyUrl(), lab.user(), lab.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS lab_test (id int primary key)");
      s.execute("INSERT INTO lab_test VALUES (1) ON CONFLICT DO NOTHING");
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM lab_test")) {
        r.next();
        assertEquals(1, r.getInt(1));
      }
      s.execute("DROP TABLE lab_test");
    }
  }

  @Test
  @Order(4)
  void aSecondStartReusesTheRunningLabAndAttachFindsIt() {
    List<Long> before = patroniPids();
    long start = System.nanoTime();
    Lab again = Lab.start(LabSettings.defaults());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(before, patroniPids(), "no restart");
    assertTrue(tookMs < 5_000, "reuse took " + tookMs + " ms");
    assertTrue(Lab.attach(LabSettings.defaults()).isPresent());
    assertEquals(lab.primaryName(), again.primaryName());
  }

  @Test
  @Order(5)
  void statusShowsEveryNodeAndNoSecret() throws Exception {
    String status = lab.status();
    for (String text :
        List.of(
            "node1", "node2", "node3", "leader", "pgbouncer", "haproxy", "etcd", lab.directUrl())) {
      assertTrue(status.contains(text), () -> text + " missing in\n" + status);
    }
    assertFalse(status.contains(lab.password()));
    try (Stream<Path> logs = Files.list(lab.layout().logFile("x").getParent())) {
      for (Path log : logs.collect(Collectors.toList())) {
        assertFalse(Files.readString(log).contains(lab.password()), log + " leaks the password");
      }
    }
  }

  @Test
  @Order(6)
  void stopLeavesNoProcessBehindAndIsIdempotent() throws Exception {
    List<Long> pids = new ArrayList<>(patroniPids());
    lab.etcd().pid().ifPresent(pids::add);
    lab.haproxy().pid().ifPresent(pids::add);
    lab.pgbouncer().pid().ifPresent(pids::add);
    for (LabNode n : lab.nodes()) {
      pids.add(n.postmasterPid());
      ProcessHandle.of(n.postmasterPid())
          .ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    }
    assertTrue(pids.size() > 10, pids::toString);
    long start = System.nanoTime();
    lab.stop();
    System.out.println("LabTest: lab stopped in " + Lab.seconds(System.nanoTime() - start));
    List<Long> alive = pids.stream().filter(LabSignals::isAlive).collect(Collectors.toList());
    assertTrue(alive.isEmpty(), () -> "still alive: " + alive);
    assertTrue(LabSignals.findByMarker(lab.settings().labDir().toString()).isEmpty());
    assertTrue(Lab.attach(LabSettings.defaults()).isEmpty());
    lab.stop();
  }

  private static List<Long> patroniPids() {
    return lab.nodes().stream().map(LabNode::patroniPid).collect(Collectors.toList());
  }
}
