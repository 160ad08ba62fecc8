package io.pgfailover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsLoaderTest {
  private static final Config REFERENCE = SettingsLoader.reference();

  static FailoverSettings load(String hocon, Map<String, String> env) {
    Config merged = ConfigFactory.parseString(hocon).withFallback(REFERENCE).resolve();
    return SettingsLoader.parse(merged, REFERENCE, env::get);
  }

  private static SettingsException fails(String hocon) {
    return assertThrows(SettingsException.class, () -> load(hocon, Map.of()));
  }

  @Test
  void defaultsMeanTheLabWithASwitchover() {
    FailoverSettings s = load("", Map.of());
    assertTrue(s.usesLab());
    assertEquals(TriggerKind.PATRONI_SWITCHOVER, s.faults().trigger());
    assertEquals(5, s.pool().size());
    assertEquals(Duration.ofMillis(200), s.analysis().gapThreshold());
    assertEquals(70, s.workload().readWeight());
  }

  @Test
  void downtimeFigureIsOneOfTheFiguresAndABadOneIsRefused() {
    assertEquals(Figure.PATH, load("", Map.of()).slo().downtimeFigure());
    assertEquals(
        Figure.WORKLOAD,
        load("failover.slo.downtime-figure = workload", Map.of()).slo().downtimeFigure());
    SettingsException e = fails("failover.slo.downtime-figure = pool");
    assertEquals("failover.slo.downtime-figure", e.setting());
    assertTrue(
        e.getMessage().contains("'pool'") && e.getMessage().contains("workload"), e.getMessage());
  }

  @Test
  void labPathEndpointsWithTheirOwnTimeoutsMeanTheLab() {
    FailoverSettings s =
        load(
            "failover.endpoints { st5 { url = \"lab:direct\", socket-timeout = 5s },"
                + " st30 { url = \"lab:direct\", socket-timeout = 30s, pool-size = 7 } }",
            Map.of());
    assertTrue(s.usesLab());
    assertEquals(TriggerKind.PATRONI_SWITCHOVER, s.faults().trigger(), "auto on the lab");
    EndpointSettings st5 = s.endpoints().get(1);
    EndpointSettings st30 = s.endpoints().get(0);
    assertEquals("st5", st5.name());
    assertEquals(Duration.ofSeconds(5), st5.poolOr(s.pool()).socketTimeout());
    assertEquals(Duration.ofSeconds(30), st30.poolOr(s.pool()).socketTimeout());
    assertEquals(7, st30.poolOr(s.pool()).size());
    assertEquals(s.pool().connectTimeout(), st5.poolOr(s.pool()).connectTimeout(), "inherited");
    assertEquals(LabEndpoint.DIRECT, st5.labPath().orElseThrow());
  }

  @Test
  void aLabPathThatDoesNotExistOrAMixWithRealUrlsIsRefused() {
    SettingsException unknown = fails("failover.endpoints.a.url = \"lab:primary\"");
    assertEquals("failover.endpoints.a.url", unknown.setting());
    assertTrue(unknown.getMessage().contains("lab:direct"), unknown.getMessage());
    SettingsException mixed =
        fails(
            "failover.endpoints { a.url = \"lab:direct\","
                + " b.url = \"jdbc:postgresql://db:5432/app\" }");
    assertEquals("failover.endpoints", mixed.setting());
    SettingsException negative =
        fails("failover.endpoints.a { url = \"lab:direct\", socket-timeout = -1s }");
    assertEquals("failover.endpoints.a.socket-timeout", negative.setting());
  }

  @Test
  void unknownKeyIsNamedWithTheClosestKnownOne() {
    SettingsException e = fails("failover.triger = kill-primary");
    assertEquals("failover.triger", e.setting());
    assertTrue(e.getMessage().contains("did you mean failover.trigger?"), e.getMessage());
  }

  @Test
  void malformedDurationNamesKeyAndValue() {
    SettingsException e = fails("failover.run.warm-up = soon");
    assertEquals("failover.run.warm-up", e.setting());
    assertTrue(e.getMessage().contains("'soon'") && e.getMessage().contains("10s"), e.getMessage());
  }

  @Test
  void unknownTriggerIsRejected() {
    SettingsException e = fails("failover.trigger = reboot-everything");
    assertEquals("failover.trigger", e.setting());
    assertTrue(e.getMessage().contains("kill-primary"), e.getMessage());
  }

  @Test
  void killPrimaryDoesNotFitAConfiguredTarget() {
    SettingsException e =
        fails(
            "failover { trigger = kill-primary\n"
                + " endpoints.direct.url = \"jdbc:postgresql://db.example:5432/app\" }");
    assertEquals("failover.trigger", e.setting());
  }

  @Test
  void weightsMustAddUpTo100() {
    SettingsException e = fails("failover.workload.business.weights.read = 80");
    assertEquals("failover.workload.business.weights", e.setting());
    assertTrue(e.getMessage().contains("110"), e.getMessage());
  }

  @Test
  void endpointsTakePasswordFromTheEnvironmentAndNeverShowIt() {
    FailoverSettings s =
        load(
            "failover.endpoints.direct.url = " + "\"jdbc:postgresql://db.example:5432/app\"",
            Map.of("FAILOVER_PASSWORD", "s3cr3t-pw"));
    assertFalse(s.usesLab());
    assertEquals(TriggerKind.NONE, s.faults().trigger());
    EndpointSettings direct = s.endpoints().get(0);
    assertEquals("s3cr3t-pw", direct.password().reveal());
    assertFalse(direct.toString().contains("s3cr3t-pw"));
    assertFalse(s.toString().contains("s3cr3t-pw"));
  }

  @Test
  void unknownEndpointKeyAndBadUrlAreNamed() {
    SettingsException e =
        fails(
            "failover.endpoints.direct { url = \"jdbc:postgresql://h/db\"\n" + " pool-sise = 3 }");
    assertEquals("failover.endpoints.direct.pool-sise", e.setting());
    assertTrue(e.getMessage().contains("did you mean pool-size?"), e.getMessage());
    SettingsException url = fails("failover.endpoints.direct.url = \"postgres://h/db\"");
    assertEquals("failover.endpoints.direct.url", url.setting());
  }

  @Test
  void passwordsInUrlsAreMaskedInTheEffectiveConfiguration() {
    FailoverSettings s =
        load(
            "failover.endpoints.direct.url = "
                + "\"jdbc:postgresql://h:5432/db?user=a&password=hunter22\"",
            Map.of());
    String effective = s.effective().toString();
    assertFalse(effective.contains("hunter22"), effective);
    assertTrue(effective.contains("password=****"), effective);
  }

  @Test
  void listsInTheHoconFormFromTheCommandLine() {
    // what -Dfailover.matrix=[patroni-switchover,kill-postgres] gives: a string, not a list
    assertEquals(
        List.of(TriggerKind.PATRONI_SWITCHOVER, TriggerKind.KILL_POSTGRES),
        load("failover.matrix = \"[patroni-switchover, kill-postgres]\"", Map.of())
            .faults()
            .matrix());
    assertEquals(
        List.of("http://127.0.0.1:18008", "http://127.0.0.1:18009"),
        load(
                "failover.patroni.urls = \"[\\\"http://127.0.0.1:18008\\\",'http://127.0.0.1:18009']\"",
                Map.of())
            .faults()
            .patroniUrls());
    assertEquals(
        List.of(), load("failover.patroni.urls = \"[]\"", Map.of()).faults().patroniUrls());
  }

  @Test
  void aNegativeDurationIsEchoedAsWritten() {
    SettingsException e = fails("failover.run.tail = -5s");
    assertEquals("failover.run.tail", e.setting());
    assertTrue(e.getMessage().contains("is negative (-5s)"), e.getMessage());
  }

  @Test
  void urlsAreCheckedWithTheOtherSettings() {
    SettingsException patroni =
        fails("failover.patroni.urls = [\"http://127.0.0.1:18008\"," + " \"127.0.0.1:18009\"]");
    assertEquals("failover.patroni.urls", patroni.setting());
    assertTrue(
        patroni.getMessage().contains("'127.0.0.1:18009', which is not a Patroni REST URL"),
        patroni.getMessage());
    SettingsException spaces = fails("failover.patroni.urls = \"http://bad host:8008\"");
    assertTrue(
        spaces.getMessage().contains("which is not a Patroni REST URL: Illegal character"),
        spaces.getMessage());
    SettingsException jdbc = fails("failover.endpoints.a.url = \"jdbc:postgresql://h:x/db\"");
    assertEquals("failover.endpoints.a.url", jdbc.setting());
    assertTrue(jdbc.getMessage().contains("that pgjdbc can read"), jdbc.getMessage());
  }

  @Test
  void commaSeparatedListsFromTheCommandLine() {
    FailoverSettings s = load("failover.lab-endpoints = \"direct, proxy\"", Map.of());
    assertEquals(List.of(LabEndpoint.DIRECT, LabEndpoint.PROXY), s.lab().endpoints());
    SettingsException e = fails("failover.lab-endpoints = \"direct,pgpool\"");
    assertEquals("failover.lab-endpoints", e.setting());
  }

  @Test
  void aMistypedSystemPropertyIsCaughtToo() {
    System.setProperty("failover.triger", "none");
    ConfigFactory.invalidateCaches();
    try {
      SettingsException e =
          assertThrows(
              SettingsException.class, () -> SettingsLoader.load(Map.<String, String>of()::get));
      assertEquals("failover.triger", e.setting());
    } finally {
      System.clearProperty("failover.triger");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void awsTriggersNeedTheirIdentifiersAndATarget() {
    String target = "failover.endpoints.direct.url = \"jdbc:postgresql://db.example:5432/app\"\n";
    SettingsException noCluster = fails(target + "failover.trigger = aurora-failover");
    assertEquals("failover.aws.cluster-id", noCluster.setting());
    SettingsException noInstance = fails(target + "failover.trigger = rds-reboot");
    assertEquals("failover.aws.instance-id", noInstance.setting());
    SettingsException onLab =
        fails("failover.trigger = aurora-failover\n" + "failover.aws.cluster-id = c1");
    assertEquals("failover.trigger", onLab.setting());
    FailoverSettings ok =
        load(
            target
                + "failover { trigger = aurora-failover\n"
                + " aws { cluster-id = c1, region = eu-west-1, target-instance-id = c1-r2 } }",
            Map.of());
    assertEquals("c1", ok.faults().aws().clusterId());
    assertEquals("c1-r2", ok.faults().aws().targetInstanceId());
    assertEquals(Duration.ofSeconds(1), ok.faults().aws().pollInterval());
  }

  @Test
  void maintenanceTriggersNeedTheirChangeAndWhatToApplyItTo() {
    String target = "failover.endpoints.direct.url = \"jdbc:postgresql://db.example:5432/app\"\n";
    assertEquals(
        "failover.aws.instance-class",
        fails(target + "failover { trigger = rds-modify-class, aws.instance-id = db1 }").setting());
    assertEquals(
        "failover.aws.engine-version",
        fails(target + "failover { trigger = rds-upgrade, aws.cluster-id = c1 }").setting());
    SettingsException nothing =
        fails(target + "failover { trigger = rds-upgrade, aws.engine-version = \"16.4\" }");
    assertEquals("failover.aws.instance-id", nothing.setting());
    assertTrue(nothing.getMessage().contains("failover.aws.cluster-id"), nothing.getMessage());
    assertEquals(
        "failover.aws.blue-green-deployment-id",
        fails(target + "failover.trigger = blue-green-switchover").setting());
    FailoverSettings ok =
        load(
            target
                + "failover { trigger = rds-modify-class\n"
                + " aws { cluster-id = c1, instance-class = db.m6gd.xlarge } }",
            Map.of());
    assertEquals("db.m6gd.xlarge", ok.faults().aws().instanceClass());
    assertEquals(TriggerKind.RDS_MODIFY_CLASS, ok.faults().trigger());
  }

  @Test
  void wrapperAndAuthAreEndpointSettingsCheckedBeforeLoad() {
    String url = "failover.endpoints.w.url = \"jdbc:postgresql://db.example:5432/app\"\n";
    FailoverSettings s =
        load(url + "failover.endpoints.w { wrapper = true, auth = iam }", Map.of());
    EndpointSettings w = s.endpoints().get(0);
    assertEquals("failover2,efm2", w.wrapperPlugins());
    assertEquals("jdbc:aws-wrapper:postgresql://db.example:5432/app", w.connectUrl());
    assertEquals(EndpointSettings.Auth.IAM, w.auth());
    assertEquals(
        "failover.endpoints.w.wrapper-plugins",
        fails(url + "failover.endpoints.w.wrapper-plugins = efm2").setting());
    assertEquals(
        "failover.endpoints.w.secret-id",
        fails(url + "failover.endpoints.w.auth = secrets-manager").setting());
    assertEquals(
        "failover.endpoints.w.auth", fails(url + "failover.endpoints.w.auth = kerberos").setting());
    assertEquals(
        "failover.endpoints.m.auth",
        fails("failover.endpoints.m { url = \"jdbc:postgresql://a:5432,b:5432/app\", auth = iam }")
            .setting());
  }

  @Test
  void labFaultsFitOnlyTheLabAndCommandNeedsItsCommand() {
    String target = "failover.endpoints.direct.url = \"jdbc:postgresql://db.example:5432/app\"\n";
    for (String kind : java.util.List.of("kill-postgres", "freeze-primary", "kill-proxy")) {
      assertEquals("failover.trigger", fails(target + "failover.trigger = " + kind).setting());
    }
    assertEquals(
        "failover.patroni.urls", fails(target + "failover.trigger = patroni-failover").setting());
    assertEquals("failover.command.run", fails("failover.trigger = command").setting());
    assertEquals("failover.kill-proxy.proxy", fails("failover.kill-proxy.proxy = nginx").setting());
    FailoverSettings s =
        load("failover { trigger = command, command.run = \"echo hi\" }", Map.of());
    assertEquals("echo hi", s.faults().options().command());
    assertEquals(Duration.ofSeconds(15), s.faults().options().freezeDuration());
    assertEquals("failover.matrix", fails("failover.matrix = [kill-primary, reboot]").setting());
  }

  @Test
  void aGapThresholdBelowOneMillisecondIsRefused() {
    SettingsException e = fails("failover.analysis.gap-threshold = 500us");
    assertEquals("failover.analysis.gap-threshold", e.setting());
    assertTrue(e.getMessage().contains("at least 1 ms"), e.getMessage());
  }
}
