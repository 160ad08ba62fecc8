package io.pgfailover.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.SettingsException;
import io.pgfailover.lab.Lab;
import io.pgfailover.lab.LabNode;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.testsupport.LabExtension;
import io.pgfailover.testsupport.NeedsLab;
import java.io.IOException;
import java.net.URI;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Patroni triggers against the real lab: one lab for the class, faults in order. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsLab
class PatroniTriggersTest {
  private static final Duration DEADLINE = Duration.ofSeconds(45);
  @RegisterExtension static final LabExtension LAB = new LabExtension();

  private static Lab lab() {
    return LAB.lab();
  }

  @Test
  @Order(1)
  void noTriggerEmitsOneNoFaultEvent() {
    List<FailoverEvent> events = new ArrayList<>();
    new NoTrigger().fire(events::add, DEADLINE);
    assertEquals(List.of("no-fault"), names(events));
  }

  @Test
  @Order(2)
  void preflightNamesTheSettingWhenTheClusterIsOutOfReach() {
    PatroniCluster nowhere = PatroniCluster.ofRestUrls(List.of(URI.create("http://127.0.0.1:1")));
    SettingsException e =
        assertThrows(
            SettingsException.class, () -> new PatroniSwitchoverTrigger(nowhere).preflight());
    assertEquals("failover.trigger", e.setting());
    PatroniCluster restOnly = PatroniCluster.ofRestUrls(lab().patroniCluster().restUrls());
    SettingsException kill =
        assertThrows(SettingsException.class, () -> new KillPrimaryTrigger(restOnly).preflight());
    assertTrue(kill.getMessage().contains("kill-primary"), kill.getMessage());
    new PatroniSwitchoverTrigger(lab().patroniCluster()).preflight();
    new KillPrimaryTrigger(lab().patroniCluster()).preflight();
  }

  @Test
  @Order(3)
  void switchoverMovesThePrimaryAndEveryEndpointFollows() throws Exception {
    LabNode old = lab().primaryNode();
    List<FailoverEvent> events = new ArrayList<>();
    try (Trigger trigger = new PatroniSwitchoverTrigger(lab().patroniCluster())) {
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }
    Map<String, FailoverEvent> byName = byName(events);
    assertTrue(
        byName.keySet().containsAll(List.of("asked", "returned", "new-primary-seen", "timeline")),
        events::toString);
    long asked = byName.get("asked").atMicros();
    assertTrue(asked <= byName.get("returned").atMicros());
    assertTrue(asked <= byName.get("new-primary-seen").atMicros());
    assertTrue(byName.get("new-primary-seen").atMicros() <= byName.get("timeline").atMicros());
    assertTrue(byName.get("returned").detail().startsWith("200 "), events::toString);
    System.out.printf(
        "PatroniTriggersTest: switchover %s, new primary seen after %.2f s,"
            + " returned after %.2f s%n",
        byName.get("new-primary-seen").detail(),
        (byName.get("new-primary-seen").atMicros() - asked) / 1e6,
        (byName.get("returned").atMicros() - asked) / 1e6);

    lab().waitForAllEndpointsHealthy(DEADLINE);
    LabNode now = lab().primaryNode();
    assertNotEquals(old.name(), now.name());
    assertEquals(byName.get("new-primary-seen").detail(), old.name() + " -> " + now.name());
    assertEndpointsReachPrimary(now);
    assertTrue(lab().nodes().stream().allMatch(n -> "running".equals(n.state())));
  }

  @Test
  @Order(4)
  void killPrimaryYieldsANewPrimaryAndTheLabHeals() throws Exception {
    LabNode old = lab().primaryNode();
    List<FailoverEvent> events = new ArrayList<>();
    try (Trigger trigger = new KillPrimaryTrigger(lab().patroniCluster())) {
      trigger.fire(events::add, DEADLINE);
    }
    assertEquals(
        List.of("asked", "returned", "new-primary-seen", "timeline", "patroni-history"),
        names(events));
    for (int i = 1; i < events.size(); i++) {
      assertTrue(events.get(i - 1).atMicros() <= events.get(i).atMicros(), events::toString);
    }
    assertFalse(isRunning(old.patroniPid()), "Patroni of the old primary was killed");
    assertFalse(isRunning(old.postmasterPid()), "the old primary's postmaster was killed");
    System.out.printf(
        "PatroniTriggersTest: kill-primary %s, new primary seen after %.2f s%n",
        events.get(2).detail(), (events.get(2).atMicros() - events.get(0).atMicros()) / 1e6);

    long healStart = System.nanoTime();
    lab().heal(Duration.ofSeconds(60));
    System.out.printf(
        "PatroniTriggersTest: old primary rejoined, lab healthy after %.1f s%n",
        (System.nanoTime() - healStart) / 1e9);
    LabNode now = lab().primaryNode();
    assertNotEquals(old.name(), now.name());
    assertEndpointsReachPrimary(now);
    assertEquals(3, lab().nodes().stream().filter(n -> "running".equals(n.state())).count());
  }

  private static void assertEndpointsReachPrimary(LabNode primary) throws Exception {
    for (String url : List.of(lab().directUrl(), lab().haproxyUrl(), lab().proxyUrl())) {
      int[] landing = land(url);
      assertEquals(0, landing[0], () -> url + " reached a replica");
      assertEquals(primary.postgresPort(), landing[1], url);
    }
    int[] reader = land(lab().readerUrl());
    assertEquals(1, reader[0], "reader reached the primary");
    assertNotEquals(primary.postgresPort(), reader[1]);
  }

  /** {in recovery ? 1 : 0, server port} through a fresh connection. */
  private static int[] land(String url) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", lab().user());
    props.setProperty("password", lab().password());
    props.setProperty("connectTimeout", "3");
    props.setProperty("socketTimeout", "5");
    try (Connection c = DriverManager.getConnection(url, props);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_is_in_recovery(), inet_server_port()")) {
      r.next();
      return new int[] {r.getBoolean(1) ? 1 : 0, r.getInt(2)};
    }
  }

  /** Exists and is not a zombie (orphans are reaped slowly here). */
  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> names(List<FailoverEvent> events) {
    return events.stream().map(FailoverEvent::name).collect(Collectors.toList());
  }

  private static Map<String, FailoverEvent> byName(List<FailoverEvent> events) {
    return events.stream().collect(Collectors.toMap(FailoverEvent::name, e -> e, (a, b) -> a));
  }
}
