package io.pgfailover.run;

import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.LabChoice;
import io.pgfailover.config.LabEndpoint;
import io.pgfailover.config.Secret;
import io.pgfailover.lab.Lab;
import io.pgfailover.lab.LabLock;
import io.pgfailover.lab.LabSettings;
import io.pgfailover.patroni.PatroniCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local lab as a run's target: brings it up and turns it into endpoints and a Patroni cluster.
 */
final class LabTarget implements AutoCloseable {
  private final Lab lab;
  private final boolean keep;
  private final LabLock lock;

  private LabTarget(Lab lab, boolean keep, LabLock lock) {
    this.lab = lab;
    this.keep = keep;
    this.lock = lock;
  }

  /**
   * Takes the lab for this run (refused at once when another run or {@code bin/lab} holds it, see
   * {@link LabLock}), then brings it up or reuses it.
   */
  static LabTarget start(LabChoice choice, String simulation) {
    LabSettings labSettings = LabSettings.defaults().withLabDir(choice.dir());
    LabLock lock = LabLock.acquire(labSettings, "run " + simulation);
    try {
      Lab lab = Lab.start(labSettings);
      lab.setFailsafeMode(choice.failsafeMode());
      if (choice.keep()) {
        lab.keepAfterExit();
      }
      return new LabTarget(lab, choice.keep(), lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The lab endpoints chosen by {@code failover.lab-endpoints}, with the lab's credentials. */
  List<EndpointSettings> endpoints(LabChoice choice, int poolSize) {
    List<EndpointSettings> endpoints = new ArrayList<>();
    Secret password = Secret.of(lab.password());
    for (LabEndpoint e : choice.endpoints()) {
      endpoints.add(
          new EndpointSettings(e.label(), lab.url(e), e.role(), lab.user(), password, poolSize));
    }
    return endpoints;
  }

  /**
   * Configured endpoints on {@code lab:} paths made concrete: each gets its path's URL and the
   * lab's credentials, and keeps its name, role and own pool settings.
   */
  List<EndpointSettings> onLab(List<EndpointSettings> configured) {
    Secret password = Secret.of(lab.password());
    List<EndpointSettings> endpoints = new ArrayList<>();
    for (EndpointSettings e : configured) {
      endpoints.add(e.onLab(lab.url(e.labPath().orElseThrow()), lab.user(), password));
    }
    return endpoints;
  }

  /** Heals the lab after a fault: restarts what was killed, waits until every node streams. */
  boolean heal(java.time.Duration deadline) {
    try {
      lab.heal(deadline);
      return true;
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(LabTarget.class).warn("lab: not healed: {}", e.toString());
      return false;
    }
  }

  io.pgfailover.trigger.LocalProxy proxy(String name) {
    return lab.proxy(name);
  }

  io.pgfailover.trigger.LocalProxy dcs() {
    return lab.dcs();
  }

  io.pgfailover.trigger.LocalNetwork network() {
    return lab.localNetwork();
  }

  PatroniCluster patroniCluster() {
    return lab.patroniCluster();
  }

  Map<String, String> settingsSummary() {
    Map<String, String> summary = new java.util.LinkedHashMap<>(lab.settingsSummary());
    summary.put("lab.patroni.failsafe-mode", Boolean.toString(lab.failsafeMode()));
    return summary;
  }

  /**
   * A run refused after the lab was taken (a trigger or endpoint pre-flight): a lab it started
   * itself is stopped, unless kept; one it found running is left as it was. Lets the lab go.
   */
  void release() {
    try {
      if (!keep && lab.startedHere()) {
        lab.stop();
      }
    } finally {
      lock.close();
    }
  }

  /** Stops the lab unless {@code failover.lab.keep} asks to leave it running, and lets it go. */
  @Override
  public void close() {
    try {
      if (!keep) {
        lab.stop();
      }
    } finally {
      lock.close();
    }
  }
}
