package io.pgfailover.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.DowntimeWindow;
import io.pgfailover.downtime.EndpointReport;
import io.pgfailover.downtime.EventMark;
import io.pgfailover.downtime.WindowKind;
import io.pgfailover.record.EventName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's two charts, drawn by the report's own Highstock 5.0.3 ({@code js/highstock.js}) from
 * inline data by {@code failover-charts.js}: OK/KO per bucket in one pane per endpoint with its
 * workload windows shaded red (stalls lighter) and its path windows as a blue band at the top and
 * the trigger events as numbered lines (each failover-start of a series as a solid blue line
 * labelled with its round), and per-second throughput, failures and mean latency. Both open zoomed
 * on the failover; the navigator zooms out, and Highstock groups the buckets of a long run when
 * zoomed out (the script says how).
 */
final class PageCharts {
  static final String TIMELINE_ID = "pgfTimeline";
  static final String PER_SECOND_ID = "pgfPerSecond";

  /** The charts open on the failover: this much before the first window and after the last. */
  static final long VIEW_MARGIN_MS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DRAW = resource("failover-charts.js");

  private PageCharts() {}

  static void timeline(StringBuilder out, DowntimeReport report) {
    Html.heading(
        out, "timeline", "Successes and failures per " + report.settings().bucketMs() + " ms");
    chartDiv(out, TIMELINE_ID);
  }

  static void perSecond(StringBuilder out) {
    Html.heading(out, "throughput", "Throughput and latency per second");
    chartDiv(out, PER_SECOND_ID);
  }

  private static void chartDiv(StringBuilder out, String id) {
    out.append("<div class=\"schema pgf-chart\"><div id=\"").append(id).append("\"></div></div>\n");
  }

  static String script(DowntimeReport report, ZoneId zone) {
    return "var pgfData = " + Html.scriptSafe(data(report, zone)) + ";\n" + DRAW;
  }

  private static String data(DowntimeReport report, ZoneId zone) {
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (EndpointReport e : report.endpoints().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.name());
      m.put("bucketStart", e.timeline().firstBucketEpochMs());
      m.put("bucketMs", e.timeline().bucketMs());
      m.put("ok", e.timeline().ok());
      m.put("ko", e.timeline().ko());
      m.put("secondStart", e.perSecond().firstSecondEpochMs());
      m.put("okPerSecond", e.perSecond().ok());
      m.put("koPerSecond", e.perSecond().ko());
      m.put("latency", e.perSecond().meanOkLatencyMs());
      m.put("windows", windows(e.windows()));
      m.put("pathWindows", e.path() == null ? List.of() : windows(e.path().windows()));
      endpoints.add(m);
    }
    List<Map<String, Object>> events = new ArrayList<>();
    for (EventMark ev : report.trigger().events()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", ev.name());
      m.put("at", ev.epochMicros() / 1000.0);
      if (EventName.FAILOVER_START.label().equals(ev.name())) {
        m.put("failover", ev.detail()); // "#2 kill-primary": drawn as a round marker
      }
      events.add(m);
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("timelineId", TIMELINE_ID);
    all.put("perSecondId", PER_SECOND_ID);
    all.put("bucketMs", report.settings().bucketMs());
    all.put("marginMs", VIEW_MARGIN_MS);
    Long asked = report.trigger().askedEpochMicros();
    all.put("askedMs", asked == null ? null : asked / 1000.0);
    // Highcharts draws in this fixed offset, so the charts read like the tables whatever the
    // browser's zone; the offset of the run's start holds for the whole (short) run.
    ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochMilli(report.runStartEpochMs()));
    all.put("timezoneOffsetMinutes", -offset.getTotalSeconds() / 60);
    all.put("zoneLabel", Fmt.zoneLabel(zone, report.runStartEpochMs() * 1000L));
    all.put("endpoints", endpoints);
    all.put("events", events);
    try {
      return JSON.writeValueAsString(all);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("chart data cannot be serialised", ex);
    }
  }

  private static List<Map<String, Object>> windows(List<DowntimeWindow> list) {
    List<Map<String, Object>> windows = new ArrayList<>();
    for (DowntimeWindow w : list) {
      windows.add(
          Map.of(
              "from",
              w.startEpochMicros() / 1000.0,
              "to",
              w.endEpochMicros() / 1000.0,
              "label",
              (w.kind() == WindowKind.STALL ? "stall " : "") + Fmt.duration(w.durationMs()),
              "stall",
              w.kind() == WindowKind.STALL));
    }
    return windows;
  }

  private static String resource(String name) {
    try (InputStream in = PageCharts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
