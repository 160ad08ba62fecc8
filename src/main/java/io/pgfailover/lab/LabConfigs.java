package io.pgfailover.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Writes the lab's configuration files, following notes/lab-facts.md. Patroni's file is JSON (a
 * subset of YAML), built with Jackson so nothing depends on indentation or quoting.
 */
final class LabConfigs {
  static final String SCOPE = "pgfailover-lab";
  static final String SUPERUSER = "postgres";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LabSettings settings;
  private final LabLayout layout;

  LabConfigs(LabSettings settings, LabLayout layout) {
    this.settings = settings;
    this.layout = layout;
  }

  /** etcd's command line: one member, v3 API only, on the lab's own ports. */
  List<String> etcdCommand() {
    String client = "http://127.0.0.1:" + settings.etcdClientPort();
    String peer = "http://127.0.0.1:" + settings.etcdPeerPort();
    return List.of(
        "etcd",
        "--name",
        "lab",
        "--data-dir",
        layout.etcdDataDir().toString(),
        "--listen-client-urls",
        client,
        "--advertise-client-urls",
        client,
        "--listen-peer-urls",
        peer,
        "--initial-advertise-peer-urls",
        peer,
        "--initial-cluster",
        "lab=" + peer,
        "--initial-cluster-state",
        "new",
        "--initial-cluster-token",
        SCOPE,
        "--enable-v2=false",
        "--logger=zap");
  }

  List<String> patroniCommand(String node) {
    return List.of("patroni", layout.nodeConfig(node).toString());
  }

  List<String> haproxyCommand() {
    return List.of("haproxy", "-db", "-f", layout.haproxyConfig().toString());
  }

  List<String> pgbouncerCommand() {
    return List.of("pgbouncer", layout.pgbouncerConfig().toString());
  }

