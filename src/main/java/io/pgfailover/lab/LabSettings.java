package io.pgfailover.lab;

import io.pgfailover.config.SettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the local HA lab is laid out and timed. Immutable; {@link #defaults()} gives unusual ports so
 * the lab does not collide with Debian's own services (etcd 2379, PgBouncer 6432, PostgreSQL 5432).
 *
 * <p>The client password is not a component: it is generated once per lab directory and kept in
 * {@link #passwordFile()} (mode 0600), so a lab started by one command is usable by the next, and
 * the password never appears in {@code toString()} or a log.
 *
 * @param labDir where configs, data, logs and pid files live; must be usable by user postgres
 * @param nodeCount Patroni nodes, named node1..nodeN
 * @param patroniRestBasePort REST port of node1; node i uses base + i - 1
 * @param postgresBasePort PostgreSQL port of node1; node i uses base + i - 1
 * @param haproxyStatsPort HAProxy's stats page, 0 for none
 * @param patroniTtlSeconds leader key ttl: how long a crashed primary keeps the lock
 * @param haproxyCheckIntervalMs HAProxy health check interval ({@code inter})
 */
public record LabSettings(
    Path labDir,
    int nodeCount,
    int etcdClientPort,
    int etcdPeerPort,
    int patroniRestBasePort,
    int postgresBasePort,
    int haproxyWriterPort,
    int haproxyReaderPort,
    int haproxyStatsPort,
    int pgbouncerPort,
    int patroniTtlSeconds,
    int patroniLoopWaitSeconds,
    int patroniRetryTimeoutSeconds,
    int haproxyCheckIntervalMs,
    String database,
    String user) {

  public LabSettings {
    if (nodeCount < 2 || nodeCount > 9) {
      throw new SettingsException(
          "lab.nodes",
          "lab.nodes is "
              + nodeCount
              + "; the lab needs 2 to 9 Patroni nodes (a failover needs a replica).");
    }
    // Patroni's own rule: a leader must be able to retry the DCS within one ttl.
    if (patroniTtlSeconds < patroniLoopWaitSeconds + 2 * patroniRetryTimeoutSeconds
        || patroniLoopWaitSeconds < 1
        || patroniRetryTimeoutSeconds < 1) {
      throw new SettingsException(
          "lab.patroni.ttl",
          "lab.patroni.ttl ("
              + patroniTtlSeconds
              + " s) must be at least loop_wait + 2 * retry_timeout ("
              + patroniLoopWaitSeconds
              + " + 2 * "
              + patroniRetryTimeoutSeconds
              + " s), and both must be at least 1 s.");
    }
    if (haproxyCheckIntervalMs < 100) {
      throw new SettingsException(
          "lab.haproxy.check-interval",
          "lab.haproxy.check-interval is " + haproxyCheckIntervalMs + " ms; use at least 100 ms.");
    }
    if (!database.matches("[a-z_][a-z0-9_]*") || !user.matches("[a-z_][a-z0-9_]*")) {
      throw new SettingsException(
          "lab.database",
          "lab.database and lab.user must be plain"
              + " lower-case SQL identifiers; got '"
              + database
              + "' and '"
              + user
              + "'.");
    }
    labDir = labDir.toAbsolutePath().normalize();
    checkPorts(
        List.of(
            etcdClientPort,
            etcdPeerPort,
            haproxyWriterPort,
            haproxyReaderPort,
            haproxyStatsPort,
            pgbouncerPort),
        nodeCount,
        patroniRestBasePort,
        postgresBasePort);
  }

  /** The lab of DESIGN.md section 5: 3 nodes, ttl 10 s, loop_wait 1 s, checks every 500 ms. */
  public static LabSettings defaults() {
    return new LabSettings(
        Path.of("/var/tmp/pgfailover-lab"),
        3,
        23790,
        23800,
        18008,
        15432,
        15000,
        15001,
        17000,
        16432,
        10,
        1,
        4,
        500,
        "failover",
        "pgfailover");
  }

  public LabSettings withLabDir(Path dir) {
    return new LabSettings(
        dir,
        nodeCount,
        etcdClientPort,
        etcdPeerPort,
        patroniRestBasePort,
        postgresBasePort,
        haproxyWriterPort,
        haproxyReaderPort,
        haproxyStatsPort,
        pgbouncerPort,
        patroniTtlSeconds,
        patroniLoopWaitSeconds,
        patroniRetryTimeoutSeconds,
        haproxyCheckIntervalMs,
        database,
        user);
  }

  /** The lab's timings and modes, for the report; keys are the settings' names. */
  public Map<String, String> summary() {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("lab.nodes", Integer.toString(nodeCount()));
    summary.put("lab.patroni.ttl", patroniTtlSeconds() + " s");
    summary.put("lab.patroni.loop_wait", patroniLoopWaitSeconds() + " s");
    summary.put("lab.patroni.retry_timeout", patroniRetryTimeoutSeconds() + " s");
    summary.put(
        "lab.replication",
        "asynchronous, use_pg_rewind, use_slots," + " wal_retrieve_retry_interval 500 ms");
    summary.put(
        "lab.haproxy.check",
        "inter "
            + haproxyCheckIntervalMs()
            + " ms, fastinter "
            + Math.max(100, haproxyCheckIntervalMs() / 2)
            + " ms, fall 2, rise 1,"
            + " on-marked-down shutdown-sessions, retries 0");
    summary.put(
        "lab.pgbouncer",
        "pool_mode transaction, server_login_retry 1 s," + " server_connect_timeout 2 s");
    return summary;
  }

  /** "node1" .. "nodeN" for index 1..N. */
  public String nodeName(int index) {
    return "node" + index;
  }

  public int restPort(int index) {
    return patroniRestBasePort + index - 1;
  }

  public int postgresPort(int index) {
    return postgresBasePort + index - 1;
  }

  /** The 0600 file holding the client password. */
  public Path passwordFile() {
    return labDir.resolve("client-password");
  }

  /**
   * The client password of this lab directory: read from {@link #passwordFile()}, generated there
   * (random, URL-safe, 0600) on first use. Never log it.
   */
  public String password() {
    return readOrCreateSecret(passwordFile());
  }

  static String readOrCreateSecret(Path file) {
    try {
      Files.createDirectories(file.getParent());
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, randomSecret() + "\n", StandardCharsets.UTF_8);
      } catch (FileAlreadyExistsException e) {
        // made by an earlier command: reuse it, so running clients keep working
      }
      String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (secret.isEmpty()) {
        throw new IllegalStateException(file + " is empty; delete it to get a new secret");
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void checkPorts(List<Integer> singles, int nodes, int restBase, int pgBase) {
    Set<Integer> seen = new HashSet<>();
    for (int port : singles) {
      if (port != 0 && !seen.add(port)) {
        throw new SettingsException("lab.ports", "lab port " + port + " is used twice.");
      }
    }
    for (int i = 0; i < nodes; i++) {
      if (!seen.add(restBase + i) || !seen.add(pgBase + i)) {
        throw new SettingsException(
            "lab.ports",
            "the lab's Patroni REST ports ("
                + restBase
                + "+) and PostgreSQL ports ("
                + pgBase
                + "+) overlap each other or another lab port.");
      }
    }
    for (int port : seen) {
      if (port < 1024 || port > 65535) {
        throw new SettingsException("lab.ports", "lab port " + port + " is outside 1024..65535.");
      }
    }
  }
}
