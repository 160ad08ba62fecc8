package io.pgfailover.trigger.aws;

import static io.pgfailover.trigger.aws.FakeRds.clusters;
import static io.pgfailover.trigger.aws.FakeRds.event;
import static io.pgfailover.trigger.aws.FakeRds.instance;
import static io.pgfailover.trigger.aws.FakeRds.instances;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RdsRebootTriggerTest {
  private static final String DB = "prod-pg";
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private FakeRds rds;
  private final List<FailoverEvent> events = new ArrayList<>();

  @BeforeEach
  void start() {
    rds = new FakeRds();
    rds.answer("DescribeEvents", "<Events/>");
  }

  @AfterEach
  void stop() {
    rds.close();
  }

  private RdsRebootTrigger trigger(AwsSettings settings) {
    return new RdsRebootTrigger(settings, FakeRds.TEST_CREDENTIALS);
  }

  @Test
  void forceFailoverSendsForceFailoverAndFollowsTheZoneChange() throws Exception {
    rds.answerInTurn(
        "DescribeDBInstances",
        instances(DB, "available", "us-east-1a", "us-east-1b"), // preflight
        instances(DB, "available", "us-east-1a", "us-east-1b"), // fire: before
        instances(DB, "rebooting", "us-east-1a", "us-east-1b"),
        instances(DB, "rebooting", "us-east-1b", "us-east-1a"),
        instances(DB, "available", "us-east-1b", "us-east-1a"));
    rds.answer("RebootDBInstance", instance(DB, "rebooting", "us-east-1a", "us-east-1b"));
    Instant failover = Instant.parse("2026-11-22T05:00:03.417Z");
    rds.events(
        "db-instance",
        DB,
        event("db-instance", DB, failover, "Multi-AZ instance failover started."));

    try (RdsRebootTrigger trigger = trigger(rds.instance(DB, true))) {
      assertEquals("rds-reboot", trigger.kind());
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of(
            "asked",
            "returned",
            "new-primary-seen",
            "instance-status",
            "instance-available",
            "rds-event"),
        events.stream().map(FailoverEvent::name).toList(),
        events.toString());
    assertEquals(DB + " rebooting", events.get(1).detail());
    assertEquals(DB + " us-east-1a -> us-east-1b", events.get(2).detail());
    assertEquals("rebooting -> available", events.get(3).detail());
    assertEquals(failover.toEpochMilli() * 1000, events.get(5).atMicros());
    AuroraFailoverTriggerTest.assertAscending(events);

    List<Map<String, String>> reboots = rds.sent("RebootDBInstance");
    assertEquals(1, reboots.size());
    assertEquals(DB, reboots.get(0).get("DBInstanceIdentifier"));
    assertEquals("true", reboots.get(0).get("ForceFailover"));
  }

  @Test
  void aPlainRebootSendsNoForceFailoverAndWaitsForAvailable() throws Exception {
    rds.answerInTurn(
        "DescribeDBInstances",
        instances(DB, "available", "us-east-1a", null),
        instances(DB, "rebooting", "us-east-1a", null),
        instances(DB, "available", "us-east-1a", null));
    rds.answer("RebootDBInstance", instance(DB, "rebooting", "us-east-1a", null));

    try (RdsRebootTrigger trigger = trigger(rds.instance(DB, false))) {
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of("asked", "returned", "instance-status", "instance-available"),
        events.stream().map(FailoverEvent::name).toList(),
        events.toString());
    assertFalse(rds.sent("RebootDBInstance").get(0).containsKey("ForceFailover"));
  }

  @Test
  void aClusterMemberRebootFollowsTheClusterWriter() throws Exception {
    rds.answerInTurn(
        "DescribeDBInstances",
        instances("inst-a", "available", "us-east-1a", null),
        instances("inst-a", "rebooting", "us-east-1a", null),
        instances("inst-a", "available", "us-east-1a", null));
    rds.answerInTurn(
        "DescribeDBClusters",
        clusters("prod-aurora", "available", "inst-a", "inst-b"),
        clusters("prod-aurora", "available", "inst-b", "inst-a"));
    rds.answer("RebootDBInstance", instance("inst-a", "rebooting", "us-east-1a", null));

    AwsSettings settings = rds.instance("inst-a", false).withClusterId("prod-aurora");
    try (RdsRebootTrigger trigger = trigger(settings)) {
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of("asked", "returned", "new-primary-seen", "instance-status", "instance-available"),
        events.stream().map(FailoverEvent::name).toList(),
        events.toString());
    assertEquals("inst-a -> inst-b", events.get(2).detail());
    assertEquals(
        List.of("db-cluster", "db-instance"),
        rds.sent("DescribeEvents").stream().map(r -> r.get("SourceType")).toList());
  }

  @Test
  void forceFailoverOnASingleAzInstanceIsRefusedAtPreflight() {
    rds.answer("DescribeDBInstances", instances(DB, "available", "us-east-1a", null));

    SettingsException e;
    try (RdsRebootTrigger trigger = trigger(rds.instance(DB, true))) {
      e = assertThrows(SettingsException.class, trigger::preflight);
    }

    assertEquals("failover.aws.force-failover", e.setting());
    assertTrue(e.getMessage().contains("Single-AZ"), e.getMessage());
  }

  @Test
  void unknownInstanceNamesTheInstanceIdSetting() {
    rds.fail("DescribeDBInstances", 404, "DBInstanceNotFound", "DBInstance " + DB + " not found.");

    SettingsException e;
    try (RdsRebootTrigger trigger = trigger(rds.instance(DB, false))) {
      e = assertThrows(SettingsException.class, trigger::preflight);
    }

    assertEquals("failover.aws.instance-id", e.setting());
    assertTrue(e.getMessage().contains("DBInstance " + DB + " not found."), e.getMessage());
  }

  @Test
  void aRebootRefusedWhenFiringIsAClearError() {
    rds.answer("DescribeDBInstances", instances(DB, "available", "us-east-1a", "us-east-1b"));
    rds.fail(
        "RebootDBInstance",
        400,
        "InvalidDBInstanceState",
        "Instance " + DB + " is not in available state.");

    IllegalStateException e;
    try (RdsRebootTrigger trigger = trigger(rds.instance(DB, true))) {
      e = assertThrows(IllegalStateException.class, () -> trigger.fire(events::add, DEADLINE));
    }

    assertTrue(e.getMessage().contains("InvalidDBInstanceState"), e.getMessage());
    assertTrue(e.getMessage().contains("Wait until its status is available"), e.getMessage());
    assertEquals(List.of("asked", "returned"), events.stream().map(FailoverEvent::name).toList());
  }
}
