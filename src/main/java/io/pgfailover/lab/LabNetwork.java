package io.pgfailover.lab;

import io.pgfailover.trigger.LocalNetwork;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silent network faults on a lab whose every process listens on 127.0.0.1, without moving anything
 * off loopback: nftables drops the packets of a cut, so the peer sees neither an RST nor an ICMP
 * error, only silence.
 *
 * <p>How a node's traffic is told apart on one address: each Patroni node runs in a cgroup (v2) of
 * its own, joined before Patroni execs. The lab's nftables table marks every connection with the
 * node that opened it ({@code ct mark} = node index, 0 = a client, a proxy or etcd), read from the
 * sending socket's cgroup. A cut is then a few rules on marks and on the node's listening ports,
 * added to the table's {@code cuts} chain; a heal flushes that chain. The table and the cgroups
 * belong to the lab: {@link #remove()} deletes both when the lab stops, and every heal (at a run's
 * end, at Ctrl-C, at the next {@code bin/lab up}) flushes the cuts a crashed run left.
 *
 * <p>Needs root (CAP_NET_ADMIN, and writing {@code cgroup.procs}), the {@code nft} program and a
 * cgroup2 hierarchy under {@value #CGROUP_FS}. Without them the lab runs as before and the
 * partition triggers are refused before any load, with {@link #unavailable(String)}'s reason.
 */
final class LabNetwork implements LocalNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(LabNetwork.class);

  /** Where nft resolves {@code socket cgroupv2} paths from (nftables' SYSFS_CGROUPSV2_PATH). */
  static final String CGROUP_FS = "/sys/fs/cgroup";

  private static final String CUTS_CHAIN = "cuts";
  private static final long NFT_TIMEOUT_SECONDS = 10;

  private final LabSettings settings;
  private final String table;
  private final String group;
  private final Optional<Path> cgroup2Mount;

  LabNetwork(LabSettings settings) {
    this.settings = settings;
    String dirName = settings.labDir().getFileName().toString().toLowerCase(Locale.ROOT);
    this.table = "pgfailover_" + dirName.replaceAll("[^a-z0-9_]", "_");
    this.group = "pgfailover." + dirName.replaceAll("[^a-z0-9_.-]", "_");
    this.cgroup2Mount = findCgroup2Mount();
  }

  /** The nftables table of this lab: {@code inet pgfailover_<lab dir name>}. */
  String table() {
    return table;
  }

  /** True when this machine lets the lab control its nodes' packets. */
  boolean available() {
    return machineProblem().isEmpty();
  }

  private Optional<String> machineProblem() {
    if (!LabFiles.runningAsRoot()) {
      return Optional.of(
          "Network faults need root (CAP_NET_ADMIN, and moving the lab's nodes into cgroups of"
              + " their own); run the tool as root, or use a fault that needs no network control"
              + " (freeze-primary, kill-primary).");
    }
    if (cgroup2Mount.isEmpty()) {
      return Optional.of(
          "Network faults tell the nodes' packets apart by cgroup, and this machine has no cgroup2"
              + " hierarchy under "
              + CGROUP_FS
              + " (see /proc/self/mounts); mount one there, e.g. mount -t cgroup2 none "
              + CGROUP_FS
              + "/unified.");
    }
    if (!LabInstaller.onPath("nft")) {
      return Optional.of(
          "Network faults need nftables, which is not installed: apt-get install -y nftables,"
              + " then restart the lab (bin/lab down; bin/lab up).");
    }
    return Optional.empty();
  }

  /**
   * The command prefix that puts a node's process into its cgroup before it execs the rest: {@code
   * sh -c 'echo $$ > <procs> && exec "$@"' <procs>}; empty when network control is unavailable.
   */
  List<String> joinCommand(int node) {
    if (!available()) {
      return List.of();
    }
    return List.of(
        "sh",
        "-c",
        "echo $$ > \"$0\" && exec \"$@\"",
        cgroupDir(node).resolve("cgroup.procs").toString());
  }

  /**
   * Creates the nodes' cgroups and (re)creates the table with its marking rules and an empty cuts
   * chain, in one nft transaction. Idempotent; a no-op when network control is unavailable.
   */
  void install() throws IOException {
    if (!available()) {
      LOG.info("lab: no network control ({})", machineProblem().orElse(""));
      return;
    }
    StringBuilder rules = new StringBuilder();
    rules.append("add table inet ").append(table).append('\n');
    rules.append("delete table inet ").append(table).append('\n');
    rules.append("table inet ").append(table).append(" {\n");
    rules.append("  chain output {\n");
    rules.append("    type filter hook output priority 0; policy accept;\n");
    for (int i = 1; i <= settings.nodeCount(); i++) {
      Files.createDirectories(cgroupDir(i));
      // every packet the node sends in a connection's original direction names it the opener,
      // so connections made before the table existed are marked too
      rules
          .append("    ct direction original socket cgroupv2 level 2 \"")
          .append(nftCgroupPath(i))
          .append("\" ct mark set ")
          .append(i)
          .append('\n');
    }
    rules.append("    jump ").append(CUTS_CHAIN).append('\n');
    rules.append("  }\n");
    rules.append("  chain ").append(CUTS_CHAIN).append(" {\n  }\n");
    rules.append("}\n");
    nft(rules.toString());
  }

  /** Installs the table when it is missing (deleted by hand, or a reboot); otherwise a no-op. */
  void ensureInstalled() throws IOException {
    if (available() && !tableExists()) {
      install();
    }
  }

  @Override
  public Optional<String> unavailable(String member) {
    Optional<String> problem = machineProblem();
    if (problem.isPresent()) {
      return problem;
    }
    int node = nodeIndex(member);
    if (!tableExists()) {
      return Optional.of(
          "The lab's packet filter (nftables table inet "
              + table
              + ") is missing, so the running lab was started without network control; restart"
              + " it: bin/lab down, then bin/lab up (or just run again).");
    }
    Path procs = cgroupDir(node).resolve("cgroup.procs");
    try {
      if (!Files.exists(procs) || Files.readString(procs).isBlank()) {
        return Optional.of(
            member
                + "'s processes are not in the lab's cgroup "
                + cgroupDir(node)
                + ", so its packets cannot be told apart; the running lab was started by an older"
                + " version: bin/lab down, then bin/lab up (or just run again).");
      }
    } catch (IOException e) {
      return Optional.of("cannot read " + procs + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  @Override
  public String cut(Cut cut, String member) throws IOException {
    int node = nodeIndex(member);
    int pg = settings.postgresPort(node);
    int rest = settings.restPort(node);
    List<String> rules = new ArrayList<>();
    String words =
        switch (cut) {
          case NODE -> {
            for (int port : List.of(pg, rest)) {
              // what the node opens to its own ports stays: a cut host still reaches itself
              rules.add("ct mark " + node + " " + toPort(port) + " accept");
            }
            rules.add("ct mark " + node + " drop");
            for (int port : List.of(pg, rest)) {
              rules.add(toPort(port) + " drop");
            }
            yield "every packet to and from "
                + member
                + " (PostgreSQL :"
                + pg
                + ", Patroni :"
                + rest
                + ", and every connection it opened: etcd, its peers)";
          }
          case CLIENTS -> {
            for (int port : List.of(pg, rest)) {
              rules.add("ct mark 0 " + toPort(port) + " drop");
            }
            yield "clients' and proxies' packets to and from "
                + member
                + " (PostgreSQL :"
                + pg
                + ", Patroni :"
                + rest
                + "); the other members and etcd still reach it";
          }
          case DCS -> {
            rules.add("ct mark " + node + " " + toPort(settings.etcdClientPort()) + " drop");
            yield member + "'s packets to and from etcd (:" + settings.etcdClientPort() + ")";
          }
        };
    StringBuilder script = new StringBuilder();
    for (String rule : rules) {
      script
          .append("add rule inet ")
          .append(table)
          .append(' ')
          .append(CUTS_CHAIN)
          .append(' ')
          .append(rule)
          .append('\n');
    }
    nft(script.toString());
    return words;
  }

  /**
   * Both directions of every TCP connection opened to {@code port} (the conntrack entry's original
   * destination), so one rule covers the requests and the answers.
   */
  private static String toPort(int port) {
    return "meta l4proto tcp ct original proto-dst " + port;
  }

  @Override
  public int healAll() throws IOException {
    if (!available() || !tableExists()) {
      return 0;
    }
    int rules = activeCutRules();
    if (rules > 0) {
      nft("flush chain inet " + table + " " + CUTS_CHAIN + "\n");
    }
    return rules;
  }

  /** How many drop rules the cuts chain holds now (0 when there is no table). */
  int activeCutRules() {
    if (!available()) {
      return 0;
    }
    try {
      String listing = run(List.of("nft", "list", "chain", "inet", table, CUTS_CHAIN), null);
      return (int) listing.lines().filter(l -> l.trim().endsWith("drop")).count();
    } catch (IOException e) {
      return 0; // no table
    }
  }

  /** Deletes the table and the (empty) cgroups; called once the lab's processes are gone. */
  void remove() {
    if (!available()) {
      return;
    }
    try {
      nft("add table inet " + table + "\ndelete table inet " + table + "\n");
    } catch (IOException e) {
      LOG.warn("lab: could not delete nftables table inet {}: {}", table, e.getMessage());
    }
    Path groupDir = cgroup2Mount.orElseThrow().resolve(group);
    for (int i = 1; i <= settings.nodeCount(); i++) {
      removeCgroup(cgroupDir(i));
    }
    removeCgroup(groupDir);
  }

  private static void removeCgroup(Path dir) {
    try {
      Files.deleteIfExists(dir); // rmdir: a cgroup goes once no process is in it
    } catch (IOException e) {
      LOG.debug("lab: cgroup {} not removed: {}", dir, e.getMessage());
    }
  }

  /**
   * SIGKILL to every process of a node in one step, by the kernel ({@code cgroup.kill}): Patroni,
   * the postmaster and every backend die together, as on a crashed host, with no process of it left
   * running for a moment after the others. {@code kill(1)} with a list cannot promise that on a
   * busy 2-core machine: CI saw a backend outlive its postmaster long enough to answer 57P01 while
   * another client's backend kept committing for 89 ms. Returns how many processes the cgroup held,
   * or empty when the node does not run in its cgroup here (not root, no cgroup2, a lab started by
   * an older version).
   */
  OptionalInt killNode(String member) {
    int node = nodeIndexOrNone(member);
    if (cgroup2Mount.isEmpty() || node < 0) {
      return OptionalInt.empty();
    }
    Path dir = cgroupDir(node);
    try {
      String procs = Files.readString(dir.resolve("cgroup.procs"));
      if (procs.isBlank() || !Files.exists(dir.resolve("cgroup.kill"))) {
        return OptionalInt.empty();
      }
      Files.writeString(dir.resolve("cgroup.kill"), "1");
      return OptionalInt.of((int) procs.lines().filter(l -> !l.isBlank()).count());
    } catch (IOException e) {
      LOG.debug("lab: cannot kill {} through its cgroup {}: {}", member, dir, e.getMessage());
      return OptionalInt.empty();
    }
  }

  private boolean tableExists() {
    try {
      run(List.of("nft", "list", "table", "inet", table), null);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private int nodeIndex(String member) {
    int node = nodeIndexOrNone(member);
    if (node < 0) {
      throw new IllegalArgumentException("no lab node called " + member);
    }
    return node;
  }

  /** The node's one-based index, -1 for a stranger. */
  private int nodeIndexOrNone(String member) {
    for (int i = 1; i <= settings.nodeCount(); i++) {
      if (settings.nodeName(i).equals(member)) {
        return i;
      }
    }
    return -1;
  }

  private Path cgroupDir(int node) {
    return cgroup2Mount.orElseThrow().resolve(group).resolve(settings.nodeName(node));
  }

  /** The cgroup's path as nft wants it: relative to {@value #CGROUP_FS}. */
  private String nftCgroupPath(int node) {
    return Path.of(CGROUP_FS).relativize(cgroupDir(node)).toString();
  }

  /** The cgroup2 mount point, when it lies under {@value #CGROUP_FS} (nft cannot use others). */
  private static Optional<Path> findCgroup2Mount() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[2].equals("cgroup2") && f[1].startsWith(CGROUP_FS)) {
          return Optional.of(Path.of(f[1]));
        }
      }
    } catch (IOException e) {
      LOG.debug("lab: cannot read /proc/self/mounts: {}", e.getMessage());
    }
    return Optional.empty();
  }

  private static void nft(String script) throws IOException {
    run(List.of("nft", "-f", "-"), script);
  }

  private static String run(List<String> command, String stdin) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(NFT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " failed (exit "
                + process.exitValue()
                + "): "
                + output.trim());
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new InterruptedIOException("interrupted running " + String.join(" ", command));
    }
  }
}
