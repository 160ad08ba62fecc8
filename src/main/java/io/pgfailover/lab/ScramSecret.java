package io.pgfailover.lab;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SCRAM-SHA-256 secret in PostgreSQL's {@code pg_authid} format (RFC 5803), computed here so the
 * plain password never travels in SQL nor sits in PgBouncer's auth file: the same secret is given
 * to {@code CREATE ROLE ... PASSWORD} and to PgBouncer, which can then log in to PostgreSQL with
 * the keys the client proved (SCRAM pass-through).
 */
final class ScramSecret {
  private static final int ITERATIONS = 4096;

  private ScramSecret() {}

  /** For an ASCII password (SASLprep leaves those unchanged). */
  static String of(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    try {
      SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      byte[] salted =
          pbkdf2
              .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256))
              .getEncoded();
      byte[] clientKey = hmac(salted, "Client Key");
      byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
      byte[] serverKey = hmac(salted, "Server Key");
      Base64.Encoder b64 = Base64.getEncoder();
      return "SCRAM-SHA-256$"
          + ITERATIONS
          + ":"
          + b64.encodeToString(salt)
          + "$"
          + b64.encodeToString(storedKey)
          + ":"
          + b64.encodeToString(serverKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks PBKDF2WithHmacSHA256 or HmacSHA256", e);
    }
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }
}
