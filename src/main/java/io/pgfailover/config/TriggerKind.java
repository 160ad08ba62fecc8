package io.pgfailover.config;

import io.pgfailover.record.Labels;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The triggers this tool can fire, as {@code failover.trigger} spells them: the one declaration of
 * the set. Each says what target it fits and whether it is a lab fault (usable in {@code
 * failover.matrix}); {@code run/Triggers} builds each with an exhaustive switch, so a new kind is
 * this line, its class, and that switch's case.
 */
public enum TriggerKind {
  AUTO(Fit.ANY, false),
  NONE(Fit.ANY, false),
  PATRONI_SWITCHOVER(Fit.PATRONI, true),
  PATRONI_FAILOVER(Fit.PATRONI, true),
  ROLLING_RESTART(Fit.PATRONI, true),
  KILL_PRIMARY(Fit.LAB, true),
  KILL_POSTGRES(Fit.LAB, true),
  FREEZE_PRIMARY(Fit.LAB, true),
  KILL_PROXY(Fit.LAB, true),
  PARTITION_PRIMARY(Fit.LAB, true),
  PARTITION_CLIENTS(Fit.LAB, true),
  PARTITION_DCS(Fit.LAB, true),
  STOP_DCS(Fit.LAB, true),
  KILL_DCS(Fit.LAB, true),
  AURORA_FAILOVER(Fit.AWS, false),
  RDS_REBOOT(Fit.AWS, false),
  RDS_MODIFY_CLASS(Fit.AWS, false),
  RDS_UPGRADE(Fit.AWS, false),
  BLUE_GREEN_SWITCHOVER(Fit.AWS, false),
  COMMAND(Fit.ANY, false),
  MANUAL(Fit.ANY, false);

  /** What target a trigger can act on. */
  public enum Fit {
    /** Any target. */
    ANY,
    /** The lab, or a Patroni cluster given by {@code failover.patroni.urls}. */
    PATRONI,
    /** Only the local lab: it signals processes on this machine. */
    LAB,
    /** Only configured endpoints of an AWS RDS cluster. */
    AWS
  }

  private final Fit fit;
  private final boolean labFault;

  TriggerKind(Fit fit, boolean labFault) {
    this.fit = fit;
    this.labFault = labFault;
  }

  /** As configured: {@code patroni-switchover}. */
  public String label() {
    return Labels.of(this);
  }

  public Fit fit() {
    return fit;
  }

  /** True when the lab can take it alone or in a fault matrix. */
  public boolean isLabFault() {
    return labFault;
  }

  public static Optional<TriggerKind> ofLabel(String label) {
    return Labels.parse(TriggerKind.class, label);
  }

  /** The labels of the kinds that {@code which} accepts, sorted: for messages. */
  public static List<String> labels(Predicate<TriggerKind> which) {
    return Arrays.stream(values()).filter(which).map(TriggerKind::label).sorted().toList();
  }

  @Override
  public String toString() {
    return label();
  }
}
