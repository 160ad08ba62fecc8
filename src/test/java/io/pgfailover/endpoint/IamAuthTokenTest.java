package io.pgfailover.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The IAM auth token the SDK generates, taken apart: a presigned {@code connect} URL for the host,
 * port and user, SigV4 with the rds-db service, and a signature this test recomputes from the
 * secret key. It is renewed once it is 10 minutes old, not before.
 */
class IamAuthTokenTest {
  private static final String HOST = "prod.cluster-c1abcdefgh.eu-west-1.rds.amazonaws.com";
  private static final String KEY_ID = "AKIDIAMTOKENTEST";
  private static final String SECRET_KEY = "iam-token-test-secret-key";

  private final AtomicInteger resolved = new AtomicInteger();
  private final AwsCredentialsProvider credentials =
      () -> {
        resolved.incrementAndGet();
        return AwsBasicCredentials.create(KEY_ID, SECRET_KEY);
      };

  @Test
  void theTokenIsAConnectUrlSignedWithSigV4ForRdsDb() throws Exception {
    String token =
        new IamAuthToken(HOST, 5432, "app_iam", Region.EU_WEST_1, credentials, System::nanoTime)
            .get();

    assertTrue(token.startsWith(HOST + ":5432/?"), token.replaceAll("Signature=.*", ""));
    Map<String, String> q = query(token.substring(token.indexOf('?') + 1));
    assertEquals("connect", q.get("Action"));
    assertEquals("app_iam", q.get("DBUser"));
    assertEquals("AWS4-HMAC-SHA256", q.get("X-Amz-Algorithm"));
    String date = q.get("X-Amz-Date");
    assertTrue(date.matches("\\d{8}T\\d{6}Z"), date);
    assertEquals(
        KEY_ID + "/" + date.substring(0, 8) + "/eu-west-1/rds-db/aws4_request",
        q.get("X-Amz-Credential"));
    assertEquals("host", q.get("X-Amz-SignedHeaders"));
    assertEquals("900", q.get("X-Amz-Expires"), "15 minutes");
    assertTrue(q.get("X-Amz-Signature").matches("[0-9a-f]{64}"), q.get("X-Amz-Signature"));
    assertEquals(signature(token, q), q.get("X-Amz-Signature"));
  }

  @Test
  void theTokenIsRenewedAfterTenMinutesOnly() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    IamAuthToken token =
        new IamAuthToken(HOST, 5432, "app_iam", Region.EU_WEST_1, credentials, nanos::get);
    String first = token.get();
    nanos.addAndGet(IamAuthToken.RENEW_AFTER.toNanos() - 1);
    assertEquals(first, token.get());
    assertEquals(1, resolved.get(), "one token made so far");
    nanos.addAndGet(1);
    token.get();
    assertEquals(2, resolved.get(), "renewed at 10 minutes");
    assertNotEquals("", token.toString());
    assertTrue(!token.toString().contains("Signature"), "toString never shows the token");
  }

  /** SigV4 for a presigned GET of "/" on host:port, recomputed from the secret key. */
  private static String signature(String token, Map<String, String> q) throws Exception {
    String query = token.substring(token.indexOf('?') + 1);
    StringBuilder canonicalQuery = new StringBuilder();
    for (String pair : new java.util.TreeSet<>(java.util.List.of(query.split("&")))) {
      if (!pair.startsWith("X-Amz-Signature=")) {
        canonicalQuery.append(canonicalQuery.length() == 0 ? "" : "&").append(pair);
      }
    }
    String date = q.get("X-Amz-Date");
    String scope = date.substring(0, 8) + "/eu-west-1/rds-db/aws4_request";
    String canonical =
        "GET\n/\n"
            + canonicalQuery
            + "\nhost:"
            + HOST
            + ":5432\n\nhost\n"
            + hex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + date
            + "\n"
            + scope
            + "\n"
            + hex(
                MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), date.substring(0, 8));
    key = hmac(key, "eu-west-1");
    key = hmac(key, "rds-db");
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> out = new TreeMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
