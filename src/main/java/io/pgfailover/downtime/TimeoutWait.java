package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.record.ErrorClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The requests of one window that a client timeout ended, by the setting that fired: under a silent
 * fault this says which setting set the cost ("3 requests hung 10.0 s until pool.socket-timeout").
 * Durations are each request's own, start to end (a pool wait included).
 *
 * @param errorClass TIMEOUT, CONNECT_TIMEOUT or POOL_TIMEOUT (see {@link
 *     ErrorClass#timeoutSetting()})
 * @param setting the setting, as configured under {@code failover.}: {@code pool.socket-timeout};
 *     for CONNECT_TIMEOUT "pool.connect-timeout or pool.login-timeout", either of which may have
 *     ended the connect
 * @param configured its value for this endpoint, as the run's configuration gives it ({@code
 *     endpoints.<name>.socket-timeout} over {@code pool.socket-timeout}), "2s / 5s" for two
 *     settings; null when unknown
 */
@JsonPropertyOrder({"errorClass", "setting", "configured", "requests", "minMs", "meanMs", "maxMs"})
public record TimeoutWait(
    ErrorClass errorClass,
    String setting,
    @Nullable String configured,
    long requests,
    double minMs,
    double meanMs,
    double maxMs) {

  /** "3 requests hung 10.0 s until pool.socket-timeout (10s)", for the summary and the page. */
  public String sentence() {
    String hung =
        Math.abs(maxMs - minMs) < 50
            ? String.format(java.util.Locale.ROOT, "%.1f s", meanMs / 1000)
            : String.format(java.util.Locale.ROOT, "%.1f-%.1f s", minMs / 1000, maxMs / 1000);
    return requests
        + (requests == 1 ? " request " : " requests ")
        + (errorClass == ErrorClass.POOL_TIMEOUT ? "waited " : "hung ")
        + hung
        + " until "
        + setting
        + (configured == null ? "" : " (" + configured + ")");
  }

  /** The same wait with the endpoint's configured value of its setting filled in. */
  TimeoutWait configuredAs(@Nullable String value) {
    return new TimeoutWait(errorClass, setting, value, requests, minMs, meanMs, maxMs);
  }

  /**
   * The value of {@code setting} for endpoint {@code endpoint} in a run's configuration (keys as
   * {@code failover.pool.socket-timeout}): the endpoint's own, else the pool's; null when the run
   * folder does not say.
   */
  static @Nullable String configuredValue(
      Map<String, String> configuration, String endpoint, String setting) {
    List<String> values = new ArrayList<>();
    for (String one : setting.split(ErrorClass.SETTING_OR)) {
      String own =
          configuration.get(
              "failover.endpoints." + endpoint + "." + one.substring("pool.".length()));
      String value = own != null ? own : configuration.get("failover." + one);
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return String.join(" / ", values);
  }

  /** The windows with the endpoint's configured value of each timeout filled in. */
  static List<DowntimeWindow> configured(
      List<DowntimeWindow> windows, Map<String, String> configuration, String endpoint) {
    List<DowntimeWindow> out = new ArrayList<>(windows.size());
    for (DowntimeWindow w : windows) {
      out.add(
          w.timeouts().isEmpty()
              ? w
              : w.withTimeouts(
                  w.timeouts().stream()
                      .map(
                          t ->
                              t.configuredAs(configuredValue(configuration, endpoint, t.setting())))
                      .toList()));
    }
    return out;
  }

  /** Counts the timed-out requests of one window, per timeout class. State per class only. */
  static final class Tally {
    private final long[] count = new long[ErrorClass.values().length];
    private final long[] sumMicros = new long[count.length];
    private final long[] minMicros = new long[count.length];
    private final long[] maxMicros = new long[count.length];

    /** A failed request of the window; counted when a timeout ended it. */
    void failed(ErrorClass errorClass, long durationMicros) {
      if (errorClass.timeoutSetting().isEmpty()) {
        return;
      }
      int c = errorClass.ordinal();
      minMicros[c] = count[c] == 0 ? durationMicros : Math.min(minMicros[c], durationMicros);
      maxMicros[c] = Math.max(maxMicros[c], durationMicros);
      sumMicros[c] += durationMicros;
      count[c]++;
    }

    /** The waits, in the order of the classes' declaration; configured values not filled in. */
    List<TimeoutWait> waits() {
      List<TimeoutWait> waits = new ArrayList<>();
      for (ErrorClass e : ErrorClass.values()) {
        int c = e.ordinal();
        if (count[c] > 0) {
          waits.add(
              new TimeoutWait(
                  e,
                  e.timeoutSetting().orElseThrow(),
                  null,
                  count[c],
                  Maps.ms(minMicros[c]),
                  Maps.ms(Math.round((double) sumMicros[c] / count[c])),
                  Maps.ms(maxMicros[c])));
        }
      }
      return waits;
    }
  }
}
