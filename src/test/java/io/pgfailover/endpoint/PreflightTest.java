package io.pgfailover.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.config.SettingsException;
import io.pgfailover.testsupport.ScratchPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Refusals of the pre-flight check that name the real cause, on a real scratch PostgreSQL. */
class PreflightTest {
  private static final PoolSettings TIMEOUTS =
      new PoolSettings(
          2,
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(1));

  private static SettingsException refused(String url, String password) {
    EndpointSettings e =
        new EndpointSettings(
            "scratch",
            url,
            EndpointSettings.Role.WRITER,
            ScratchPostgres.USER,
            Secret.of(password),
            2);
    return assertThrows(
        SettingsException.class, () -> Preflight.check(e, TIMEOUTS, "FAILOVER_PASSWORD"));
  }

  @Test
  void aHostThatDoesNotResolveIsSaidSo() {
    SettingsException e = refused("jdbc:postgresql://no-such-host.invalid:5432/postgres", "x");
    assertEquals("failover.endpoints.scratch.url", e.setting());
    assertTrue(
        e.getMessage().contains("the host name no-such-host.invalid does not resolve"),
        e.getMessage());
  }

  @Test
  void aWrongPasswordInTheUrlPointsAtTheUrlNotAtTheEnvironment() {
    String url = ScratchPostgres.get().jdbcUrl();
    SettingsException inUrl =
        refused(url + (url.contains("?") ? "&" : "?") + "password=wrong", ScratchPostgres.PASSWORD);
    assertEquals("failover.endpoints.scratch.url", inUrl.setting());
    assertTrue(
        inUrl
            .getMessage()
            .contains(
                "the password= in failover.endpoints.scratch.url,"
                    + " which overrides any password from the environment"),
        inUrl.getMessage());
    assertTrue(!inUrl.getMessage().contains("password=wrong"), "the URL's password is masked");

    SettingsException fromEnv = refused(url, "wrong");
    assertEquals("failover.endpoints.scratch.password-env", fromEnv.setting());
    assertTrue(
        fromEnv.getMessage().contains("environment variable FAILOVER_PASSWORD"),
        fromEnv.getMessage());
  }
}
