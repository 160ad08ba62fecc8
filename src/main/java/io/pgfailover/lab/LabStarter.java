package io.pgfailover.lab;

import io.pgfailover.config.SettingsException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a lab up from nothing, and restarts the dead parts of a running one. Bring-up order: etcd;
 * then the Patroni nodes, HAProxy and PgBouncer at once (the proxies only need ports to exist,
 * their health checks settle while Patroni bootstraps); then the client role and database; then a
 * real query through every endpoint.
 */
final class LabStarter {
  private static final Logger LOG = LoggerFactory.getLogger(LabStarter.class);
  private static final Duration ETCD_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration ENDPOINTS_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ROLE_TIMEOUT = Duration.ofSeconds(20);

  private final Lab lab;
  private final LabLayout layout;
  private final LabConfigs configs;

  LabStarter(Lab lab) {
    this.lab = lab;
    this.layout = lab.layout();
    this.configs = lab.configs();
  }

  void bringUp() throws IOException {
    long startNanos = System.nanoTime();
    LabSettings settings = lab.settings();
    LOG.info("lab: starting in {} ({} nodes)", layout.root(), settings.nodeCount());
    requireFreePorts(settings);
    // The client password survives, so clients configured for an earlier lab keep working.
    LabFiles.wipe(layout.root(), Set.of(settings.passwordFile().getFileName().toString()));
    String clientSecret = ScramSecret.of(settings.password());
    String superuserPassword = LabSettings.randomSecret();
    LabFiles.writePrivate(layout.superuserPasswordFile(), superuserPassword + "\n");
    String replicationPassword = LabSettings.randomSecret();
    String rewindPassword = LabSettings.randomSecret();
    for (int i = 1; i <= settings.nodeCount(); i++) {
      configs.writePatroni(i, superuserPassword, replicationPassword, rewindPassword);
    }
    configs.writeHaproxy();
    configs.writePgbouncer(clientSecret);
    LabFiles.giveToPostgres(layout.root());

    Duration took = startEtcd();
    LOG.info("lab: etcd up ({})", Lab.seconds(took.toNanos()));

    lab.network().install();
    for (int i = 1; i <= settings.nodeCount(); i++) {
      lab.patroniProcesses()
          .get(i - 1)
          .start(lab.network().joinCommand(i), configs.patroniCommand(settings.nodeName(i)));
    }
    lab.haproxy().start(configs.haproxyCommand());
    lab.pgbouncer().start(configs.pgbouncerCommand());
    List<LabProcess> watched = new ArrayList<>(lab.patroniProcesses());
    took =
        ReadinessCheck.of(
                "Patroni: a running leader and "
                    + (settings.nodeCount() - 1)
                    + " streaming replicas",
                lab.health()::clusterNotReady,
                watched)
            .await(CLUSTER_TIMEOUT);
    LOG.info(
        "lab: Patroni cluster up, primary {} ({})", lab.primaryName(), Lab.seconds(took.toNanos()));

    String superuserUrl = lab.directUrl().replace("/" + settings.database() + "?", "/postgres?");
    // Patroni reports the leader running a moment before PostgreSQL has finished promoting (seen
    // in CI: "Could not find a server with specified targetServerType: primary"): retry, bounded.
    long giveUpNanos = System.nanoTime() + ROLE_TIMEOUT.toNanos();
    while (true) {
      try {
        LabDatabase.createClientRoleAndDatabase(
            superuserUrl, superuserPassword, settings.user(), clientSecret, settings.database());
        break;
      } catch (java.sql.SQLException e) {
        boolean connectFailure = e.getSQLState() != null && e.getSQLState().startsWith("08");
        if (!connectFailure || System.nanoTime() - giveUpNanos > 0) {
          throw new LabException(
              "lab: cannot create role "
                  + settings.user()
                  + " and database "
                  + settings.database()
                  + " within "
                  + ROLE_TIMEOUT.toSeconds()
                  + " s: "
                  + e.getMessage(),
              e);
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new LabException("lab: interrupted while creating the client role", ie);
        }
      }
    }
    took =
        ReadinessCheck.of(
                "direct, PgBouncer and HAProxy reaching the primary, the reader a" + " replica",
                lab.health()::endpointsNotReady,
                watched)
            .await(ENDPOINTS_TIMEOUT);
    LOG.info("lab: endpoints ready ({})", Lab.seconds(took.toNanos()));
    LOG.info("lab: up in {}", Lab.seconds(System.nanoTime() - startNanos));
  }

  private Duration startEtcd() throws IOException {
    lab.etcd().start(configs.etcdCommand());
    return ReadinessCheck.of(
            "etcd answering on 127.0.0.1:" + lab.settings().etcdClientPort(),
            lab.health()::etcdNotReady,
            List.of(lab.etcd()))
        .await(ETCD_TIMEOUT);
  }

  /** Fails fast, before anything starts, when another program holds one of the lab's ports. */
  private static void requireFreePorts(LabSettings settings) {
    List<Integer> ports =
        new ArrayList<>(
            List.of(
                settings.etcdClientPort(),
                settings.etcdPeerPort(),
                settings.haproxyWriterPort(),
                settings.haproxyReaderPort(),
                settings.pgbouncerPort()));
    if (settings.haproxyStatsPort() != 0) {
      ports.add(settings.haproxyStatsPort());
    }
    for (int i = 1; i <= settings.nodeCount(); i++) {
      ports.add(settings.restPort(i));
      ports.add(settings.postgresPort(i));
    }
    for (int port : ports) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        throw new SettingsException(
            "lab.ports",
            "Port 127.0.0.1:"
                + port
                + " is taken by"
                + " another program, so the lab cannot start. Stop that program or move the lab's"
                + " ports ("
                + e.getMessage()
                + ").");
      }
    }
  }

  /** Starts again every lab process that is not running; their files are all in place. */
  void restartDead() throws IOException {
    LabSettings settings = lab.settings();
    if (!lab.etcd().isAlive()) {
      LOG.info("lab: restarting etcd");
      lab.etcd().start(configs.etcdCommand());
    }
    for (int i = 1; i <= settings.nodeCount(); i++) {
      LabProcess node = lab.patroniProcesses().get(i - 1);
      if (!node.isAlive()) {
        String name = settings.nodeName(i);
        // A postmaster left without its Patroni (or its children) would block the restart.
        long postmaster = LabSignals.postmasterPid(layout.dataDir(name));
        if (postmaster > 0) {
          LabSignals.stopAll(List.of(postmaster), Duration.ZERO);
        }
        LOG.info("lab: restarting {}", name);
        node.start(lab.network().joinCommand(i), configs.patroniCommand(name));
      }
    }
    if (!lab.haproxy().isAlive()) {
      LOG.info("lab: restarting haproxy");
      lab.haproxy().start(configs.haproxyCommand());
    }
    if (!lab.pgbouncer().isAlive()) {
      LOG.info("lab: restarting pgbouncer");
      lab.pgbouncer().start(configs.pgbouncerCommand());
    }
  }
}
