package io.pgfailover.trigger.aws;

import static io.pgfailover.trigger.aws.FakeRds.dbInstance;
import static io.pgfailover.trigger.aws.FakeRds.event;
import static io.pgfailover.trigger.aws.FakeRds.multiAzCluster;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * rds-modify-class and rds-upgrade with the real SDK against the local RDS Query API: what was
 * sent, and the status sequences RDS goes through (available -> modifying -> available, with the
 * Multi-AZ standby taking over half-way; available -> upgrading -> available).
 */
@Timeout(60)
class RdsModifyTriggerTest {
  private static final String DB = "prod-pg";
  private static final String CLUSTER = "prod-maz";
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

  private static String instances(String instance) {
    return "<DBInstances>" + instance + "</DBInstances>";
  }

  private static String clusters(String cluster) {
    return "<DBClusters>" + cluster + "</DBClusters>";
  }

  private AwsSettings instance() {
    return rds.instance(DB, false);
  }

  private AwsSettings cluster() {
    return rds.cluster(CLUSTER);
  }

  @Test
  void aMultiAzInstanceChangesClassThroughItsStandbyAndIsFollowedToTheEnd() throws Exception {
    String from = "db.m6g.large";
    String to = "db.r6g.xlarge";
    rds.answerInTurn(
        "DescribeDBInstances",
        instances(
            dbInstance(DB, "available", "us-east-1a", "us-east-1b", from, "16.3", null, null)),
        instances(
            dbInstance(DB, "available", "us-east-1a", "us-east-1b", from, "16.3", null, null)),
        instances(dbInstance(DB, "modifying", "us-east-1a", "us-east-1b", from, "16.3", to, null)),
        instances(dbInstance(DB, "modifying", "us-east-1b", "us-east-1a", from, "16.3", to, null)),
        instances(dbInstance(DB, "modifying", "us-east-1b", "us-east-1a", to, "16.3", null, null)),
        instances(dbInstance(DB, "available", "us-east-1b", "us-east-1a", to, "16.3", null, null)));
    rds.answer("DescribeOrderableDBInstanceOptions", FakeRds.orderable("postgres", "16.3", to));
    rds.answer(
        "ModifyDBInstance",
        dbInstance(DB, "available", "us-east-1a", "us-east-1b", from, "16.3", to, null));
    Instant started = Instant.parse("2026-11-22T04:16:41.250Z");
    rds.events(
        "db-instance",
        DB,
        event("db-instance", DB, started, "Applying modification to database instance class"),
        event("db-instance", DB, started.plusSeconds(400), "Finished applying modification"));

    try (RdsModifyTrigger trigger =
        RdsModifyTrigger.instanceClass(
            instance().withInstanceClass(to), FakeRds.TEST_CREDENTIALS)) {
      assertEquals("rds-modify-class", trigger.kind());
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of(
            "asked",
            "returned",
            "instance-status",
            "new-primary-seen",
            "instance-status",
            "instance-available",
            "rds-event",
            "rds-event"),
        names(),
        events.toString());
    assertTrue(events.get(0).detail().contains(from + " -> " + to), events.get(0).detail());
    assertEquals("available -> modifying", events.get(2).detail());
    assertEquals(DB + " us-east-1a -> us-east-1b", events.get(3).detail());
    assertEquals("modifying -> available", events.get(4).detail());
    assertTrue(events.get(5).detail().contains(to), events.get(5).detail());
    assertEquals(started.toEpochMilli() * 1000, events.get(6).atMicros());

    Map<String, String> modify = rds.sent("ModifyDBInstance").get(0);
    assertEquals(DB, modify.get("DBInstanceIdentifier"));
    assertEquals(to, modify.get("DBInstanceClass"));
    assertEquals("true", modify.get("ApplyImmediately"));
    assertTrue(!modify.containsKey("EngineVersion"), modify.toString());
    Map<String, String> orderable = rds.sent("DescribeOrderableDBInstanceOptions").get(0);
    assertEquals("postgres", orderable.get("Engine"));
    assertEquals("16.3", orderable.get("EngineVersion"));
    assertEquals(to, orderable.get("DBInstanceClass"));
  }

