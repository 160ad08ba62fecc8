package io.pgfailover.endpoint;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * An RDS IAM database authentication token for one host, port and user, generated with the AWS SDK
 * ({@link RdsUtilities#generateAuthenticationToken}: a SigV4-presigned {@code connect} URL, made
 * locally, no API call). A token is valid for 15 minutes and only checked at login, so it is
 * renewed once it is {@link #RENEW_AFTER} old: every new connection of the pool and the probe gets
 * one with at least 5 minutes left. Thread-safe. The token is never logged.
 */
final class IamAuthToken implements Supplier<String> {
  /** RDS accepts a token for 15 minutes; renewing at 10 leaves a margin for clocks and retries. */
  static final Duration RENEW_AFTER = Duration.ofMinutes(10);

  private final RdsUtilities rds;
  private final String host;
  private final int port;
  private final String user;
  private final LongSupplier nanoClock;
  private String token;
  private long madeAtNanos;

  IamAuthToken(
      String host,
      int port,
      String user,
      Region region,
      AwsCredentialsProvider credentials,
      LongSupplier nanoClock) {
    this.rds = RdsUtilities.builder().region(region).credentialsProvider(credentials).build();
    this.host = host;
    this.port = port;
    this.user = user;
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized String get() {
    long now = nanoClock.getAsLong();
    if (token == null || now - madeAtNanos >= RENEW_AFTER.toNanos()) {
      token = rds.generateAuthenticationToken(r -> r.hostname(host).port(port).username(user));
      madeAtNanos = now;
    }
    return token;
  }

  @Override
  public String toString() {
    return "IAM auth token for " + user + "@" + host + ":" + port;
  }
}
