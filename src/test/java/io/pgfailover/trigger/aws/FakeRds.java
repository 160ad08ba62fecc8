package io.pgfailover.trigger.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pgfailover.config.AwsSettings;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An in-process HTTP server on 127.0.0.1 speaking the RDS Query API (form-encoded POSTs, XML
 * answers shaped like RDS's own), and the request journal to check what the SDK sent.
 */
final class FakeRds implements AutoCloseable {
  static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
  static final AwsCredentialsProvider TEST_CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDFAKERDSTEST", "not-a-secret"));

  final WireMockServer server;

  FakeRds() {
    server =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Settings for the fake: us-east-1, fast polls, the fake as endpoint. */
  AwsSettings cluster(String clusterId) {
    return AwsSettings.forCluster("us-east-1", clusterId)
        .withEndpointOverride(uri())
        .withPollInterval(Duration.ofMillis(20));
  }

  AwsSettings instance(String instanceId, boolean forceFailover) {
    return AwsSettings.forInstance("us-east-1", instanceId, forceFailover)
        .withEndpointOverride(uri())
        .withPollInterval(Duration.ofMillis(20));
  }

  private static MappingBuilder action(String action) {
    return post(urlEqualTo("/")).withFormParam("Action", equalTo(action));
  }

  /** {@code action} always answers {@code result} (the inner part of {@code <ActionResult>}). */
  void answer(String action, String result) {
    server.stubFor(action(action).willReturn(ok(action, result)));
  }

  /** {@code action} answers each response in turn, then keeps answering the last one. */
  void answerInTurn(String action, String... results) {
    for (int i = 0; i < results.length; i++) {
      String state = i == 0 ? Scenario.STARTED : action + "-" + i;
      ScenarioMappingBuilder stub =
          action(action)
              .inScenario(action)
              .whenScenarioStateIs(state)
              .willReturn(
                  results[i].startsWith("<ErrorResponse")
                      ? error(results[i])
                      : ok(action, results[i]));
      if (i + 1 < results.length) {
        stub = stub.willSetStateTo(action + "-" + (i + 1));
      }
      server.stubFor(stub);
    }
  }

  /** {@code action} answers an RDS error response. */
  void fail(String action, int status, String code, String message) {
    server.stubFor(action(action).willReturn(error(status, code, message)));
  }

  /** DescribeEvents for one source answers {@code events}. */
  void events(String sourceType, String sourceId, String... events) {
    server.stubFor(
        action("DescribeEvents")
            .withFormParam("SourceType", equalTo(sourceType))
            .withFormParam("SourceIdentifier", equalTo(sourceId))
            .atPriority(1)
            .willReturn(ok("DescribeEvents", "<Events>" + String.join("", events) + "</Events>")));
  }

  /** Every request of {@code action}, in order, as form parameters. */
  List<Map<String, String>> sent(String action) {
    return server
        .findAll(
            postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&")))
        .stream()
        .map(FakeRds::form)
        .toList();
  }

  static Map<String, String> form(LoggedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(key, value);
    }
    return form;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(
      String action, String result) {
    String body =
        "<"
            + action
            + "Response xmlns=\""
            + NS
            + "\">\n"
            + "  <"
            + action
            + "Result>\n"
            + result
            + "\n  </"
            + action
            + "Result>\n"
            + "  <ResponseMetadata>\n    <RequestId>"
            + UUID.randomUUID()
            + "</RequestId>\n"
            + "  </ResponseMetadata>\n</"
            + action
            + "Response>\n";
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
  }

  static String errorBody(String code, String message) {
    return "<ErrorResponse xmlns=\""
        + NS
        + "\">\n  <Error>\n    <Type>Sender</Type>\n"
        + "    <Code>"
        + code
        + "</Code>\n    <Message>"
        + message
        + "</Message>\n  </Error>\n"
        + "  <RequestId>"
        + UUID.randomUUID()
        + "</RequestId>\n</ErrorResponse>\n";
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml")
        .withBody(errorBody(code, message));
  }

  /** An error body made by {@link #errorBody}, with its status taken from the code. */
  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      String body) {
    int status =
        body.contains("<Code>Throttling</Code>")
            ? 400
            : body.contains("<Code>AccessDenied</Code>")
                ? 403
                : body.contains("NotFound") ? 404 : 400;
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
  }

  // ---- response fragments shaped like RDS's ----

  /** The {@code <DBClusters>} of DescribeDBClusters with one Aurora PostgreSQL cluster. */
  static String clusters(String id, String status, String writer, String... readers) {
    return "<DBClusters>" + cluster(id, status, writer, readers) + "</DBClusters>";
  }

  static String cluster(String id, String status, String writer, String... readers) {
    StringBuilder members = new StringBuilder();
    members.append(member(writer, true));
    for (String reader : readers) {
      members.append(member(reader, false));
    }
    return "<DBCluster>\n"
        + "  <DBClusterIdentifier>"
        + id
        + "</DBClusterIdentifier>\n"
        + "  <DBClusterArn>arn:aws:rds:us-east-1:123456789012:cluster:"
        + id
        + "</DBClusterArn>\n"
        + "  <Status>"
        + status
        + "</Status>\n"
        + "  <Engine>aurora-postgresql</Engine>\n  <EngineVersion>15.4</EngineVersion>\n"
        + "  <Endpoint>"
        + id
        + ".cluster-c1abcdefgh.us-east-1.rds.amazonaws.com</Endpoint>\n"
        + "  <ReaderEndpoint>"
        + id
        + ".cluster-ro-c1abcdefgh.us-east-1.rds.amazonaws.com"
        + "</ReaderEndpoint>\n  <Port>5432</Port>\n  <MultiAZ>true</MultiAZ>\n"
        + "  <DBClusterMembers>"
        + members
        + "</DBClusterMembers>\n"
        + "  <AvailabilityZones><AvailabilityZone>us-east-1a</AvailabilityZone>"
        + "<AvailabilityZone>us-east-1b</AvailabilityZone></AvailabilityZones>\n"
        + "</DBCluster>";
  }

  private static String member(String instance, boolean writer) {
    return "\n    <DBClusterMember>\n"
        + "      <DBInstanceIdentifier>"
        + instance
        + "</DBInstanceIdentifier>\n"
        + "      <IsClusterWriter>"
        + writer
        + "</IsClusterWriter>\n"
        + "      <DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>\n"
        + "      <PromotionTier>1</PromotionTier>\n    </DBClusterMember>";
  }

  /** The {@code <DBInstances>} of DescribeDBInstances with one PostgreSQL instance. */
  static String instances(String id, String status, String zone, String secondaryZone) {
    return "<DBInstances>" + instance(id, status, zone, secondaryZone) + "</DBInstances>";
  }

  static String instance(String id, String status, String zone, String secondaryZone) {
    boolean multiAz = secondaryZone != null;
    return "<DBInstance>\n"
        + "  <DBInstanceIdentifier>"
        + id
        + "</DBInstanceIdentifier>\n"
        + "  <DBInstanceClass>db.m6g.large</DBInstanceClass>\n  <Engine>postgres</Engine>\n"
        + "  <DBInstanceStatus>"
        + status
        + "</DBInstanceStatus>\n"
        + "  <AvailabilityZone>"
        + zone
        + "</AvailabilityZone>\n"
        + (multiAz
            ? "  <SecondaryAvailabilityZone>" + secondaryZone + "</SecondaryAvailabilityZone>\n"
            : "")
        + "  <MultiAZ>"
        + multiAz
        + "</MultiAZ>\n"
        + "  <Endpoint><Address>"
        + id
        + ".c1abcdefgh.us-east-1.rds.amazonaws.com</Address>"
        + "<Port>5432</Port></Endpoint>\n"
        + "</DBInstance>";
  }

  /**
   * A PostgreSQL DB instance as DescribeDBInstances and ModifyDBInstance answer it, with its class,
   * version and pending modifications ({@code pendingClass}, {@code pendingVersion} may be null).
   */
  static String dbInstance(
      String id,
      String status,
      String zone,
      String secondaryZone,
      String instanceClass,
      String version,
      String pendingClass,
      String pendingVersion) {
    String pending =
        (pendingClass == null ? "" : "<DBInstanceClass>" + pendingClass + "</DBInstanceClass>")
            + (pendingVersion == null
                ? ""
                : "<EngineVersion>" + pendingVersion + "</EngineVersion>");
    return "<DBInstance>\n"
        + "  <DBInstanceIdentifier>"
        + id
        + "</DBInstanceIdentifier>\n"
        + "  <DBInstanceClass>"
        + instanceClass
        + "</DBInstanceClass>\n  <Engine>postgres</Engine>\n"
        + "  <EngineVersion>"
        + version
        + "</EngineVersion>\n"
        + "  <DBInstanceStatus>"
        + status
        + "</DBInstanceStatus>\n"
        + "  <AvailabilityZone>"
        + zone
        + "</AvailabilityZone>\n"
        + (secondaryZone == null
            ? ""
            : "  <SecondaryAvailabilityZone>" + secondaryZone + "</SecondaryAvailabilityZone>\n")
        + "  <MultiAZ>"
        + (secondaryZone != null)
        + "</MultiAZ>\n"
        + "  <PendingModifiedValues>"
        + pending
        + "</PendingModifiedValues>\n"
        + "  <Endpoint><Address>"
        + id
        + ".c1abcdefgh.us-east-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>\n"
        + "  <DBInstanceArn>arn:aws:rds:us-east-1:123456789012:db:"
        + id
        + "</DBInstanceArn>\n"
        + "</DBInstance>";
  }

  /**
   * A Multi-AZ DB cluster (RDS for PostgreSQL, one writer and two readable standbys, a
   * cluster-level instance class) as DescribeDBClusters and ModifyDBCluster answer it; {@code
   * writer} null while RDS reports none.
   */
  static String multiAzCluster(
      String id,
      String status,
      String instanceClass,
      String version,
      String pendingVersion,
      String writer,
      String... readers) {
    StringBuilder members = new StringBuilder();
    if (writer != null) {
      members.append(member(writer, true));
    }
    for (String reader : readers) {
      members.append(member(reader, false));
    }
    return "<DBCluster>\n"
        + "  <DBClusterIdentifier>"
        + id
        + "</DBClusterIdentifier>\n"
        + "  <DBClusterArn>arn:aws:rds:us-east-1:123456789012:cluster:"
        + id
        + "</DBClusterArn>\n"
        + "  <Status>"
        + status
        + "</Status>\n"
        + "  <Engine>postgres</Engine>\n  <EngineVersion>"
        + version
        + "</EngineVersion>\n"
        + "  <DBClusterInstanceClass>"
        + instanceClass
        + "</DBClusterInstanceClass>\n"
        + "  <StorageType>io1</StorageType>\n  <Iops>3000</Iops>\n  <AllocatedStorage>100"
        + "</AllocatedStorage>\n"
        + (pendingVersion == null
            ? ""
            : "  <PendingModifiedValues><EngineVersion>"
                + pendingVersion
                + "</EngineVersion></PendingModifiedValues>\n")
        + "  <Endpoint>"
        + id
        + ".cluster-c1abcdefgh.us-east-1.rds.amazonaws.com</Endpoint>\n"
        + "  <ReaderEndpoint>"
        + id
        + ".cluster-ro-c1abcdefgh.us-east-1.rds.amazonaws.com</ReaderEndpoint>\n"
        + "  <Port>5432</Port>\n  <MultiAZ>true</MultiAZ>\n"
        + "  <DBClusterMembers>"
        + members
        + "</DBClusterMembers>\n"
        + "  <AvailabilityZones><AvailabilityZone>us-east-1a</AvailabilityZone>"
        + "<AvailabilityZone>us-east-1b</AvailabilityZone>"
        + "<AvailabilityZone>us-east-1c</AvailabilityZone></AvailabilityZones>\n"
        + "</DBCluster>";
  }

  /**
   * DescribeOrderableDBInstanceOptions' answer: one option per class given (none = not offered).
   */
  static String orderable(String engine, String version, String... classes) {
    StringBuilder options = new StringBuilder();
    for (String c : classes) {
      options
          .append("\n<OrderableDBInstanceOption>\n  <Engine>")
          .append(engine)
          .append("</Engine>\n  <EngineVersion>")
          .append(version)
          .append("</EngineVersion>\n  <DBInstanceClass>")
          .append(c)
          .append("</DBInstanceClass>\n  <LicenseModel>postgresql-license</LicenseModel>\n")
          .append("  <MultiAZCapable>true</MultiAZCapable>\n  <StorageType>gp3</StorageType>\n")
          .append("</OrderableDBInstanceOption>");
    }
    return "<OrderableDBInstanceOptions>" + options + "</OrderableDBInstanceOptions>";
  }

  /**
   * DescribeDBEngineVersions' answer for one version with its valid upgrade targets, each {@code
   * "16.4"} (minor) or {@code "17.2!"} (major).
   */
  static String engineVersion(String engine, String version, String... targets) {
    StringBuilder upgrades = new StringBuilder();
    for (String t : targets) {
      boolean major = t.endsWith("!");
      String v = major ? t.substring(0, t.length() - 1) : t;
      upgrades
          .append("\n<UpgradeTarget>\n  <Engine>")
          .append(engine)
          .append("</Engine>\n  <EngineVersion>")
          .append(v)
          .append("</EngineVersion>\n  <Description>PostgreSQL ")
          .append(v)
          .append("</Description>\n  <AutoUpgrade>false</AutoUpgrade>\n")
          .append("  <IsMajorVersionUpgrade>")
          .append(major)
          .append("</IsMajorVersionUpgrade>\n</UpgradeTarget>");
    }
    return "<DBEngineVersions><DBEngineVersion>\n  <Engine>"
        + engine
        + "</Engine>\n  <EngineVersion>"
        + version
        + "</EngineVersion>\n  <DBParameterGroupFamily>postgres16</DBParameterGroupFamily>\n"
        + "  <ValidUpgradeTarget>"
        + upgrades
        + "</ValidUpgradeTarget>\n</DBEngineVersion></DBEngineVersions>";
  }

  /**
   * A blue/green deployment of DB instance {@code blue} as DescribeBlueGreenDeployments and
   * SwitchoverBlueGreenDeployment answer it: its status and its one switchover member's.
   */
  static String blueGreen(String id, String blue, String green, String status, String member) {
    String arn = "arn:aws:rds:us-east-1:123456789012:db:";
    return "<member>\n  <BlueGreenDeploymentIdentifier>"
        + id
        + "</BlueGreenDeploymentIdentifier>\n"
        + "  <BlueGreenDeploymentName>upgrade-"
        + blue
        + "</BlueGreenDeploymentName>\n"
        + "  <Source>"
        + arn
        + blue
        + "</Source>\n  <Target>"
        + arn
        + green
        + "</Target>\n"
        + "  <SwitchoverDetails><member>\n    <SourceMember>"
        + arn
        + blue
        + "</SourceMember>\n    <TargetMember>"
        + arn
        + green
        + "</TargetMember>\n    <Status>"
        + member
        + "</Status>\n  </member></SwitchoverDetails>\n"
        + "  <Tasks><member><Name>CREATING_READ_REPLICA_OF_SOURCE</Name><Status>COMPLETED</Status>"
        + "</member></Tasks>\n"
        + "  <Status>"
        + status
        + "</Status>\n"
        + "  <CreateTime>2026-11-20T09:12:44.118Z</CreateTime>\n"
        + "</member>";
  }

  /** One {@code <Event>} of DescribeEvents. */
  static String event(String sourceType, String sourceId, Instant date, String message) {
    return "\n<Event>\n  <SourceIdentifier>"
        + sourceId
        + "</SourceIdentifier>\n"
        + "  <SourceType>"
        + sourceType
        + "</SourceType>\n"
        + "  <Message>"
        + message
        + "</Message>\n"
        + "  <EventCategories><EventCategory>failover</EventCategory></EventCategories>\n"
        + "  <Date>"
        + date
        + "</Date>\n"
        + "  <SourceArn>arn:aws:rds:us-east-1:123456789012:"
        + (sourceType.equals("db-cluster") ? "cluster:" : "db:")
        + sourceId
        + "</SourceArn>\n</Event>";
  }

  @Override
  public void close() {
    server.stop();
  }
}
