package io.pgfailover.run;

import io.pgfailover.config.FailoverSettings;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.TriggerOptions;
import io.pgfailover.trigger.CommandTrigger;
import io.pgfailover.trigger.FreezePrimaryTrigger;
import io.pgfailover.trigger.KillPostgresTrigger;
import io.pgfailover.trigger.KillPrimaryTrigger;
import io.pgfailover.trigger.KillProxyTrigger;
import io.pgfailover.trigger.ManualTrigger;
import io.pgfailover.trigger.PatroniFailoverTrigger;
import io.pgfailover.trigger.NoTrigger;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.trigger.PatroniSwitchoverTrigger;
import io.pgfailover.trigger.Trigger;
import io.pgfailover.trigger.aws.AuroraFailoverTrigger;
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
  static List<Trigger> schedule(FailoverSettings settings, @Nullable LabTarget lab,
      boolean faultMatrix, Path runDir, List<EndpointSettings> endpoints) {
    if (faultMatrix) {
      List<Trigger> matrix = new ArrayList<>();
      for (String kind : settings.matrix()) {
        matrix.add(create(kind, settings, lab, runDir, endpoints));
      }
      return matrix;
    }
    if (settings.trigger().equals("none")) {
      return List.of();
    }
    return Collections.nCopies(settings.repeat(),
        create(settings.trigger(), settings, lab, runDir, endpoints));
  }

  static Trigger create(String kind, FailoverSettings settings, @Nullable LabTarget lab,
      Path runDir, List<EndpointSettings> endpoints) {
    TriggerOptions o = settings.triggerOptions();
    return switch (kind) {
      case "none" -> new NoTrigger();
      case "patroni-switchover" -> new PatroniSwitchoverTrigger(cluster(settings, lab));
      case "patroni-failover" -> new PatroniFailoverTrigger(cluster(settings, lab),
          o.failoverCandidate().isBlank() ? null : o.failoverCandidate());
      case "kill-primary" -> new KillPrimaryTrigger(cluster(settings, lab));
      case "kill-postgres" -> new KillPostgresTrigger(cluster(settings, lab));
      case "freeze-primary" -> new FreezePrimaryTrigger(cluster(settings, lab),
          o.freezeDuration());
      case "kill-proxy" -> new KillProxyTrigger(lab.proxy(o.proxy()), o.proxyRestartDelay());
      case "command" -> new CommandTrigger(o.command(), o.commandTimeout(), runDir,
          patroniOrNull(settings, lab), o.observeCommand().isBlank() ? null : o.observeCommand());
      case "manual" -> manual(settings, lab, endpoints);
      case "aurora-failover" -> new AuroraFailoverTrigger(settings.aws());
      case "rds-reboot" -> new RdsRebootTrigger(settings.aws());
      default -> throw new IllegalStateException("unknown trigger " + kind);
    };
  }

  private static Trigger manual(FailoverSettings settings, @Nullable LabTarget lab,
      List<EndpointSettings> endpoints) {
    TriggerOptions o = settings.triggerOptions();
    PatroniCluster patroni = patroniOrNull(settings, lab);
    if (patroni != null) {
      return new ManualTrigger(o.manualCountdown(), System.out, patroni);
    }
    EndpointSettings probe = endpoints.stream()
        .filter(e -> e.role() == EndpointSettings.Role.WRITER).findFirst().orElseThrow();
    String url = o.manualJdbcUrl().isBlank() ? probe.url() : o.manualJdbcUrl();
    return new ManualTrigger(o.manualCountdown(), System.out, url, probe.user(),
        probe.password().reveal());
  }

  private static @Nullable PatroniCluster patroniOrNull(FailoverSettings settings,
      @Nullable LabTarget lab) {
    return lab != null || !settings.patroniUrls().isEmpty() ? cluster(settings, lab) : null;
  }

  private static PatroniCluster cluster(FailoverSettings settings, @Nullable LabTarget lab) {
    if (lab != null) {
      return lab.patroniCluster();
    }
    return PatroniCluster.ofRestUrls(settings.patroniUrls().stream().map(URI::create).toList());
  }
}
