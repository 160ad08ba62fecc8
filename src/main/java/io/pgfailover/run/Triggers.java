package io.pgfailover.run;

import io.pgfailover.config.FailoverSettings;
import io.pgfailover.trigger.KillPrimaryTrigger;
import io.pgfailover.trigger.NoTrigger;
import io.pgfailover.trigger.PatroniCluster;
import io.pgfailover.trigger.PatroniSwitchoverTrigger;
import io.pgfailover.trigger.Trigger;
import io.pgfailover.trigger.aws.AuroraFailoverTrigger;
import io.pgfailover.trigger.aws.RdsRebootTrigger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds the configured trigger for the target (the settings already checked that they fit). */
final class Triggers {
  private Triggers() {}

  /** The triggers of the run, in order: empty for none, the trigger N times for a series. */
  static List<Trigger> schedule(FailoverSettings settings, @Nullable LabTarget lab,
      boolean faultMatrix) {
    if (faultMatrix) {
      List<Trigger> matrix = new ArrayList<>();
      for (String kind : settings.matrix()) {
        matrix.add(create(kind, settings, lab));
      }
      return matrix;
    }
    if (settings.trigger().equals("none")) {
      return List.of();
    }
    return Collections.nCopies(settings.repeat(), create(settings.trigger(), settings, lab));
  }

  static Trigger create(String kind, FailoverSettings settings, @Nullable LabTarget lab) {
    return switch (kind) {
      case "none" -> new NoTrigger();
      case "patroni-switchover" -> new PatroniSwitchoverTrigger(cluster(settings, lab));
      case "kill-primary" -> new KillPrimaryTrigger(cluster(settings, lab));
      case "aurora-failover" -> new AuroraFailoverTrigger(settings.aws());
      case "rds-reboot" -> new RdsRebootTrigger(settings.aws());
      default -> throw new IllegalStateException("unknown trigger " + kind);
    };
  }

  private static PatroniCluster cluster(FailoverSettings settings, @Nullable LabTarget lab) {
    if (lab != null) {
      return lab.patroniCluster();
    }
    return PatroniCluster.ofRestUrls(settings.patroniUrls().stream().map(URI::create).toList());
  }
}
