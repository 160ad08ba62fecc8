package io.pgfailover.workload.tpcb;

import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TpcbMode;
import io.pgfailover.config.WorkloadSettings;
import io.pgfailover.workload.WeightedOperation;
import io.pgfailover.workload.Workload;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * pgbench's workload in Gatling: one pgbench script (a built-in mode or the user's file) as the
 * single operation, its {@code \set} variables from a {@link ScriptFeeder}, on the pgbench tables
 * at a scale factor ({@link TpcbSchema}). One request is one script run, so requests per second are
 * pgbench's TPS. Immutable.
 */
public final class TpcbWorkload implements Workload {
  public static final String NAME = WorkloadSettings.TPCB;

  private final PgbenchScript script;
  private final int scale;
  private final List<WeightedOperation> weighted;

  public TpcbWorkload(PgbenchScript script, int scale) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1, got " + scale);
    }
    this.script = script;
    this.scale = scale;
    this.weighted = List.of(new WeightedOperation(new ScriptOperation(script), 100));
  }

  /**
   * The workload {@code failover.workload.tpcb.*} describes: the built-in mode, or the script file
   * when one is given. For {@code FailoverRun.prepare("TpcbFailover", TpcbWorkload::fromSettings)}.
   *
   * @throws SettingsException naming the key when the script cannot be read or parsed
   */
  public static TpcbWorkload fromSettings(WorkloadSettings settings) {
    WorkloadSettings.Tpcb t = settings.tpcb();
    String key =
        t.script().isEmpty() ? "failover.workload.tpcb.mode" : "failover.workload.tpcb.script";
    try {
      PgbenchScript script =
          t.script().isEmpty()
              ? PgbenchScript.builtin(t.mode())
              : PgbenchScript.load(Path.of(t.script()));
      return new TpcbWorkload(script, t.scale());
    } catch (ScriptException e) {
      throw new SettingsException(
          key,
          "The pgbench script cannot be used: "
              + e.getMessage()
              + ". Fix it, or set failover.workload.tpcb.script = \"\" to run a built-in mode ("
              + TpcbMode.labels()
              + ").");
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  public PgbenchScript script() {
    return script;
  }

  public int scale() {
    return scale;
  }

  @Override
  public boolean prepare(DataSource writer) throws SQLException {
    return TpcbSchema.prepare(writer, scale);
  }

  @Override
  public List<WeightedOperation> weightedOperations() {
    return weighted;
  }

  @Override
  public Iterator<Map<String, Object>> feeder() {
    return new ScriptFeeder(script, scale);
  }
}
