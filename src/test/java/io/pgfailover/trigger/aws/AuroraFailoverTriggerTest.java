package io.pgfailover.trigger.aws;

import static io.pgfailover.trigger.aws.FakeRds.clusters;
import static io.pgfailover.trigger.aws.FakeRds.errorBody;
import static io.pgfailover.trigger.aws.FakeRds.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.StandardRetryStrategy;

@Timeout(60)
class AuroraFailoverTriggerTest {
  private static final String CLUSTER = "prod-aurora";
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

  private AuroraFailoverTrigger trigger(AwsSettings settings) {
    return new AuroraFailoverTrigger(settings, FakeRds.TEST_CREDENTIALS);
  }

  @Test
  void failsOverAndFollowsTheWriterUntilTheClusterIsAvailable() throws Exception {
    rds.answerInTurn(
        "DescribeDBClusters",
        clusters(CLUSTER, "available", "inst-a", "inst-b", "inst-c"), // preflight
        clusters(CLUSTER, "available", "inst-a", "inst-b", "inst-c"), // fire: before
        clusters(CLUSTER, "failing-over", "inst-a", "inst-b", "inst-c"),
        clusters(CLUSTER, "failing-over", "inst-a", "inst-b", "inst-c"),
        clusters(CLUSTER, "failing-over", "inst-b", "inst-a", "inst-c"),
        clusters(CLUSTER, "available", "inst-b", "inst-a", "inst-c"));
    rds.answer("FailoverDBCluster", FakeRds.cluster(CLUSTER, "failing-over", "inst-a", "inst-b"));

    AwsSettings settings = rds.cluster(CLUSTER).withTargetInstanceId("inst-b");
    try (AuroraFailoverTrigger trigger = trigger(settings)) {
      assertEquals("aurora-failover", trigger.kind());
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of(
            "asked",
            "returned",
            "cluster-status",
            "new-primary-seen",
            "cluster-status",
            "cluster-available"),
        names(),
        events.toString());
    assertEquals("old writer inst-a, cluster failing-over", events.get(1).detail());
    assertEquals("available -> failing-over", events.get(2).detail());
    assertEquals("inst-a -> inst-b", events.get(3).detail());
    assertEquals("failing-over -> available", events.get(4).detail());
    assertAscending(events);

    List<Map<String, String>> failovers = rds.sent("FailoverDBCluster");
    assertEquals(1, failovers.size());
    assertEquals("2014-10-31", failovers.get(0).get("Version"));
    assertEquals(CLUSTER, failovers.get(0).get("DBClusterIdentifier"));
    assertEquals("inst-b", failovers.get(0).get("TargetDBInstanceIdentifier"));
    List<Map<String, String>> describes = rds.sent("DescribeDBClusters");
    assertEquals(6, describes.size(), "preflight, before, then one poll per state until available");
    describes.forEach(d -> assertEquals(CLUSTER, d.get("DBClusterIdentifier")));
  }

  /**
   * A Multi-AZ DB cluster (RDS for PostgreSQL: a writer instance and two readable standbys, a
   * cluster-level instance class) fails over the same way; RDS briefly reports no writer.
   */
  @Test
  void failsOverAMultiAzDbClusterWhoseWriterIsOneOfItsInstances() throws Exception {
    String c = "db.m6gd.large";
    rds.answerInTurn(
        "DescribeDBClusters",
        multiAz("available", c, "maz-1", "maz-2", "maz-3"),
        multiAz("available", c, "maz-1", "maz-2", "maz-3"),
        multiAz("failing-over", c, "maz-1", "maz-2", "maz-3"),
        multiAz("failing-over", c, null, "maz-1", "maz-2", "maz-3"),
        multiAz("failing-over", c, "maz-3", "maz-1", "maz-2"),
        multiAz("available", c, "maz-3", "maz-1", "maz-2"));
    rds.answer(
        "FailoverDBCluster",
        FakeRds.multiAzCluster(
            CLUSTER, "failing-over", c, "16.3", null, "maz-1", "maz-2", "maz-3"));

    try (AuroraFailoverTrigger trigger =
        trigger(rds.cluster(CLUSTER).withTargetInstanceId("maz-3"))) {
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of(
            "asked",
            "returned",
            "cluster-status",
            "new-primary-seen",
            "cluster-status",
            "cluster-available"),
        names(),
        events.toString());
    assertEquals("maz-1 -> maz-3", events.get(3).detail(), "not the moment without a writer");
    assertEquals("maz-3", rds.sent("FailoverDBCluster").get(0).get("TargetDBInstanceIdentifier"));
    assertEquals(
        List.of("db-cluster", "db-instance", "db-instance", "db-instance"),
        rds.sent("DescribeEvents").stream().map(r -> r.get("SourceType")).toList());
  }

