package io.pgfailover.report;

import io.pgfailover.record.ErrorClass;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Number and time formats shared by the console summary and the page. */
final class Fmt {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final DateTimeFormatter DATE_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z");

  private Fmt() {}

  static String clock(long epochMicros, ZoneId zone) {
    return CLOCK.format(Instant.ofEpochMilli(Math.floorDiv(epochMicros, 1000L)).atZone(zone));
  }

  static String dateClock(long epochMicros, ZoneId zone) {
    return DATE_CLOCK.format(Instant.ofEpochMilli(Math.floorDiv(epochMicros, 1000L)).atZone(zone));
  }

  /** "UTC", "Europe/Paris (UTC+01:00)": the zone and its offset at that instant. */
  static String zoneLabel(ZoneId zone, long epochMicros) {
    if (zone.normalized().equals(ZoneOffset.UTC)) {
      return "UTC";
    }
    ZoneOffset offset =
        zone.getRules().getOffset(Instant.ofEpochMilli(Math.floorDiv(epochMicros, 1000L)));
    String id = offset.getId().equals("Z") ? "+00:00" : offset.getId();
    return zone.getId() + " (UTC" + id + ")";
  }

  /** A duration in ms: "842.3 ms" below 10 s, "12.345 s" above. */
  static String duration(double ms) {
    return Math.abs(ms) < 10_000 ? num(ms, 1) + " ms" : num(ms / 1000.0, 3) + " s";
  }

  /** "+137.2 ms", "-12.0 ms". */
  static String signedDuration(double ms) {
    return (ms >= 0 ? "+" : "-") + duration(Math.abs(ms));
  }

  /** A moment after the trigger: "+1.377 s"; "-" when unknown. */
  static String relative(Double ms) {
    return ms == null ? "-" : String.format(Locale.ROOT, "%+.3f s", ms / 1000.0);
  }

  static String durationOrDash(Double ms) {
    return ms == null ? "-" : duration(ms);
  }

  static String num(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String signedPct(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%+.1f %%", value);
  }

  static String signedPts(double value) {
    return String.format(Locale.ROOT, "%+.2f pts", value);
  }

  /** "CONNECT_FAILED 2, SHUTDOWN 1", or "none". */
  static String classes(Map<ErrorClass, Long> byClass) {
    return counts(byClass);
  }

  static String counts(Map<?, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringJoiner out = new StringJoiner(", ");
    counts.forEach((k, v) -> out.add(k + " " + v));
    return out.toString();
  }
}