  /** One Patroni node's file (0600: it holds the cluster's internal passwords). */
  void writePatroni(
      int index, String superuserPassword, String replicationPassword, String rewindPassword)
      throws IOException {
    String node = settings.nodeName(index);
    ObjectNode root = JSON.createObjectNode();
    root.put("scope", SCOPE).put("namespace", "/pgfailover/").put("name", node);
    root.putObject("log").put("level", "INFO");
    String rest = "127.0.0.1:" + settings.restPort(index);
    root.putObject("restapi").put("listen", rest).put("connect_address", rest);
    root.putObject("etcd3").putArray("hosts").add("127.0.0.1:" + settings.etcdClientPort());

    ObjectNode bootstrap = root.putObject("bootstrap");
    ObjectNode dcs = bootstrap.putObject("dcs");
    dcs.put("ttl", settings.patroniTtlSeconds())
        .put("loop_wait", settings.patroniLoopWaitSeconds())
        .put("retry_timeout", settings.patroniRetryTimeoutSeconds())
        .put("maximum_lag_on_failover", 1048576);
    ObjectNode dcsPostgres = dcs.putObject("postgresql");
    dcsPostgres.put("use_pg_rewind", true).put("use_slots", true);
    dcsPostgres
        .putObject("parameters")
        .put("wal_log_hints", "on")
        .put("wal_keep_size", "256MB")
        // The 5 s default delays replicas re-attaching to a new primary.
        .put("wal_retrieve_retry_interval", "500ms")
        .put("max_connections", 200)
        .put("password_encryption", "scram-sha-256");
    ArrayNode initdb = bootstrap.putArray("initdb");
    initdb.addObject().put("encoding", "UTF8");
    initdb.addObject().put("locale", "C.UTF-8");
    initdb.add("no-sync"); // a throwaway cluster: no need to wait for the disk at initdb

    String listen = "127.0.0.1:" + settings.postgresPort(index);
    ObjectNode pg = root.putObject("postgresql");
    pg.put("listen", listen)
        .put("connect_address", listen)
        .put("data_dir", layout.dataDir(node).toString())
        .put("bin_dir", LabLayout.POSTGRES_BIN)
        .put("pgpass", layout.nodeDir(node).resolve("pgpass").toString());
    ObjectNode auth = pg.putObject("authentication");
    auth.putObject("superuser").put("username", SUPERUSER).put("password", superuserPassword);
    auth.putObject("replication")
        .put("username", "replicator")
        .put("password", replicationPassword);
    auth.putObject("rewind").put("username", "rewinder").put("password", rewindPassword);
    pg.putObject("parameters")
        .put("unix_socket_directories", layout.nodeDir(node).toString())
        .put("logging_collector", "on")
        .put("log_directory", "log");
    pg.putArray("pg_hba")
        .add("local all all trust")
        .add("host replication replicator 127.0.0.1/32 scram-sha-256")
        .add("host all all 127.0.0.1/32 scram-sha-256");
    root.putObject("watchdog").put("mode", "off");
    root.putObject("tags")
        .put("nofailover", false)
        .put("noloadbalance", false)
        .put("clonefrom", false)
        .put("nosync", false);
    LabFiles.writePrivate(
        layout.nodeConfig(node),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  /**
   * HAProxy: a writer port checked with {@code GET /primary}, a reader port with {@code GET
   * /replica}. {@code retries 0}: each retry adds about a second during a failover.
   */
  void writeHaproxy() throws IOException {
    int inter = settings.haproxyCheckIntervalMs();
    StringBuilder cfg = new StringBuilder();
    cfg.append("global\n  maxconn 2000\n\n")
        .append("defaults\n  mode tcp\n  retries 0\n  timeout connect 2s\n")
        .append("  timeout client 1h\n  timeout server 1h\n  timeout check 1s\n\n");
    listener(cfg, "writer", settings.haproxyWriterPort(), "/primary", inter);
    listener(cfg, "reader", settings.haproxyReaderPort(), "/replica", inter);
    if (settings.haproxyStatsPort() != 0) {
      cfg.append("listen stats\n  mode http\n  bind 127.0.0.1:")
          .append(settings.haproxyStatsPort())
          .append("\n  stats enable\n  stats uri /\n  stats refresh 1s\n");
    }
    LabFiles.writePrivate(layout.haproxyConfig(), cfg.toString());
  }

  private void listener(StringBuilder cfg, String name, int port, String check, int interMs) {
    cfg.append("listen ")
        .append(name)
        .append("\n  bind 127.0.0.1:")
        .append(port)
        .append("\n  balance roundrobin\n  option httpchk GET ")
        .append(check)
        .append("\n  http-check expect status 200\n  default-server inter ")
        .append(interMs)
        .append("ms fastinter ")
        .append(Math.max(100, interMs / 2))
        .append("ms fall 2 rise 1 on-marked-down shutdown-sessions\n");
    for (int i = 1; i <= settings.nodeCount(); i++) {
      cfg.append("  server ")
          .append(settings.nodeName(i))
          .append(" 127.0.0.1:")
          .append(settings.postgresPort(i))
          .append(" check port ")
          .append(settings.restPort(i))
          .append('\n');
    }
    cfg.append('\n');
  }

  /**
   * PgBouncer in transaction mode in front of HAProxy's writer port. {@code server_login_retry 1}:
   * the default 15 s turns every failover into 15 s of downtime.
   */
  void writePgbouncer(String clientScramSecret) throws IOException {
    String ini =
        "[databases]\n"
            + settings.database()
            + " = host=127.0.0.1 port="
            + settings.haproxyWriterPort()
            + " dbname="
            + settings.database()
            + "\n\n"
            + "[pgbouncer]\n"
            + "listen_addr = 127.0.0.1\n"
            + "listen_port = "
            + settings.pgbouncerPort()
            + "\n"
            + "unix_socket_dir =\n"
            + "auth_type = scram-sha-256\n"
            + "auth_file = "
            + layout.pgbouncerUserlist()
            + "\n"
            + "pool_mode = transaction\n"
            + "max_client_conn = 1000\n"
            + "default_pool_size = 40\n"
            + "server_login_retry = 1\n"
            + "server_connect_timeout = 2\n"
            + "ignore_startup_parameters = extra_float_digits\n"
            + "log_connections = 0\n"
            + "log_disconnections = 0\n";
    LabFiles.writePrivate(layout.pgbouncerConfig(), ini);
    LabFiles.writePrivate(
        layout.pgbouncerUserlist(), "\"" + settings.user() + "\" \"" + clientScramSecret + "\"\n");
  }
}
