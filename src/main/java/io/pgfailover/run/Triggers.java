package io.pgfailover.run;

import io.pgfailover.config.FailoverSettings;
import io.pgfailover.trigger.KillPrimaryTrigger;
import io.pgfailover.trigger.NoTrigger;
import io.pgfailover.trigger.PatroniCluster;
import io.pgfailover.trigger.PatroniSwitchoverTrigger;
import io.pgfailover.trigger.Trigger;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/** Builds the configured trigger for the target (the settings already checked that they fit). */
final class Triggers {
  private Triggers() {}

  static Trigger create(FailoverSettings settings, @Nullable LabTarget lab) {
    return switch (settings.trigger()) {
      case "none" -> new NoTrigger();
      case "patroni-switchover" -> new PatroniSwitchoverTrigger(cluster(settings, lab));
      case "kill-primary" -> new KillPrimaryTrigger(cluster(settings, lab));
      default -> throw new IllegalStateException("unknown trigger " + settings.trigger());
    };
  }

  private static PatroniCluster cluster(FailoverSettings settings, @Nullable LabTarget lab) {
    if (lab != null) {
      return lab.patroniCluster();
    }
    return PatroniCluster.ofRestUrls(settings.patroniUrls().stream().map(URI::create).toList());
  }
}
