package io.pgfailover.lab;

import io.pgfailover.config.SettingsException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes sure the lab's programs are installed, installing the Debian packages when root. */
final class LabInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(LabInstaller.class);
  static final String APT_COMMAND =
      "apt-get install -y patroni etcd-server etcd-client haproxy pgbouncer nftables";
  private static final List<String> PROGRAMS = List.of("patroni", "etcd", "haproxy", "pgbouncer");

  /** nftables' program: only root can use it, for the network faults (see LabNetwork). */
  private static final String NFT = "nft";

  private LabInstaller() {}

  static void ensureInstalled(LabLayout layout) {
    if (!Files.isExecutable(Path.of(LabLayout.POSTGRES_BIN, "postgres"))) {
      throw new SettingsException(
          "lab",
          "The local lab needs PostgreSQL 15 in "
              + LabLayout.POSTGRES_BIN
              + "; install it with: apt-get install -y postgresql-15");
    }
    List<String> missing = new ArrayList<>();
    for (String program : PROGRAMS) {
      if (!onPath(program)) {
        missing.add(program);
      }
    }
    if (LabFiles.runningAsRoot() && !onPath(NFT)) {
      missing.add(NFT);
    }
    if (missing.isEmpty()) {
      return;
    }
    if (!LabFiles.runningAsRoot()) {
      throw new SettingsException(
          "lab",
          "The local lab needs "
              + String.join(", ", missing)
              + ", which are not installed. Install them as root with: "
              + APT_COMMAND);
    }
    LOG.info("lab: {} missing, running: {}", missing, APT_COMMAND);
    Path log = layout.logFile("apt-get");
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder apt =
          new ProcessBuilder(List.of(APT_COMMAND.split(" ")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      apt.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = apt.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new LabException("lab: " + APT_COMMAND + " did not finish in 10 minutes; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new LabException(
            "lab: "
                + APT_COMMAND
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + LabFiles.tail(log, 20));
      }
    } catch (IOException e) {
      throw new LabException("lab: cannot run " + APT_COMMAND, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("lab: interrupted during " + APT_COMMAND, e);
    }
    // Debian may have started its own etcd/pgbouncer services: harmless, the lab uses other ports.
    LOG.info("lab: packages installed");
  }

  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
