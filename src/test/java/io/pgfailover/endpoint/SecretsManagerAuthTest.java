package io.pgfailover.endpoint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.config.SettingsException;
import io.pgfailover.testsupport.ScratchPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * An endpoint's password from a Secrets Manager secret (the real SDK against WireMock speaking the
 * Secrets Manager JSON protocol) logs in to a throwaway PostgreSQL; an IAM token is tried against
 * it too (and refused: it runs no IAM). Neither the secret nor the token shows up in a log line, an
 * exception message or the settings.
 */
class SecretsManagerAuthTest {
  private static final String SECRET_ID = "prod/app/postgres";
  private static final PoolSettings TIMEOUTS =
      new PoolSettings(
          2,
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofMillis(2000));
  private static final StaticCredentialsProvider AWS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSMTEST", "sm-test-key"));

  private WireMockServer secrets;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start() {
    secrets =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    secrets.start();
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stop() {
    root.detachAppender(logs);
    secrets.stop();
  }

  private void secretString(String secretString) {
    String body =
        "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
            + SECRET_ID
            + "-AbCdEf\",\"Name\":\""
            + SECRET_ID
            + "\",\"VersionId\":\"EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE\","
            + "\"SecretString\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(secretString)
            + ",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.763e9}";
    secrets.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  private EndpointSettings endpoint(EndpointSettings.Auth auth, String secretId) {
    return new EndpointSettings(
        "sm",
        ScratchPostgres.get().jdbcUrl(),
        EndpointSettings.Role.WRITER,
        ScratchPostgres.USER,
        Secret.of(""),
        2,
        null,
        auth,
        secretId,
        null);
  }

  private EndpointSettings resolve(EndpointSettings e) {
    return EndpointCredentials.resolve(
        e, Region.EU_WEST_1, AWS, URI.create("http://127.0.0.1:" + secrets.port()));
  }

  @Test
  void theSecretsPasswordLogsInThePoolAndTheProbeAndLeaksNowhere() throws Exception {
    secretString(
        "{\"username\":\"postgres\",\"password\":\""
            + ScratchPostgres.PASSWORD
            + "\",\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":5432}");
    EndpointSettings resolved = resolve(endpoint(EndpointSettings.Auth.SECRETS_MANAGER, SECRET_ID));

    String reached = Preflight.check(resolved, TIMEOUTS, "FAILOVER_PASSWORD");
    assertTrue(reached.contains("primary"), reached);
    try (Endpoint endpoint = Endpoint.open(resolved, TIMEOUTS)) {
      for (ConnectionSource source : List.of(endpoint.pool(), endpoint.probe())) {
        Connection c = source.acquire();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT current_user")) {
          rs.next();
          assertEquals(ScratchPostgres.USER, rs.getString(1));
        } finally {
          source.release(c, false);
        }
      }
    }
    var sent = secrets.findAll(postRequestedFor(urlEqualTo("/")));
    assertEquals(1, sent.size(), "read once, before load");
    assertTrue(sent.get(0).getBodyAsString().contains("\"SecretId\":\"" + SECRET_ID + "\""));
    assertTrue(sent.get(0).getHeader("Authorization").startsWith("AWS4-HMAC-SHA256"));
    assertNoLeak(ScratchPostgres.PASSWORD, resolved.toString());
  }

  @Test
  void anUnknownSecretIsRefusedNamingItsSetting() {
    secrets.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets"
                            + " Manager can't find the specified secret.\"}")));
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> resolve(endpoint(EndpointSettings.Auth.SECRETS_MANAGER, "nope")));
    assertEquals("failover.endpoints.sm.secret-id", e.setting());
    assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
  }

  @Test
  void aRefusedIamTokenIsExplainedWithoutTheToken() {
    EndpointSettings iam = resolve(endpoint(EndpointSettings.Auth.IAM, null));
    String token = iam.password().reveal();
    assertTrue(token.contains("X-Amz-Signature="), "an IAM token");

    SettingsException e =
        assertThrows(
            SettingsException.class, () -> Preflight.check(iam, TIMEOUTS, "FAILOVER_PASSWORD"));
    assertEquals("failover.endpoints.sm.auth", e.setting());
    assertTrue(e.getMessage().contains("rds_iam"), e.getMessage());
    assertNoLeak(token, e.getMessage(), iam.toString());
    assertNoLeak(token.substring(token.indexOf("X-Amz-Signature=")), e.toString());
  }

  /** Neither the log lines so far nor {@code texts} hold {@code secret}. */
  private void assertNoLeak(String secret, String... texts) {
    List<String> seen = new ArrayList<>(List.of(texts));
    for (ILoggingEvent event : logs.list) {
      seen.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        seen.add(event.getThrowableProxy().getMessage());
      }
    }
    for (String text : seen) {
      assertFalse(String.valueOf(text).contains(secret), "the secret leaks in: " + text);
    }
  }
}
