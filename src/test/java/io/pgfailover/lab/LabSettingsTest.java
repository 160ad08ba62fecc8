package io.pgfailover.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabSettingsTest {
  @Test
  void defaultsDescribeTheDesignLab() {
    LabSettings s = LabSettings.defaults();
    assertEquals(3, s.nodeCount());
    assertEquals(15434, s.postgresPort(3));
    assertEquals(18010, s.restPort(3));
    assertEquals("node2", s.nodeName(2));
    assertEquals(10, s.patroniTtlSeconds());
  }

  @Test
  void ttlShorterThanPatroniAllowsIsRejectedNamingTheKey() {
    LabSettings d = LabSettings.defaults();
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () ->
                new LabSettings(
                    d.labDir(),
                    3,
                    23790,
                    23800,
                    18008,
                    15432,
                    15000,
                    15001,
                    0,
                    16432,
                    8,
                    1,
                    4,
                    500,
                    "failover",
                    "u"));
    assertEquals("lab.patroni.ttl", e.setting());
  }

  @Test
  void overlappingPortsAreRejected() {
    LabSettings d = LabSettings.defaults();
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () ->
                new LabSettings(
                    d.labDir(),
                    3,
                    23790,
                    23800,
                    18008,
                    18009,
                    15000,
                    15001,
                    0,
                    16432,
                    10,
                    1,
                    4,
                    500,
                    "failover",
                    "u"));
    assertEquals("lab.ports", e.setting());
  }

  @Test
  void passwordIsGeneratedOnceIntoAPrivateFileAndNeverPrinted(@TempDir Path dir) throws Exception {
    LabSettings s = LabSettings.defaults().withLabDir(dir.resolve("lab"));
    String first = s.password();
    assertTrue(first.length() >= 30, "random password of 24 bytes");
    assertEquals(first, s.password(), "the same lab keeps its password");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(s.passwordFile())));
    assertTrue(!s.toString().contains(first), "toString must not show the password");
    assertTrue(!LabSettings.defaults().withLabDir(dir.resolve("other")).password().equals(first));
  }

  @Test
  void scramSecretHasPostgresFormat() {
    String secret = ScramSecret.of("correct horse");
    assertTrue(
        secret.matches(
            "SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}:" + "[A-Za-z0-9+/=]{44}"),
        secret);
  }
}
