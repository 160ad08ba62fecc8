package io.pgfailover.workload.tpcb;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An endless Gatling feeder running a script's {@code \set} commands: each {@link #next()} is one
 * transaction's variables ({@code Long} or {@code Double} values, plus {@code scale}). The script's
 * SQL reads nothing back from the database into variables, so evaluating every {@code \set} before
 * the SQL gives the values pgbench would compute. Thread-safe (draws from {@link
 * ThreadLocalRandom}), never exhausted.
 */
public final class ScriptFeeder implements Iterator<Map<String, Object>> {
  private final SetCommand[] sets;
  private final String[] names;
  private final Num scale;
  private final int capacity;

  public ScriptFeeder(PgbenchScript script, int scale) {
    this.sets = script.sets().toArray(new SetCommand[0]);
    List<String> variables = script.variables();
    this.names = variables.toArray(new String[0]);
    this.scale = Num.of((long) scale);
    this.capacity = (int) (names.length / 0.75f) + 1;
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Map<String, Object> next() {
    Num[] vars = values(ThreadLocalRandom.current());
    Map<String, Object> feed = new HashMap<>(capacity);
    for (int i = 0; i < names.length; i++) {
      feed.put(names[i], vars[i].boxed());
    }
    return feed;
  }

  /** One evaluation of every {@code \set}, in script order; slot i holds variable i. */
  Num[] values(ThreadLocalRandom random) {
    Num[] vars = new Num[names.length];
    vars[0] = scale;
    for (SetCommand set : sets) {
      try {
        vars[set.slot()] = set.expression().eval(vars, random);
      } catch (ScriptException e) {
        throw new ScriptException(
            "line " + set.line() + ", \\set " + set.name() + ": " + e.getMessage());
      }
    }
    return vars;
  }
}
