package io.pgfailover.lab;

import java.util.List;
import java.util.OptionalLong;

/** The text of {@link Lab#status()}: one line per process, then the endpoints. */
final class LabStatus {
  private final Lab lab;

  LabStatus(Lab lab) {
    this.lab = lab;
  }

  String text() {
    LabSettings s = lab.settings();
    StringBuilder out = new StringBuilder();
    out.append("lab ").append(s.labDir()).append('\n');
    out.append(
        String.format(
            "  %-9s 127.0.0.1:%d  %s%n", "etcd", s.etcdClientPort(), pid(lab.etcd().pid())));
    List<LabNode> nodes = lab.nodes();
    for (LabNode n : nodes) {
      out.append(
          String.format(
              "  %-9s %-12s %-9s timeline %-3s lag %-8s pg 127.0.0.1:%d  rest :%d  patroni %s"
                  + "  postmaster %s%n",
              n.name(),
              n.role(),
              n.state(),
              n.timeline() == 0 ? "?" : n.timeline(),
              n.isLeader() ? "-" : n.lagBytes() < 0 ? "?" : n.lagBytes() + " B",
              n.postgresPort(),
              n.restPort(),
              pidText(n.patroniPid()),
              pidText(n.postmasterPid())));
    }
    out.append(
        String.format(
            "  %-9s writer 127.0.0.1:%d  reader 127.0.0.1:%d%s  %s%n",
            "haproxy",
            s.haproxyWriterPort(),
            s.haproxyReaderPort(),
            s.haproxyStatsPort() == 0
                ? ""
                : "  stats http://127.0.0.1:" + s.haproxyStatsPort() + "/",
            pid(lab.haproxy().pid())));
    out.append(
        String.format(
            "  %-9s 127.0.0.1:%d  %s%n",
            "pgbouncer", s.pgbouncerPort(), pid(lab.pgbouncer().pid())));
    out.append("endpoints (user ")
        .append(lab.user())
        .append(", password in ")
        .append(s.passwordFile())
        .append("):\n");
    out.append("  direct  ").append(lab.directUrl()).append('\n');
    out.append("  proxy   ").append(lab.proxyUrl()).append('\n');
    out.append("  haproxy ").append(lab.haproxyUrl()).append('\n');
    out.append("  reader  ").append(lab.readerUrl()).append('\n');
    out.append("logs in ").append(lab.layout().logFile("x").getParent()).append('\n');
    List<Long> frozen = LabSignals.stopped(lab.layout().root().toString());
    if (!frozen.isEmpty()) {
      out.append("FROZEN: ")
          .append(frozen.size())
          .append(" lab processes are stopped (SIGSTOP) ")
          .append(frozen)
          .append(", left by a fault whose run was killed; bin/lab up thaws")
          .append(" them, bin/lab down stops the lab\n");
    }
    int cuts = lab.network().activeCutRules();
    if (cuts > 0) {
      out.append("PARTITIONED: ")
          .append(cuts)
          .append(" packet-drop rules in nftables table inet ")
          .append(lab.network().table())
          .append(", left by a network fault whose run was killed; bin/lab up removes them,")
          .append(" bin/lab down stops the lab\n");
    }
    return out.toString();
  }

  private static String pid(OptionalLong pid) {
    return pidText(pid.orElse(-1));
  }

  private static String pidText(long pid) {
    if (pid <= 0) {
      return "not running";
    }
    return "pid " + pid + (LabSignals.isStopped(pid) ? " frozen" : " alive");
  }
}
