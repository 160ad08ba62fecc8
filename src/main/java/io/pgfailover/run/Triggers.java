package io.pgfailover.run;

import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.FaultSettings;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.config.TriggerOptions;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.trigger.CommandTrigger;
import io.pgfailover.trigger.DcsOutageTrigger;
import io.pgfailover.trigger.FreezePrimaryTrigger;
import io.pgfailover.trigger.KillPostgresTrigger;
import io.pgfailover.trigger.KillPrimaryTrigger;
import io.pgfailover.trigger.KillProxyTrigger;
import io.pgfailover.trigger.ManualTrigger;
import io.pgfailover.trigger.NoTrigger;
import io.pgfailover.trigger.PartitionTrigger;
import io.pgfailover.trigger.PatroniFailoverTrigger;
import io.pgfailover.trigger.PatroniSwitchoverTrigger;
import io.pgfailover.trigger.RollingRestartTrigger;
import io.pgfailover.trigger.Trigger;
import io.pgfailover.trigger.aws.AuroraFailoverTrigger;
import io.pgfailover.trigger.aws.BlueGreenSwitchoverTrigger;
import io.pgfailover.trigger.aws.RdsModifyTrigger;
import io.pgfailover.trigger.aws.RdsRebootTrigger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds the configured trigger for the target (the settings already checked that they fit). */
final class Triggers {
  private Triggers() {}

  /** The triggers of the run, in order: empty for none, the trigger N times for a series. */
  static List<Trigger> schedule(
      FaultSettings faults,
      @Nullable LabTarget lab,
      boolean faultMatrix,
      Path runDir,
      List<EndpointSettings> endpoints) {
    if (faultMatrix) {
      List<Trigger> matrix = new ArrayList<>();
      for (TriggerKind kind : faults.matrix()) {
        matrix.add(create(kind, faults, lab, runDir, endpoints));
      }
      return matrix;
    }
    if (faults.trigger() == TriggerKind.NONE) {
      return List.of();
    }
    return Collections.nCopies(
        faults.repeat(), create(faults.trigger(), faults, lab, runDir, endpoints));
  }

  static Trigger create(
      TriggerKind kind,
      FaultSettings faults,
      @Nullable LabTarget lab,
      Path runDir,
      List<EndpointSettings> endpoints) {
    TriggerOptions o = faults.options();
    return switch (kind) {
      case AUTO -> throw new IllegalStateException("auto is resolved by the settings");
      case NONE -> new NoTrigger();
      case PATRONI_SWITCHOVER -> new PatroniSwitchoverTrigger(cluster(faults, lab));
      case PATRONI_FAILOVER ->
          new PatroniFailoverTrigger(
              cluster(faults, lab), o.failoverCandidate().isBlank() ? null : o.failoverCandidate());
      case ROLLING_RESTART -> new RollingRestartTrigger(cluster(faults, lab));
      case KILL_PRIMARY -> new KillPrimaryTrigger(cluster(faults, lab));
      case KILL_POSTGRES -> new KillPostgresTrigger(cluster(faults, lab));
      case FREEZE_PRIMARY -> new FreezePrimaryTrigger(cluster(faults, lab), o.freezeDuration());
      case KILL_PROXY -> new KillProxyTrigger(lab.proxy(o.proxy()), o.proxyRestartDelay());
      case PARTITION_PRIMARY, PARTITION_CLIENTS, PARTITION_DCS ->
          new PartitionTrigger(kind, cluster(faults, lab), lab.network(), o.partitionDuration());
      case STOP_DCS, KILL_DCS ->
          new DcsOutageTrigger(kind, cluster(faults, lab), lab.dcs(), o.dcsOutageDuration());
      case COMMAND ->
          new CommandTrigger(
              o.command(),
              o.commandTimeout(),
              runDir,
              patroniOrNull(faults, lab),
              o.observeCommand().isBlank() ? null : o.observeCommand());
      case MANUAL -> manual(faults, lab, endpoints);
      case AURORA_FAILOVER -> new AuroraFailoverTrigger(faults.aws());
      case RDS_REBOOT -> new RdsRebootTrigger(faults.aws());
      case RDS_MODIFY_CLASS -> RdsModifyTrigger.instanceClass(faults.aws());
      case RDS_UPGRADE -> RdsModifyTrigger.engineVersion(faults.aws());
      case BLUE_GREEN_SWITCHOVER -> new BlueGreenSwitchoverTrigger(faults.aws());
    };
  }

  private static Trigger manual(
      FaultSettings faults, @Nullable LabTarget lab, List<EndpointSettings> endpoints) {
    TriggerOptions o = faults.options();
    PatroniCluster patroni = patroniOrNull(faults, lab);
    if (patroni != null) {
      return new ManualTrigger(o.manualCountdown(), System.out, patroni);
    }
    EndpointSettings probe =
        endpoints.stream()
            .filter(e -> e.role() == EndpointSettings.Role.WRITER)
            .findFirst()
            .orElseThrow();
    String url = o.manualJdbcUrl().isBlank() ? probe.url() : o.manualJdbcUrl();
    return new ManualTrigger(
        o.manualCountdown(), System.out, url, probe.user(), probe.password().reveal());
  }

  private static @Nullable PatroniCluster patroniOrNull(
      FaultSettings faults, @Nullable LabTarget lab) {
    return lab != null || !faults.patroniUrls().isEmpty() ? cluster(faults, lab) : null;
  }

  private static PatroniCluster cluster(FaultSettings faults, @Nullable LabTarget lab) {
    if (lab != null) {
      return lab.patroniCluster();
    }
    return PatroniCluster.ofRestUrls(faults.patroniUrls().stream().map(URI::create).toList());
  }
}
