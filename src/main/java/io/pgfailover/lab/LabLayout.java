package io.pgfailover.lab;

import java.nio.file.Path;

/** Where each file of the lab lives under the lab directory. */
final class LabLayout {
  static final String POSTGRES_BIN = "/usr/lib/postgresql/15/bin";

  private final Path root;

  LabLayout(LabSettings settings) {
    this.root = settings.labDir();
  }

  Path root() {
    return root;
  }

  Path superuserPasswordFile() {
    return root.resolve("superuser-password");
  }

  Path pidFile(String component) {
    return root.resolve("pids").resolve(component + ".pid");
  }

  Path logFile(String component) {
    return root.resolve("logs").resolve(component + ".log");
  }

  Path etcdDataDir() {
    return root.resolve("etcd");
  }

  Path nodeDir(String node) {
    return root.resolve(node);
  }

  Path nodeConfig(String node) {
    return nodeDir(node).resolve("patroni.yml");
  }

  Path dataDir(String node) {
    return nodeDir(node).resolve("data");
  }

  Path haproxyConfig() {
    return root.resolve("haproxy").resolve("haproxy.cfg");
  }

  Path pgbouncerConfig() {
    return root.resolve("pgbouncer").resolve("pgbouncer.ini");
  }

  Path pgbouncerUserlist() {
    return root.resolve("pgbouncer").resolve("userlist.txt");
  }
}