  private static String multiAz(String status, String c, String writer, String... readers) {
    return "<DBClusters>"
        + FakeRds.multiAzCluster(CLUSTER, status, c, "16.3", null, writer, readers)
        + "</DBClusters>";
  }

  @Test
  void withoutTargetLetsRdsChooseTheReader() throws Exception {
    rds.answerInTurn(
        "DescribeDBClusters",
        clusters(CLUSTER, "available", "inst-a", "inst-b"),
        clusters(CLUSTER, "available", "inst-c", "inst-a"));
    rds.answer("FailoverDBCluster", FakeRds.cluster(CLUSTER, "failing-over", "inst-a", "inst-b"));

    try (AuroraFailoverTrigger trigger = trigger(rds.cluster(CLUSTER))) {
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(List.of("asked", "returned", "new-primary-seen", "cluster-available"), names());
    assertEquals("inst-a -> inst-c", events.get(2).detail());
    Map<String, String> sent = rds.sent("FailoverDBCluster").get(0);
    assertTrue(!sent.containsKey("TargetDBInstanceIdentifier"), sent.toString());
  }

  @Test
  void rdsEventsLandOnTheTimelineWithRdsOwnTimestamps() throws Exception {
    rds.answerInTurn(
        "DescribeDBClusters",
        clusters(CLUSTER, "available", "inst-a", "inst-b"),
        clusters(CLUSTER, "available", "inst-b", "inst-a"));
    rds.answer("FailoverDBCluster", FakeRds.cluster(CLUSTER, "failing-over", "inst-a", "inst-b"));
    Instant started = Instant.parse("2026-11-22T04:16:41.250Z");
    Instant completed = Instant.parse("2026-11-22T04:16:58.731Z");
    Instant rebooted = Instant.parse("2026-11-22T04:16:50.004Z");
    rds.events(
        "db-cluster",
        CLUSTER,
        event("db-cluster", CLUSTER, started, "Started cross AZ failover to DB instance: inst-b"),
        event("db-cluster", CLUSTER, completed, "Completed failover to DB instance: inst-b"));
    rds.events(
        "db-instance", "inst-a", event("db-instance", "inst-a", rebooted, "DB instance restarted"));

    try (AuroraFailoverTrigger trigger = trigger(rds.cluster(CLUSTER))) {
      trigger.fire(events::add, DEADLINE);
    }

    List<FailoverEvent> rdsEvents =
        events.stream().filter(e -> e.name().equals("rds-event")).toList();
    assertEquals(3, rdsEvents.size(), events.toString());
    assertEquals(started.toEpochMilli() * 1000, rdsEvents.get(0).atMicros());
    assertEquals(rebooted.toEpochMilli() * 1000, rdsEvents.get(1).atMicros());
    assertEquals(completed.toEpochMilli() * 1000, rdsEvents.get(2).atMicros());
    assertEquals(
        CLUSTER + ": Started cross AZ failover to DB instance: inst-b", rdsEvents.get(0).detail());
    assertEquals("inst-a: DB instance restarted", rdsEvents.get(1).detail());

    // One DescribeEvents per source: the cluster, then each member, since asked - 1 min.
    List<Map<String, String>> reads = rds.sent("DescribeEvents");
    assertEquals(
        List.of("db-cluster", "db-instance", "db-instance"),
        reads.stream().map(r -> r.get("SourceType")).toList());
    assertEquals(
        List.of(CLUSTER, "inst-a", "inst-b"),
        reads.stream().map(r -> r.get("SourceIdentifier")).toList());
    Instant askedAt = RdsEvents.toInstant(events.get(0).atMicros());
    Instant startTime = Instant.parse(reads.get(0).get("StartTime"));
    Instant expected = askedAt.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
    assertTrue(
        Duration.between(expected, startTime).abs().toMillis() <= 1,
        "StartTime " + startTime + " vs asked - 1 min " + expected);
  }

  @Test
  void throttlingIsRetriedByTheSdk() {
    rds.answerInTurn(
        "DescribeDBClusters",
        errorBody("Throttling", "Rate exceeded"),
        clusters(CLUSTER, "available", "inst-a", "inst-b"));

    try (AuroraFailoverTrigger trigger = trigger(rds.cluster(CLUSTER))) {
      trigger.preflight();
    }

    assertEquals(2, rds.sent("DescribeDBClusters").size(), "one throttled attempt, one retry");
  }

  @Test
  void retriesAreBoundedAndEndInAClearError() {
    rds.fail("DescribeDBClusters", 400, "Throttling", "Rate exceeded");

    SettingsException e;
    try (AuroraFailoverTrigger trigger = trigger(rds.cluster(CLUSTER).withMaxAttempts(2))) {
      e = assertThrows(SettingsException.class, trigger::preflight);
    }

    assertEquals(2, rds.sent("DescribeDBClusters").size(), "exactly max-attempts calls");
    assertEquals("failover.aws.max-attempts", e.setting());
    assertTrue(e.getMessage().contains("Throttling: Rate exceeded"), e.getMessage());
  }

  @Test
  void theRetryStrategyIsTheSdkStandardOne() {
    var strategy = RdsApi.retryStrategy(AwsSettings.DEFAULT_MAX_ATTEMPTS);
    assertTrue(strategy instanceof StandardRetryStrategy, strategy.getClass().getName());
    assertEquals(3, strategy.maxAttempts());
  }

  @Test
  void accessDeniedNamesThePermissionsNeeded() {
    rds.fail(
        "DescribeDBClusters",
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/ci"
            + " is not authorized to perform: rds:DescribeDBClusters on resource:"
            + " arn:aws:rds:us-east-1:123456789012:cluster:"
            + CLUSTER);

    SettingsException e = preflightFails(rds.cluster(CLUSTER));

    for (String action :
        List.of(
            "rds:DescribeDBClusters",
            "rds:FailoverDBCluster",
            "rds:RebootDBInstance",
            "rds:DescribeEvents",
            "rds:DescribeDBInstances")) {
      assertTrue(e.getMessage().contains(action), action + " missing from: " + e.getMessage());
    }
    assertTrue(e.getMessage().contains("AccessDenied"), e.getMessage());
    assertEquals(1, rds.sent("DescribeDBClusters").size(), "AccessDenied is not retried");
    // The request really was signed for RDS in us-east-1 with the given credentials.
    String authorization =
        rds.server.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
    assertTrue(
        authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAKERDSTEST/"), authorization);
    assertTrue(authorization.contains("/us-east-1/rds/aws4_request"), authorization);
  }

  @Test
  void unknownClusterNamesTheClusterIdSetting() {
    rds.fail(
        "DescribeDBClusters",
        404,
        "DBClusterNotFoundFault",
        "DBCluster " + CLUSTER + " not found.");

    SettingsException e = preflightFails(rds.cluster(CLUSTER));

    assertEquals("failover.aws.cluster-id", e.setting());
    assertTrue(e.getMessage().contains("failover.aws.cluster-id"), e.getMessage());
    assertTrue(e.getMessage().contains("DBCluster " + CLUSTER + " not found."), e.getMessage());
  }

  @Test
  void aFailoverInProgressIsRefusedAtPreflight() {
    rds.answer("DescribeDBClusters", clusters(CLUSTER, "failing-over", "inst-a", "inst-b"));

    SettingsException e = preflightFails(rds.cluster(CLUSTER));

    assertEquals("failover.aws.cluster-id", e.setting());
    assertTrue(e.getMessage().contains("failing over already"), e.getMessage());
  }

  @Test
  void aClusterThatIsNotAvailableIsRefusedAtPreflight() {
    rds.answer("DescribeDBClusters", clusters(CLUSTER, "modifying", "inst-a", "inst-b"));

    SettingsException e = preflightFails(rds.cluster(CLUSTER));

    assertTrue(e.getMessage().contains("is modifying, not available"), e.getMessage());
  }

  @Test
  void aClusterWithoutReaderIsRefusedAtPreflight() {
    rds.answer("DescribeDBClusters", clusters(CLUSTER, "available", "inst-a"));

    SettingsException e = preflightFails(rds.cluster(CLUSTER));

    assertTrue(e.getMessage().contains("no reader to fail over to"), e.getMessage());
  }

  @Test
  void aTargetThatIsNotAReaderIsRefusedAtPreflight() {
    rds.answer("DescribeDBClusters", clusters(CLUSTER, "available", "inst-a", "inst-b"));

    SettingsException notMember =
        preflightFails(rds.cluster(CLUSTER).withTargetInstanceId("inst-z"));
    SettingsException writer = preflightFails(rds.cluster(CLUSTER).withTargetInstanceId("inst-a"));

    assertEquals("failover.aws.target-instance-id", notMember.setting());
    assertTrue(notMember.getMessage().contains("'inst-z' is not a member"), notMember.getMessage());
    assertTrue(notMember.getMessage().contains("[inst-b]"), notMember.getMessage());
    assertTrue(writer.getMessage().contains("'inst-a' is the current writer"), writer.getMessage());
  }

  @Test
  void invalidClusterStateWhenFiringIsAClearErrorAfterReturned() {
    rds.answer("DescribeDBClusters", clusters(CLUSTER, "available", "inst-a", "inst-b"));
    rds.fail(
        "FailoverDBCluster",
        400,
        "InvalidDBClusterStateFault",
        "Cannot fail over DBCluster " + CLUSTER + " because it is not in available state.");

    IllegalStateException e;
    try (AuroraFailoverTrigger trigger = trigger(rds.cluster(CLUSTER))) {
      e = assertThrows(IllegalStateException.class, () -> trigger.fire(events::add, DEADLINE));
    }

    assertTrue(e.getMessage().contains("InvalidDBClusterStateFault"), e.getMessage());
    assertTrue(e.getMessage().contains("Wait until its status is available"), e.getMessage());
    assertEquals(List.of("asked", "returned"), names());
    assertTrue(
        events.get(1).detail().startsWith("error InvalidDBClusterStateFault"),
        events.get(1).detail());
    assertEquals(1, rds.sent("FailoverDBCluster").size(), "a refused failover is not retried");
  }

  @Test
  void noCredentialsSaysHowToProvideThem() {
    AwsCredentialsProvider none =
        () -> {
          throw SdkClientException.create(
              "Unable to load credentials from any of the providers in"
                  + " the chain AwsCredentialsProviderChain(...)");
        };

    SettingsException e;
    try (AuroraFailoverTrigger trigger = new AuroraFailoverTrigger(rds.cluster(CLUSTER), none)) {
      e = assertThrows(SettingsException.class, trigger::preflight);
    }

    assertTrue(e.getMessage().contains("found no AWS credentials"), e.getMessage());
    assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
    assertTrue(e.getMessage().contains("AWS_PROFILE"), e.getMessage());
    assertEquals(0, rds.server.getAllServeEvents().size(), "nothing sent without credentials");
  }

  @Test
  void aWriterThatNeverChangesEndsAtTheDeadlineWithRdsEventsRead() throws Exception {
    rds.answer("DescribeDBClusters", clusters(CLUSTER, "available", "inst-a", "inst-b"));
    rds.answer("FailoverDBCluster", FakeRds.cluster(CLUSTER, "failing-over", "inst-a", "inst-b"));

    long startNanos = System.nanoTime();
    TimeoutException e;
    try (AuroraFailoverTrigger trigger = trigger(rds.cluster(CLUSTER))) {
      e =
          assertThrows(
              TimeoutException.class, () -> trigger.fire(events::add, Duration.ofMillis(300)));
    }
    long tookMs = (System.nanoTime() - startNanos) / 1_000_000;

    assertTrue(e.getMessage().contains("writer inst-a"), e.getMessage());
    assertTrue(tookMs < 5_000, "bounded by the deadline, took " + tookMs + " ms");
    assertEquals(List.of("asked", "returned"), names());
    assertEquals(3, rds.sent("DescribeEvents").size(), "events are read even after a timeout");
  }

  @Test
  void aMissingClusterIdIsASettingsError() {
    SettingsException e = assertThrows(SettingsException.class, () -> trigger(rds.cluster(" ")));
    assertEquals("failover.aws.cluster-id", e.setting());
  }

  private SettingsException preflightFails(AwsSettings settings) {
    try (AuroraFailoverTrigger trigger = trigger(settings)) {
      return assertThrows(SettingsException.class, trigger::preflight);
    }
  }

  private List<String> names() {
    return events.stream().map(FailoverEvent::name).filter(n -> !n.equals("rds-event")).toList();
  }

  static void assertAscending(List<FailoverEvent> events) {
    long last = 0;
    for (FailoverEvent event : events) {
      if (!event.name().equals("rds-event")) {
        assertTrue(event.atMicros() >= last, events.toString());
        last = event.atMicros();
      }
    }
  }
}
