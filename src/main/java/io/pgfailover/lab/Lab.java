package io.pgfailover.lab;

import io.pgfailover.config.LabEndpoint;
import io.pgfailover.lifecycle.ExitSequence;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.trigger.LocalNetwork;
import io.pgfailover.trigger.LocalProxy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HA lab of DESIGN.md section 5: etcd, {@code nodeCount} Patroni nodes (PostgreSQL 15),
 * HAProxy (writer and reader ports) and PgBouncer, all on 127.0.0.1, all as user postgres.
 *
 * <p>The processes are detached and recorded in pid files, so a lab started by one command ({@code
 * bin/lab up}) outlives it and a later command {@link #attach}es to it. At JVM exit (a normal end,
 * Ctrl-C, SIGTERM), a lab this JVM brought up is stopped unless {@link #keepAfterExit()} was called
 * or the system property {@code lab.keep} is true (then the next run reuses it, saving the
 * bring-up); a lab it found running, or keeps, is healed and left running, so no fault a trigger
 * applied outlives the JVM.
 */
public final class Lab implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lab.class);
  private static final AtomicBoolean HOOK_REGISTERED = new AtomicBoolean();
  private static final Set<Lab> STARTED_HERE = ConcurrentHashMap.newKeySet();

  /** Labs this JVM found running and reused: healed at exit, never stopped by the hook. */
  private static final Set<Lab> REUSED_HERE = ConcurrentHashMap.newKeySet();

  private static final Duration EXIT_HEAL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PATRONI_STOP_GRACE = Duration.ofSeconds(5);

  private final LabSettings settings;
  private final LabLayout layout;
  private final LabConfigs configs;
  private final LabProcess etcd;
  private final List<LabProcess> patroni = new ArrayList<>();
  private final LabProcess haproxy;
  private final LabProcess pgbouncer;
  private final PatroniRest rest;
  private final LabHealth health;
  private final LabNetwork network;
  private final AtomicBoolean keep = new AtomicBoolean(Boolean.getBoolean("lab.keep"));

  private Lab(LabSettings settings) {
    this.settings = settings;
    this.layout = new LabLayout(settings);
    this.configs = new LabConfigs(settings, layout);
    this.etcd = new LabProcess("etcd", layout);
    List<URI> restUrls = new ArrayList<>();
    for (int i = 1; i <= settings.nodeCount(); i++) {
      patroni.add(new LabProcess(settings.nodeName(i), layout));
      restUrls.add(URI.create("http://127.0.0.1:" + settings.restPort(i)));
    }
    this.haproxy = new LabProcess("haproxy", layout);
    this.pgbouncer = new LabProcess("pgbouncer", layout);
    this.rest = new PatroniRest(restUrls, Duration.ofSeconds(2));
    this.health = new LabHealth(this, rest);
    this.network = new LabNetwork(settings);
  }

  /**
   * A healthy lab: the running one if it is (or can be healed to) healthy, else a new one from
   * nothing (about 10 s). Installs the Debian packages first when they are missing and we are root.
   * Throws {@link LabException} naming what never became ready.
   */
  public static Lab start(LabSettings settings) {
    Lab lab = new Lab(settings);
    LabInstaller.ensureInstalled(lab.layout);
    if (lab.anyAlive()) {
      try {
        lab.heal(Duration.ofSeconds(20));
        LOG.info("lab: reusing the running lab in {}", settings.labDir());
        registerShutdownHook();
        REUSED_HERE.add(lab);
        return lab;
      } catch (LabException e) {
        LOG.warn("lab: the running lab is not healthy ({}); starting a new one", e.getMessage());
      }
    }
    lab.stop(); // leftovers of a broken lab
    registerShutdownHook();
    STARTED_HERE.add(lab);
    try {
      new LabStarter(lab).bringUp();
    } catch (IOException e) {
      lab.stop();
      throw new LabException("lab: bring-up failed: " + e, e);
    } catch (RuntimeException e) {
      lab.stop();
      throw e;
    }
    return lab;
  }

  /** The lab an earlier command started, if its etcd and Patroni processes are running. */
  public static Optional<Lab> attach(LabSettings settings) {
    Lab lab = new Lab(settings);
    boolean running = lab.etcd.isAlive() && lab.patroni.stream().anyMatch(LabProcess::isAlive);
    return running ? Optional.of(lab) : Optional.empty();
  }

  /** Stops whatever lab processes run in the settings' lab directory, attached or not. */
  public static void stopAny(LabSettings settings) {
    new Lab(settings).stop();
  }

  /** True when this JVM brought the lab up (and did not find it running). */
  public boolean startedHere() {
    return STARTED_HERE.contains(this);
  }

  /** Leaves the lab running when this JVM exits (for {@code bin/lab up}). */
  public void keepAfterExit() {
    keep.set(true);
  }

  /**
   * Stops every lab process; idempotent. PgBouncer, HAProxy and the Patroni nodes get SIGTERM
   * together (Patroni stops its PostgreSQL), then SIGKILL for anything left after a grace period,
   * descendants included; etcd last, since Patroni talks to it while stopping.
   */
  public void stop() {
    long startNanos = System.nanoTime();
    try {
      try {
        network.healAll(); // a cut node would spend the grace period unable to reach etcd
      } catch (IOException e) {
        LOG.warn("lab: could not remove the network cuts before stopping: {}", e.getMessage());
      }
      // a stopped process would sit on its SIGTERM until the SIGKILL; thawed, Patroni stops its
      // PostgreSQL cleanly
      LabSignals.continueStopped(layout.root().toString());
      List<Long> front = new ArrayList<>();
      for (LabProcess p : frontAndNodes()) {
        p.pid().ifPresent(front::add);
      }
      List<Long> postmasters = postmasterPids();
      List<Long> strays = LabSignals.findByMarker(layout.root().toString());
      if (front.isEmpty() && postmasters.isEmpty() && strays.isEmpty() && !etcd.isAlive()) {
        network.remove(); // a crashed run's cuts and cgroups, if any
        LOG.debug("lab: nothing running in {}", layout.root());
        return;
      }
      LabSignals.stopAll(front, PATRONI_STOP_GRACE);
      LabSignals.stopAll(postmasters, Duration.ZERO);
      List<Long> store = new ArrayList<>();
      etcd.pid().ifPresent(store::add);
      LabSignals.stopAll(store, Duration.ofSeconds(2));
      List<Long> left = LabSignals.findByMarker(layout.root().toString());
      LabSignals.stopAll(left, Duration.ZERO);
      if (!LabSignals.awaitDead(left, System.nanoTime() + Duration.ofSeconds(3).toNanos())) {
        throw new LabException("lab: processes " + left + " survived SIGKILL");
      }
      network.remove();
      LOG.info("lab: stopped ({})", seconds(System.nanoTime() - startNanos));
    } catch (InterruptedIOException e) {
      throw new LabException("lab: interrupted while stopping", e);
    } finally {
      STARTED_HERE.remove(this);
      REUSED_HERE.remove(this);
    }
  }

  /** A lab left running at exit: thawed and restarted, unless a normal end already stopped it. */
  private void healAtExit() {
    if (!anyAlive()) {
      return;
    }
    try {
      heal(EXIT_HEAL_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.warn(
          "lab: left running but not healthy at exit ({}); bin/lab up heals it, bin/lab"
              + " down stops it",
          e.getMessage());
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Thaws any lab process left stopped (SIGSTOP by {@code freeze-primary}), descendants included,
   * restarts whatever lab process is dead (a node or proxy killed by a trigger, say), then waits
   * until {@link #waitForAllEndpointsHealthy} holds.
   */
  public void heal(Duration timeout) {
    try {
      int cuts = network.healAll();
      if (cuts > 0) {
        LOG.info("lab: removed {} packet-drop rules of a network cut", cuts);
      }
      network.ensureInstalled();
    } catch (IOException e) {
      throw new LabException("lab: cannot heal the network cuts: " + e.getMessage(), e);
    }
    List<Long> thawed = LabSignals.continueStopped(layout.root().toString());
    if (!thawed.isEmpty()) {
      LOG.info("lab: sent SIGCONT to stopped processes {}", thawed);
    }
    try {
      new LabStarter(this).restartDead();
    } catch (IOException e) {
      throw new LabException("lab: cannot restart dead processes: " + e, e);
    }
    waitForAllEndpointsHealthy(timeout);
  }

  /**
   * Waits until the cluster is whole again after a fault: a running leader, every other node
   * streaming from it (an old primary has rejoined), and direct, PgBouncer and HAProxy writer
   * reaching the primary, the HAProxy reader a replica.
   */
  public void waitForAllEndpointsHealthy(Duration timeout) {
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    try {
      ReadinessCheck.of(
              "a running leader and " + (settings.nodeCount() - 1) + " streaming replicas",
              health::clusterNotReady,
              List.of())
          .await(timeout);
      Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
      ReadinessCheck.of(
              "every endpoint reaching the primary (reader: a replica)",
              health::endpointsNotReady,
              List.of())
          .await(left);
    } catch (InterruptedIOException e) {
      throw new LabException("lab: interrupted while waiting for the lab to be healthy", e);
    }
  }

  /** Each node: Patroni's view of it and its local PIDs. */
  public List<LabNode> nodes() {
    Map<String, PatroniMember> members = new LinkedHashMap<>();
    try {
      for (PatroniMember m : rest.members()) {
        members.put(m.name(), m);
      }
    } catch (IOException e) {
      LOG.debug("lab: Patroni REST not answering: {}", e.getMessage());
    }
    List<LabNode> nodes = new ArrayList<>();
    for (int i = 1; i <= settings.nodeCount(); i++) {
      String name = settings.nodeName(i);
      PatroniMember m = members.get(name);
      nodes.add(
          new LabNode(
              name,
              m == null ? "unknown" : m.role(),
              m == null ? "unknown" : m.state(),
              m == null ? 0 : m.timeline(),
              m == null ? -1 : m.lagBytes(),
              settings.postgresPort(i),
              settings.restPort(i),
              patroni.get(i - 1).pid().orElse(-1),
              LabSignals.postmasterPid(layout.dataDir(name))));
    }
    return nodes;
  }

  /** The current primary (Patroni's running leader); throws when there is none. */
  public LabNode primaryNode() {
    return nodes().stream()
        .filter(n -> n.isLeader() && "running".equals(n.state()))
        .findFirst()
        .orElseThrow(() -> new LabException("lab: no running primary right now"));
  }

  public String primaryName() {
    return primaryNode().name();
  }

  /** The Patroni cluster, for the Patroni triggers; the signal triggers find PIDs here. */
  public PatroniCluster patroniCluster() {
    return new PatroniCluster(
        rest.restUrls(), new LabMemberProcesses(settings, layout, patroni, network));
  }

  /**
   * Sets Patroni's {@code failsafe_mode} (dynamic configuration, {@code PATCH /config}) and, when
   * it changed, waits two HA loops for every member to apply it.
   */
  public void setFailsafeMode(boolean on) {
    try {
      if (failsafeMode() == on) {
        return;
      }
      rest.patchConfig("failsafe_mode", on);
      Thread.sleep(2_000L * settings.patroniLoopWaitSeconds());
      LOG.info("lab: Patroni failsafe_mode is now {}", on);
    } catch (IOException e) {
      throw new LabException("lab: cannot set Patroni's failsafe_mode: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("lab: interrupted while setting failsafe_mode", e);
    }
  }

  /** Patroni's {@code failsafe_mode} as the DCS holds it now. */
  public boolean failsafeMode() {
    try {
      return rest.config().path("failsafe_mode").asBoolean(false);
    } catch (IOException e) {
      throw new LabException("lab: cannot read Patroni's configuration: " + e.getMessage(), e);
    }
  }

  /** The lab's packet filter, for the partition triggers. */
  public LocalNetwork localNetwork() {
    return network;
  }

  /** etcd as a service that {@code kill-dcs} can kill and have restarted. */
  public LocalProxy dcs() {
    return new LabProxy("etcd", etcd, settings.etcdClientPort(), configs.etcdCommand());
  }

  /**
   * The lab's PgBouncer ({@code "pgbouncer"}) or HAProxy ({@code "haproxy"}, its writer port), for
   * {@code kill-proxy}. Throws {@link IllegalArgumentException} for any other name.
   */
  public LocalProxy proxy(String name) {
    return switch (name) {
      case "pgbouncer" ->
          new LabProxy(name, pgbouncer, settings.pgbouncerPort(), configs.pgbouncerCommand());
      case "haproxy" ->
          new LabProxy(name, haproxy, settings.haproxyWriterPort(), configs.haproxyCommand());
      default ->
          throw new IllegalArgumentException(
              "no lab proxy called " + name + " (pgbouncer or haproxy)");
    };
  }

  /** Where the lab endpoint {@code endpoint} connects, as a JDBC URL. */
  public String url(LabEndpoint endpoint) {
    return switch (endpoint) {
      case DIRECT -> directUrl();
      case PROXY -> proxyUrl(); // carries prepareThreshold=0 for PgBouncer 1.18
      case HAPROXY -> haproxyUrl();
      case READER -> readerUrl();
    };
  }

  /** Multi-host URL over every node, connecting to whichever is primary. */
  public String directUrl() {
    StringBuilder hosts = new StringBuilder();
    for (int i = 1; i <= settings.nodeCount(); i++) {
      hosts.append(i > 1 ? "," : "").append("127.0.0.1:").append(settings.postgresPort(i));
    }
    return "jdbc:postgresql://" + hosts + "/" + settings.database() + "?targetServerType=primary";
  }

  /**
   * PgBouncer. {@code prepareThreshold=0}: PgBouncer 1.18 in transaction mode cannot keep pgjdbc's
   * server-side prepared statements across transactions.
   */
  public String proxyUrl() {
    return "jdbc:postgresql://127.0.0.1:"
        + settings.pgbouncerPort()
        + "/"
        + settings.database()
        + "?prepareThreshold=0";
  }

  public String haproxyUrl() {
    return "jdbc:postgresql://127.0.0.1:"
        + settings.haproxyWriterPort()
        + "/"
        + settings.database();
  }

  public String readerUrl() {
    return "jdbc:postgresql://127.0.0.1:"
        + settings.haproxyReaderPort()
        + "/"
        + settings.database();
  }

  public String user() {
    return settings.user();
  }

  /** The client password (from the lab's 0600 password file). Never log it. */
  public String password() {
    return settings.password();
  }

  public LabSettings settings() {
    return settings;
  }

  /** The lab's timings and modes, for the report (see {@link LabSettings#summary()}). */
  public Map<String, String> settingsSummary() {
    return settings.summary();
  }

  /** A printable description: each node's role, state, timeline, lag, ports and PIDs. */
  public String status() {
    return new LabStatus(this).text();
  }

  LabLayout layout() {
    return layout;
  }

  LabConfigs configs() {
    return configs;
  }

  LabProcess etcd() {
    return etcd;
  }

  List<LabProcess> patroniProcesses() {
    return patroni;
  }

  LabProcess haproxy() {
    return haproxy;
  }

  LabProcess pgbouncer() {
    return pgbouncer;
  }

  LabNetwork network() {
    return network;
  }

  LabHealth health() {
    return health;
  }

  private List<LabProcess> frontAndNodes() {
    List<LabProcess> all = new ArrayList<>(List.of(pgbouncer, haproxy));
    all.addAll(patroni);
    return all;
  }

  private boolean anyAlive() {
    return etcd.isAlive() || frontAndNodes().stream().anyMatch(LabProcess::isAlive);
  }

  private List<Long> postmasterPids() {
    List<Long> pids = new ArrayList<>();
    for (int i = 1; i <= settings.nodeCount(); i++) {
      long pid = LabSignals.postmasterPid(layout.dataDir(settings.nodeName(i)));
      if (pid > 0) {
        pids.add(pid);
      }
    }
    return pids;
  }

  static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  /** The lab's part of the exit sequence: heal what stays running, then stop what does not. */
  private static void registerShutdownHook() {
    if (HOOK_REGISTERED.compareAndSet(false, true)) {
      ExitSequence.at(
          ExitSequence.Step.HEAL,
          "heal the lab left running",
          () -> {
            for (Lab lab : STARTED_HERE) {
              if (lab.keep.get()) {
                lab.healAtExit();
              }
            }
            for (Lab lab : REUSED_HERE) {
              lab.healAtExit();
            }
          });
      ExitSequence.at(
          ExitSequence.Step.STOP_LAB,
          "stop the lab this JVM started",
          () -> {
            for (Lab lab : STARTED_HERE) {
              if (!lab.keep.get()) {
                lab.stop();
              }
            }
          });
    }
  }
}
