package io.pgfailover.trigger.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    AwsSettings s = AwsSettings.forCluster(null, "prod-aurora");
    assertNull(s.region());
    assertEquals(Duration.ofSeconds(1), s.pollInterval());
    assertEquals(Duration.ofSeconds(10), s.apiCallTimeout());
    assertEquals(3, s.maxAttempts());
    assertNull(s.endpointOverride());
    assertNull(s.targetInstanceId());
  }

  @Test
  void blankIdsMeanNotSet() {
    assertNull(AwsSettings.forCluster(" ", "c").withTargetInstanceId("").region());
    assertNull(AwsSettings.forCluster(null, "c").withTargetInstanceId("  ").targetInstanceId());
  }

  @Test
  void badValuesNameTheirKey() {
    AwsSettings s = AwsSettings.forCluster("us-east-1", "c");
    assertEquals(
        "failover.aws.max-attempts",
        assertThrows(SettingsException.class, () -> s.withMaxAttempts(0)).setting());
    assertEquals(
        "failover.aws.max-attempts",
        assertThrows(SettingsException.class, () -> s.withMaxAttempts(11)).setting());
    assertEquals(
        "failover.aws.poll-interval",
        assertThrows(SettingsException.class, () -> s.withPollInterval(Duration.ZERO)).setting());
    assertEquals(
        "failover.aws.endpoint-override",
        assertThrows(SettingsException.class, () -> s.withEndpointOverride(URI.create("rds.local")))
            .setting());
  }

  @Test
  void noRegionAnywhereIsASettingsError() {
    assumeTrue(
        System.getenv("AWS_REGION") == null
            && System.getenv("AWS_DEFAULT_REGION") == null
            && System.getenv("AWS_PROFILE") == null,
        "a region is configured in the environment");
    // Keeps the SDK's region chain off the EC2 metadata address: all traffic stays local.
    String before = System.setProperty("aws.disableEc2Metadata", "true");
    String config = System.setProperty("aws.configFile", "/nonexistent/aws-config");
    try {
      SettingsException e =
          assertThrows(
              SettingsException.class,
              () ->
                  new AuroraFailoverTrigger(
                      AwsSettings.forCluster(null, "prod-aurora"), FakeRds.TEST_CREDENTIALS));
      assertEquals("failover.aws.region", e.setting());
      assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
    } finally {
      restore("aws.disableEc2Metadata", before);
      restore("aws.configFile", config);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
