package io.pgfailover.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.DowntimeWindow;
import io.pgfailover.downtime.EndpointReport;
import io.pgfailover.downtime.EventMark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's two charts, drawn by the report's own Highstock 5.0.3 ({@code js/highstock.js}) from
 * inline data: OK/KO per bucket per endpoint with windows as plot bands and trigger events as plot
 * lines, and per-second throughput with mean latency.
 */
final class PageCharts {
  static final String TIMELINE_ID = "pgfTimeline";
  static final String PER_SECOND_ID = "pgfPerSecond";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PageCharts() {}

  static void containers(StringBuilder out) {
    Html.heading(out, "timeline", "Successes and failures per 100 ms");
    out.append("<div class=\"schema geant\"><div id=\"").append(TIMELINE_ID)
        .append("\" class=\"geant\"></div></div>\n");
    Html.heading(out, "throughput", "Throughput and latency per second");
    out.append("<div class=\"schema geant\"><div id=\"").append(PER_SECOND_ID)
        .append("\" class=\"geant\"></div></div>\n");
  }

  static String script(DowntimeReport report) {
    return "var pgfData = " + Html.scriptSafe(data(report)) + ";\n" + DRAW;
  }

  private static String data(DowntimeReport report) {
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
      m.put("latency", e.perSecond().meanOkLatencyMs());
      List<Map<String, Object>> windows = new ArrayList<>();
      for (DowntimeWindow w : e.windows()) {
        windows.add(Map.of("from", w.startEpochMicros() / 1000.0, "to", w.endEpochMicros() / 1000.0,
            "label", Fmt.duration(w.durationMs())));
      }
      m.put("windows", windows);
      endpoints.add(m);
    }
    List<Map<String, Object>> events = new ArrayList<>();
    for (EventMark ev : report.trigger().events()) {
      events.add(Map.of("name", ev.name(), "at", ev.epochMicros() / 1000.0));
    }
    try {
      return JSON.writeValueAsString(Map.of("endpoints", endpoints, "events", events));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("chart data cannot be serialised", ex);
    }
  }

  private static final String DRAW = """
      (function () {
        var okColors = ['#5E7BE2', '#68b65c', '#FFA900', '#9b59b6', '#1abc9c', '#34495e'];
        var koColors = ['#f15b4f', '#c0392b', '#e67e22', '#d35400', '#e84393', '#8e44ad'];
        function esc(s) {
          return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        }
        function pairs(start, step, values) {
          var out = [];
          for (var i = 0; i < values.length; i++) { out.push([start + i * step, values[i]]); }
          return out;
        }
        var bands = [], lines = [], timeline = [], perSecond = [];
        pgfData.endpoints.forEach(function (e, i) {
          var ok = okColors[i % okColors.length], ko = koColors[i % koColors.length];
          timeline.push({ name: e.name + ' OK', type: 'line', step: 'left', color: ok,
            data: pairs(e.bucketStart, e.bucketMs, e.ok) });
          timeline.push({ name: e.name + ' KO', type: 'column', color: ko,
            data: pairs(e.bucketStart, e.bucketMs, e.ko) });
          perSecond.push({ name: e.name + ' OK/s', type: 'line', color: ok, yAxis: 0,
            data: pairs(e.secondStart, 1000, e.okPerSecond) });
          perSecond.push({ name: e.name + ' mean latency', type: 'line', color: ok, yAxis: 1,
            dashStyle: 'ShortDash', data: pairs(e.secondStart, 1000, e.latency),
            tooltip: { valueSuffix: ' ms', valueDecimals: 1 } });
          e.windows.forEach(function (w) {
            bands.push({ from: w.from, to: w.to, color: 'rgba(241, 91, 79, 0.15)', zIndex: 0,
              label: { text: esc(e.name + ' ' + w.label), style: { color: ko }, y: 12 + 14 * i } });
          });
        });
        pgfData.events.forEach(function (ev) {
          lines.push({ value: ev.at, color: '#444', width: 1, dashStyle: 'Dash', zIndex: 5,
            label: { text: esc(ev.name), rotation: 90, x: 4, style: { fontSize: '10px' } } });
        });
        function chart(id, title, series, yAxis) {
          return new Highcharts.StockChart({
            chart: { renderTo: id, zoomType: 'x', marginBottom: 60 },
            credits: { enabled: false },
            title: { text: '<span class="chart_title">' + title + '</span>', useHTML: true },
            legend: { enabled: true, borderWidth: 0, itemStyle: { fontWeight: 'normal' } },
            rangeSelector: { enabled: false },
            navigator: { maskInside: false },
            scrollbar: { enabled: false },
            plotOptions: { series: { dataGrouping: { enabled: false }, turboThreshold: 0 } },
            xAxis: { type: 'datetime', ordinal: false, plotBands: bands, plotLines: lines },
            yAxis: yAxis,
            tooltip: { shared: true, xDateFormat: '%H:%M:%S.%L' },
            series: series
          });
        }
        Highcharts.setOptions({ global: { useUTC: false } });
        chart('pgfTimeline', 'Requests per 100 ms (OK line, KO columns; windows shaded)', timeline,
          [{ min: 0, title: { text: 'requests' }, opposite: false }]);
        chart('pgfPerSecond', 'Successes per second and mean OK latency', perSecond,
          [{ min: 0, title: { text: 'OK / s' }, opposite: false },
           { min: 0, title: { text: 'ms' }, opposite: true }]);
      })();
      """;
}
