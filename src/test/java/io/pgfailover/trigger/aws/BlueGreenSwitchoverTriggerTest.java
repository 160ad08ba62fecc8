package io.pgfailover.trigger.aws;

import static io.pgfailover.trigger.aws.FakeRds.blueGreen;
import static io.pgfailover.trigger.aws.FakeRds.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * blue-green-switchover with the real SDK against the local RDS Query API, through the statuses a
 * switchover goes through: AVAILABLE -> SWITCHOVER_IN_PROGRESS -> SWITCHOVER_COMPLETED, the
 * member's own status moving with it.
 */
@Timeout(60)
class BlueGreenSwitchoverTriggerTest {
  private static final String BGD = "bgd-0a1b2c3d4e5f6a7b";
  private static final String BLUE = "prod-pg";
  private static final String GREEN = "prod-pg-green-abc123";
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

  private static String deployments(String status, String member) {
    return "<BlueGreenDeployments>"
        + blueGreen(BGD, BLUE, GREEN, status, member)
        + "</BlueGreenDeployments>";
  }

  private AwsSettings settings() {
    return rds.instance(BLUE, false).withBlueGreenDeploymentId(BGD);
  }

  private BlueGreenSwitchoverTrigger trigger() {
    return new BlueGreenSwitchoverTrigger(settings(), FakeRds.TEST_CREDENTIALS);
  }

  @Test
  void switchesOverAndFollowsTheDeploymentUntilCompleted() throws Exception {
    rds.answerInTurn(
        "DescribeBlueGreenDeployments",
        deployments("AVAILABLE", "AVAILABLE"), // preflight
        deployments("AVAILABLE", "AVAILABLE"), // fire: before
        deployments("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_IN_PROGRESS"),
        deployments("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_COMPLETED"),
        deployments("SWITCHOVER_COMPLETED", "SWITCHOVER_COMPLETED"));
    rds.answer(
        "SwitchoverBlueGreenDeployment",
        "<BlueGreenDeployment>"
            + blueGreen(BGD, BLUE, GREEN, "SWITCHOVER_IN_PROGRESS", "AVAILABLE")
                .replace("<member>\n  <BlueGreen", "\n  <BlueGreen")
                .replaceAll("</member>$", "")
            + "</BlueGreenDeployment>");
    Instant started = Instant.parse("2026-11-22T04:16:41.250Z");
    rds.events(
        "blue-green-deployment",
        BGD,
        event("blue-green-deployment", BGD, started, "Switchover started"),
        event("blue-green-deployment", BGD, started.plusSeconds(58), "Switchover completed"));
    rds.events(
        "db-instance",
        BLUE,
        event("db-instance", BLUE, started.plusSeconds(20), "DB instance renamed"));

    try (BlueGreenSwitchoverTrigger trigger = trigger()) {
      assertEquals("blue-green-switchover", trigger.kind());
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of(
            "asked",
            "returned",
            "blue-green-status",
            "blue-green-status",
            "blue-green-status",
            "blue-green-status",
            "new-primary-seen",
            "rds-event",
            "rds-event",
            "rds-event"),
        events.stream().map(FailoverEvent::name).toList(),
        events.toString());
    assertEquals("SWITCHOVER_IN_PROGRESS", events.get(1).detail());
    assertEquals(BGD + " AVAILABLE -> SWITCHOVER_IN_PROGRESS", events.get(2).detail());
    assertEquals(BLUE + " -> " + GREEN + ": SWITCHOVER_IN_PROGRESS", events.get(3).detail());
    assertEquals(BLUE + " -> " + GREEN + ": SWITCHOVER_COMPLETED", events.get(4).detail());
    assertEquals(BGD + " SWITCHOVER_IN_PROGRESS -> SWITCHOVER_COMPLETED", events.get(5).detail());
    assertEquals(BLUE + " -> " + GREEN, events.get(6).detail());
    assertEquals(started.toEpochMilli() * 1000, events.get(7).atMicros());
    assertEquals(BLUE + ": DB instance renamed", events.get(8).detail());

    assertEquals(
        BGD, rds.sent("SwitchoverBlueGreenDeployment").get(0).get("BlueGreenDeploymentIdentifier"));
    assertEquals(
        BGD, rds.sent("DescribeBlueGreenDeployments").get(0).get("BlueGreenDeploymentIdentifier"));
    assertEquals(
        List.of("blue-green-deployment", "db-instance", "db-instance"),
        rds.sent("DescribeEvents").stream().map(r -> r.get("SourceType")).toList());
  }

  @Test
  void aDeploymentNotAvailableIsRefusedBeforeLoad() {
    for (String status : List.of("PROVISIONING", "SWITCHOVER_COMPLETED", "INVALID_CONFIGURATION")) {
      rds.server.resetMappings();
      rds.answer("DescribeBlueGreenDeployments", deployments(status, status));
      SettingsException e =
          assertThrows(
              SettingsException.class,
              () -> {
                try (BlueGreenSwitchoverTrigger trigger = trigger()) {
                  trigger.preflight();
                }
              },
              status);
      assertEquals(AwsSettings.BLUE_GREEN_DEPLOYMENT_ID, e.setting());
      assertTrue(e.getMessage().contains("is not in a state to switch over"), e.getMessage());
      assertTrue(e.getMessage().contains(status), e.getMessage());
    }
    assertTrue(rds.sent("SwitchoverBlueGreenDeployment").isEmpty());
  }

  @Test
  void anUnknownDeploymentOrAMissingPermissionIsRefusedBeforeLoad() {
    rds.fail(
        "DescribeBlueGreenDeployments",
        404,
        "BlueGreenDeploymentNotFoundFault",
        "BlueGreenDeploymentIdentifier " + BGD + " does not exist.");
    SettingsException missing = assertThrows(SettingsException.class, this::preflight);
    assertTrue(
        missing.getMessage().contains("found no blue/green deployment"), missing.getMessage());

    rds.server.resetMappings();
    rds.fail(
        "DescribeBlueGreenDeployments",
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform:"
            + " rds:DescribeBlueGreenDeployments on resource: arn:aws:rds:us-east-1:123456789012:"
            + "deployment:"
            + BGD);
    SettingsException denied = assertThrows(SettingsException.class, this::preflight);
    assertTrue(
        denied.getMessage().contains("lacks IAM permission rds:DescribeBlueGreenDeployments"),
        denied.getMessage());
    assertTrue(denied.getMessage().contains("rds:SwitchoverBlueGreenDeployment"));
  }

  @Test
  void aFailedSwitchoverEndsTheTriggerWithRdsStatus() {
    rds.answerInTurn(
        "DescribeBlueGreenDeployments",
        deployments("AVAILABLE", "AVAILABLE"),
        deployments("SWITCHOVER_IN_PROGRESS", "SWITCHOVER_IN_PROGRESS"),
        deployments("SWITCHOVER_FAILED", "SWITCHOVER_FAILED"));
    rds.answer("SwitchoverBlueGreenDeployment", "");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (BlueGreenSwitchoverTrigger trigger = trigger()) {
                trigger.fire(events::add, DEADLINE);
              }
            });
    assertTrue(e.getMessage().contains("SWITCHOVER_FAILED"), e.getMessage());
    assertTrue(
        events.stream().anyMatch(ev -> ev.detail().endsWith("-> SWITCHOVER_FAILED")),
        events.toString());
  }

  private void preflight() {
    try (BlueGreenSwitchoverTrigger trigger = trigger()) {
      trigger.preflight();
    }
  }
}