  @Test
  void aMultiAzDbClusterChangesClassWithModifyDbClusterAndItsWriterMoves() throws Exception {
    String from = "db.m6gd.large";
    String to = "db.m6gd.xlarge";
    rds.answerInTurn(
        "DescribeDBClusters",
        clusters(multiAzCluster(CLUSTER, "available", from, "16.3", null, "i-1", "i-2", "i-3")),
        clusters(multiAzCluster(CLUSTER, "available", from, "16.3", null, "i-1", "i-2", "i-3")),
        clusters(multiAzCluster(CLUSTER, "modifying", from, "16.3", null, "i-1", "i-2", "i-3")),
        clusters(multiAzCluster(CLUSTER, "modifying", from, "16.3", null, null, "i-1", "i-3")),
        clusters(multiAzCluster(CLUSTER, "modifying", to, "16.3", null, "i-2", "i-1", "i-3")),
        clusters(multiAzCluster(CLUSTER, "available", to, "16.3", null, "i-2", "i-1", "i-3")));
    rds.answer("DescribeOrderableDBInstanceOptions", FakeRds.orderable("postgres", "16.3", to));
    rds.answer(
        "ModifyDBCluster",
        multiAzCluster(CLUSTER, "available", from, "16.3", null, "i-1", "i-2", "i-3"));

    try (RdsModifyTrigger trigger =
        RdsModifyTrigger.instanceClass(cluster().withInstanceClass(to), FakeRds.TEST_CREDENTIALS)) {
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
    assertEquals(CLUSTER + " i-1 -> i-2", events.get(3).detail());
    Map<String, String> modify = rds.sent("ModifyDBCluster").get(0);
    assertEquals(CLUSTER, modify.get("DBClusterIdentifier"));
    assertEquals(to, modify.get("DBClusterInstanceClass"));
    assertEquals("true", modify.get("ApplyImmediately"));
    assertTrue(rds.sent("ModifyDBInstance").isEmpty());
    // the cluster's and each member's RDS events were read
    assertEquals(
        List.of("db-cluster", "db-instance", "db-instance", "db-instance"),
        rds.sent("DescribeEvents").stream().map(r -> r.get("SourceType")).toList());
  }

  @Test
  void aClusterMinorUpgradeGoesThroughUpgradingUntilTheVersionIsInForce() throws Exception {
    rds.answerInTurn(
        "DescribeDBClusters",
        clusters(multiAzCluster(CLUSTER, "available", "c", "16.3", null, "i-1", "i-2")),
        clusters(multiAzCluster(CLUSTER, "available", "c", "16.3", null, "i-1", "i-2")),
        clusters(multiAzCluster(CLUSTER, "upgrading", "c", "16.3", "16.4", "i-1", "i-2")),
        clusters(multiAzCluster(CLUSTER, "upgrading", "c", "16.4", null, "i-1", "i-2")),
        clusters(multiAzCluster(CLUSTER, "available", "c", "16.4", null, "i-1", "i-2")));
    rds.answer(
        "DescribeDBEngineVersions", FakeRds.engineVersion("postgres", "16.3", "16.4", "17.2!"));
    rds.answer(
        "ModifyDBCluster", multiAzCluster(CLUSTER, "available", "c", "16.3", "16.4", "i-1", "i-2"));

    try (RdsModifyTrigger trigger =
        RdsModifyTrigger.engineVersion(
            cluster().withEngineVersion("16.4"), FakeRds.TEST_CREDENTIALS)) {
      assertEquals("rds-upgrade", trigger.kind());
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of("asked", "returned", "cluster-status", "cluster-status", "cluster-available"),
        names(),
        events.toString());
    assertEquals("available -> upgrading", events.get(2).detail());
    assertEquals("upgrading -> available", events.get(3).detail());
    Map<String, String> modify = rds.sent("ModifyDBCluster").get(0);
    assertEquals("16.4", modify.get("EngineVersion"));
    assertEquals("true", modify.get("ApplyImmediately"));
    assertTrue(!modify.containsKey("AllowMajorVersionUpgrade"), modify.toString());
    Map<String, String> versions = rds.sent("DescribeDBEngineVersions").get(0);
    assertEquals("postgres", versions.get("Engine"));
    assertEquals("16.3", versions.get("EngineVersion"));
  }

  @Test
  void anInstanceUpgradeUsesModifyDbInstance() throws Exception {
    String c = "db.m6g.large";
    rds.answerInTurn(
        "DescribeDBInstances",
        instances(dbInstance(DB, "available", "us-east-1a", null, c, "15.7", null, null)),
        instances(dbInstance(DB, "available", "us-east-1a", null, c, "15.7", null, null)),
        instances(dbInstance(DB, "upgrading", "us-east-1a", null, c, "15.7", null, "15.8")),
        instances(dbInstance(DB, "available", "us-east-1a", null, c, "15.8", null, null)));
    rds.answer("DescribeDBEngineVersions", FakeRds.engineVersion("postgres", "15.7", "15.8"));
    rds.answer(
        "ModifyDBInstance",
        dbInstance(DB, "upgrading", "us-east-1a", null, c, "15.7", null, "15.8"));

    try (RdsModifyTrigger trigger =
        RdsModifyTrigger.engineVersion(
            instance().withEngineVersion("15.8"), FakeRds.TEST_CREDENTIALS)) {
      trigger.preflight();
      trigger.fire(events::add, DEADLINE);
    }

    assertEquals(
        List.of("asked", "returned", "instance-status", "instance-status", "instance-available"),
        names(),
        events.toString());
    assertEquals("available -> upgrading", events.get(2).detail(), "from the call's own answer");
    assertEquals("15.8", rds.sent("ModifyDBInstance").get(0).get("EngineVersion"));
  }

  @Test
  void aClassRdsDoesNotOfferIsRefusedBeforeLoad() {
    rds.answer(
        "DescribeDBInstances",
        instances(
            dbInstance(DB, "available", "us-east-1a", null, "db.m6g.large", "16.3", null, null)));
    rds.answer("DescribeOrderableDBInstanceOptions", FakeRds.orderable("postgres", "16.3"));

    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> preflightClass(instance().withInstanceClass("db.m6g.huge")));
    assertEquals(AwsSettings.INSTANCE_CLASS, e.setting());
    assertTrue(
        e.getMessage()
            .contains("db.m6g.huge is not an instance class RDS offers for postgres 16.3"),
        e.getMessage());
    assertTrue(rds.sent("ModifyDBInstance").isEmpty(), "nothing modified");
  }

