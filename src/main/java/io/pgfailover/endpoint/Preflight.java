package io.pgfailover.endpoint;

import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.ErrorClassifier;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every endpoint before any load: it answers, the credentials work, and a writer endpoint
 * reaches a primary that accepts writes. A wrong password or an unreachable host becomes one clear
 * message here instead of a run full of KOs.
 */
public final class Preflight {
  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

  private Preflight() {}

  /** Returns a one-line description of the server reached; throws {@link SettingsException}. */
  public static String check(EndpointSettings endpoint, PoolSettings timeouts, String passwordEnv) {
    Properties props = Endpoint.connectProperties(endpoint, timeouts);
    String key = "failover.endpoints." + endpoint.name();
    try (Connection c = DriverManager.getConnection(endpoint.connectUrl(), props);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_is_in_recovery(), current_setting("
                    + "'transaction_read_only'), current_setting('server_version'), inet_server_port()")) {
      rs.next();
      boolean recovery = rs.getBoolean(1);
      boolean readOnly = "on".equals(rs.getString(2));
      String reached =
          "PostgreSQL "
              + rs.getString(3)
              + (recovery ? " standby" : " primary")
              + " port "
              + rs.getInt(4);
      if (endpoint.role() == EndpointSettings.Role.WRITER && (recovery || readOnly)) {
        throw new SettingsException(
            key + ".url",
            "Endpoint '"
                + endpoint.name()
                + "' ("
                + endpoint.maskedUrl()
                + ") is a writer endpoint but reached a read-only server ("
                + reached
                + "). Point it at the primary (e.g. add targetServerType=primary to a "
                + "multi-host URL), or set "
                + key
                + ".role = reader.");
      }
      LOG.info("[{}] pre-flight OK: {}", endpoint.name(), reached);
      return reached;
    } catch (SQLException e) {
      throw explain(endpoint, passwordEnv, key, e);
    }
  }

  /** The first exception of that type in the cause chain, or null. */
  private static Throwable cause(Throwable t, Class<? extends Throwable> type) {
    for (int depth = 0; t != null && depth < ErrorClassifier.MAX_DEPTH; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static SettingsException explain(
      EndpointSettings endpoint, String passwordEnv, String key, SQLException e) {
    ErrorClass kind = ErrorClassifier.classify(e);
    String where =
        "Endpoint '"
            + endpoint.name()
            + "' ("
            + endpoint.maskedUrl()
            + ", user "
            + endpoint.user()
            + ")";
    String reason =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getMessage().replaceAll("[.\\s]+$", "");
    Throwable unknownHost = cause(e, UnknownHostException.class);
    if (unknownHost != null) {
      return new SettingsException(
          key + ".url",
          where
              + " cannot be reached: the host name "
              + unknownHost.getMessage()
              + " does not resolve (DNS). Check the host in "
              + key
              + ".url, or this machine's resolver. No load was started.",
          e);
    }
    boolean passwordInUrl = endpoint.url().toLowerCase(Locale.ROOT).matches(".*[?&]password=.*");
    if (kind == ErrorClass.AUTH && endpoint.auth() != EndpointSettings.Auth.PASSWORD) {
      return new SettingsException(
          key + ".auth",
          where
              + " refused the login with "
              + (endpoint.auth() == EndpointSettings.Auth.IAM
                  ? "an IAM authentication token: "
                      + reason
                      + ". The instance or cluster needs IAM database authentication enabled, the"
                      + " user ("
                      + endpoint.user()
                      + ") the rds_iam role (GRANT rds_iam TO ...), and the AWS identity"
                      + " rds-db:connect on arn:aws:rds-db:<region>:<account>:dbuser:<resource-id>/"
                      + endpoint.user()
                  : "the password of Secrets Manager secret '"
                      + endpoint.secretId()
                      + "': "
                      + reason
                      + ". Check that the secret belongs to user "
                      + endpoint.user()
                      + " and is current (a rotation may be pending)")
              + ". No load was started.",
          e);
    }
    return switch (kind) {
      case AUTH ->
          new SettingsException(
              passwordInUrl ? key + ".url" : key + ".password-env",
              where
                  + " refused the login: "
                  + reason
                  + ". Check the user ("
                  + key
                  + ".user or"
                  + " failover.user) and "
                  + (passwordInUrl
                      ? "the password= in "
                          + key
                          + ".url, which"
                          + " overrides any password from the environment"
                      : "export the right password in the environment variable "
                          + passwordEnv
                          + " (or the one named by "
                          + key
                          + ".password-env)")
                  + ". No load was started.",
              e);
      case CONNECT_FAILED, CONNECT_TIMEOUT, CONNECTION_LOST, TIMEOUT ->
          new SettingsException(
              key + ".url",
              where
                  + " cannot be reached: "
                  + reason
                  + ". Check the host and port in "
                  + key
                  + ".url, that the server is running and that this machine may connect to it "
                  + "(security group, pg_hba.conf). No load was started.",
              e);
      default ->
          new SettingsException(
              key + ".url",
              where
                  + " failed its pre-flight query: "
                  + reason
                  + " (SQLSTATE "
                  + e.getSQLState()
                  + "). No load was started.",
              e);
    };
  }
}