  @Test
  void aMajorOrUnknownVersionIsRefusedWithTheValidMinorTargets() {
    rds.answer(
        "DescribeDBInstances",
        instances(
            dbInstance(DB, "available", "us-east-1a", null, "db.m6g.large", "16.3", null, null)));
    rds.answer(
        "DescribeDBEngineVersions",
        FakeRds.engineVersion("postgres", "16.3", "16.4", "16.6", "17.2!"));

    SettingsException major =
        assertThrows(
            SettingsException.class, () -> preflightVersion(instance().withEngineVersion("17.2")));
    assertEquals(AwsSettings.ENGINE_VERSION, major.setting());
    assertTrue(major.getMessage().contains("is a major version upgrade"), major.getMessage());
    assertTrue(major.getMessage().contains("[16.4, 16.6]"), major.getMessage());

    SettingsException unknown =
        assertThrows(
            SettingsException.class, () -> preflightVersion(instance().withEngineVersion("16.9")));
    assertTrue(unknown.getMessage().contains("is not a version"), unknown.getMessage());
    assertTrue(rds.sent("ModifyDBInstance").isEmpty());
  }

  @Test
  void aMissingPermissionIsNamedBeforeLoad() {
    rds.answer(
        "DescribeDBInstances",
        instances(
            dbInstance(DB, "available", "us-east-1a", null, "db.m6g.large", "16.3", null, null)));
    rds.fail(
        "DescribeOrderableDBInstanceOptions",
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform:"
            + " rds:DescribeOrderableDBInstanceOptions because no identity-based policy allows the"
            + " rds:DescribeOrderableDBInstanceOptions action");

    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> preflightClass(instance().withInstanceClass("db.r6g.xlarge")));
    assertTrue(
        e.getMessage().contains("lacks IAM permission rds:DescribeOrderableDBInstanceOptions"),
        e.getMessage());
    assertTrue(e.getMessage().contains("rds:ModifyDBInstance"), "all it needs is named");
  }

  @Test
  void aDeniedModifyCallIsReturnedFailedWithTheIamActionNamed() {
    String c = "db.m6g.large";
    rds.answer(
        "DescribeDBInstances",
        instances(dbInstance(DB, "available", "us-east-1a", null, c, "16.3", null, null)));
    rds.answer(
        "DescribeOrderableDBInstanceOptions",
        FakeRds.orderable("postgres", "16.3", "db.r6g.large"));
    rds.fail(
        "ModifyDBInstance",
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform:"
            + " rds:ModifyDBInstance on resource: arn:aws:rds:us-east-1:123456789012:db:"
            + DB);

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (RdsModifyTrigger trigger =
                  RdsModifyTrigger.instanceClass(
                      instance().withInstanceClass("db.r6g.large"), FakeRds.TEST_CREDENTIALS)) {
                trigger.fire(events::add, DEADLINE);
              }
            });
    assertTrue(e.getMessage().contains("grant rds:ModifyDBInstance"), e.getMessage());
    assertEquals(List.of("asked", "returned"), names());
    assertEquals(io.pgfailover.record.Outcome.FAILED, events.get(1).outcome());
  }

  @Test
  void targetsThatCannotTakeTheChangeAreRefused() {
    rds.answer(
        "DescribeDBClusters",
        clusters(FakeRds.cluster(CLUSTER, "available", "aurora-1", "aurora-2")));
    SettingsException aurora =
        assertThrows(
            SettingsException.class,
            () -> preflightClass(cluster().withInstanceClass("db.r6g.large")));
    assertEquals(AwsSettings.INSTANCE_ID, aurora.setting());
    assertTrue(aurora.getMessage().contains("Aurora cluster"), aurora.getMessage());

    rds.answer(
        "DescribeDBInstances",
        instances(
            dbInstance(DB, "modifying", "us-east-1a", null, "db.m6g.large", "16.3", null, null)));
    SettingsException busy =
        assertThrows(
            SettingsException.class,
            () -> preflightClass(instance().withInstanceClass("db.r6g.large")));
    assertTrue(busy.getMessage().contains("is modifying, not available"), busy.getMessage());
  }

  @Test
  void theSameClassIsNothingToChange() {
    rds.answer(
        "DescribeDBInstances",
        instances(
            dbInstance(DB, "available", "us-east-1a", null, "db.m6g.large", "16.3", null, null)));
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> preflightClass(instance().withInstanceClass("db.m6g.large")));
    assertTrue(e.getMessage().contains("nothing to change"), e.getMessage());
  }

  private void preflightClass(AwsSettings settings) {
    try (RdsModifyTrigger trigger =
        RdsModifyTrigger.instanceClass(settings, FakeRds.TEST_CREDENTIALS)) {
      trigger.preflight();
    }
  }

  private void preflightVersion(AwsSettings settings) {
    try (RdsModifyTrigger trigger =
        RdsModifyTrigger.engineVersion(settings, FakeRds.TEST_CREDENTIALS)) {
      trigger.preflight();
    }
  }

  private List<String> names() {
    return events.stream().map(FailoverEvent::name).toList();
  }
}
