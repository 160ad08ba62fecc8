package io.pgfailover.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.RunFolder;
import io.pgfailover.downtime.SampleRun;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverPageTest {

  /** A report folder holding the index.html of a real Gatling 3.16.0 report. */
  private static Path reportDir(Path root) throws Exception {
    Path dir = Files.createDirectories(root.resolve("proxyfailover-20251122035543509"));
    try (InputStream in = FailoverPageTest.class.getResourceAsStream("gatling-3.16-index.html")) {
      Files.write(dir.resolve("index.html"), in.readAllBytes());
    }
    return dir;
  }

  @Test
  void pageShowsTheReportAndEscapesText(@TempDir Path tmp) throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    SampleRun.write(run);
    DowntimeReport report = RunFolder.analyze(run);
    Path dir = reportDir(tmp);
    Path page = FailoverPage.write(report, dir, ZoneOffset.UTC);
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertTrue(Files.exists(dir.resolve(JsonReport.FILE_NAME)));
    assertTrue(html.contains("<link href=\"style/style.css\""));
    assertTrue(html.contains("<script src=\"js/highstock.js\"></script>"));
    assertFalse(html.contains("src=\"http"), "no network resources");
    // direct's windows (T0 = 2025-11-13T02:13:20Z): its heartbeats (the path) stop succeeding
    // from 1.000 s to 1.800 s, its reads (the workload), which end 0.5 ms earlier, 0.9995-1.7995 s
    assertTrue(
        html.contains("<td>outage</td><td>02:13:21.000</td><td>02:13:21.800</td>"),
        "path window bounds");
    assertTrue(
        html.contains("<td>outage</td><td>02:13:20.999</td><td>02:13:21.799</td>"),
        "workload window bounds");
    assertTrue(html.contains("Path windows (the probe, on its own connection): outage 800.0 ms"));
    assertTrue(
        html.contains("id=\"pool\"") && html.contains("sleeps 10 ms and doubles"),
        "the pool section explains HikariCP's schedule");
    assertTrue(html.contains("\"pathWindows\":[{"), "path windows drawn on the chart");
    assertTrue(html.contains("CONNECT_FAILED 79, CONNECTION_LOST 79"));
    assertTrue(html.contains("switchover to &lt;node2&gt; &amp; co"), "event detail escaped");
    assertFalse(html.contains("<node2>"));
    assertTrue(html.contains("endpoints.direct.password</td><td>******"));
    assertTrue(html.contains("plotBands: bands") && html.contains("\"ok\":["));
    assertTrue(html.contains("lost") && html.contains("(seq 50)"));
  }

  @Test
  void pageLeadsWithTheComparisonAndOpensTheChartsOnTheFailover(@TempDir Path tmp)
      throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    SampleRun.write(run);
    DowntimeReport report = RunFolder.analyze(run);
    Path dir = reportDir(tmp);
    String html = Files.readString(FailoverPage.write(report, dir, ZoneOffset.UTC));
    int comparison = html.indexOf("id=\"comparison\"");
    int timeline = html.indexOf("id=\"timeline\"");
    int events = html.indexOf("id=\"events\"");
    int perSecond = html.indexOf("id=\"throughput\"");
    assertTrue(
        0 < comparison && comparison < timeline && timeline < events && events < perSecond,
        "comparison, timeline, its events, then per second");
    assertTrue(
        html.matches("(?s).*<li><b>\\w+ path downtime [+-]\\d+\\.\\d %" + " vs direct</b>.*"),
        "headline like 'proxy path downtime +66.8 % vs direct'");
    // the events table is numbered like the chart labels and timed from the trigger
    assertTrue(html.contains("<th>#</th><th>Time</th><th>From asked</th>"));
    assertTrue(html.contains("+0.0 ms</td><td>asked</td>"));
    assertTrue(html.contains("\"marginMs\":10000"));
    assertTrue(html.contains("\"timezoneOffsetMinutes\":0"));
    assertTrue(html.contains("All times are wall clock in UTC"));
    assertTrue(html.contains("drawEventLabels"), "labels drawn by the page, not by Highstock");
    // the report's own tabs: Global, Details (read from index.html), Failover
    assertTrue(html.contains("<a href=\"req_"));
    assertTrue(html.contains("<div class=\"item ouvert\"><a href=\"failover.html\">Failover"));
  }

  @Test
  void chartsTellTheZoneOffsetOfTheRun(@TempDir Path tmp) throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    SampleRun.write(run);
    DowntimeReport report = RunFolder.analyze(run);
    // run in November: Paris is UTC+1, which Highcharts writes as -60 (minutes west of UTC)
    String html = FailoverPage.render(report, java.time.ZoneId.of("Europe/Paris"));
    assertTrue(html.contains("\"timezoneOffsetMinutes\":-60"));
    assertTrue(html.contains("Europe/Paris (UTC+01:00)"));
  }

  @Test
  void linkIsInsertedOnceIntoTheMenu(@TempDir Path tmp) throws Exception {
    Path dir = reportDir(tmp);
    assertTrue(FailoverPage.link(dir));
    String once = Files.readString(dir.resolve("index.html"));
    assertFalse(FailoverPage.link(dir));
    String twice = Files.readString(dir.resolve("index.html"));
    assertEquals(once, twice);
    assertEquals(1, once.split("href=\"failover.html\"", -1).length - 1);
    int spacer = once.indexOf("sous-menu-spacer");
    int details = once.indexOf("id=\"details_link\"");
    int link = once.indexOf("id=\"failover_link\"");
    assertTrue(spacer < details && details < link && link < once.indexOf("content-in"));
  }

  @Test
  void linkOfAnEarlierVersionIsRelabelled(@TempDir Path tmp) throws Exception {
    Path dir = reportDir(tmp);
    FailoverPage.link(dir);
    Path index = dir.resolve("index.html");
    String shortLabel = ">Failover</a>";
    Files.writeString(index, Files.readString(index).replace(shortLabel, ">Failover downtime</a>"));
    assertTrue(FailoverPage.link(dir));
    String html = Files.readString(index);
    assertTrue(html.contains(shortLabel) && !html.contains("Failover downtime"));
    assertEquals(1, html.split("id=\"failover_link\"", -1).length - 1);
  }

  @Test
  void linkFallsBackToABannerOnAnUnknownLayout(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("index.html"), "<html><body><p>report</p></body></html>");
    assertTrue(FailoverPage.link(tmp));
    assertTrue(
        Files.readString(tmp.resolve("index.html"))
            .startsWith("<html><body>\n<div class=\"pgf-banner\"><a id=\"failover_link\""));
  }

  @Test
  void seriesPageShowsTheSloVerdictFirstThenRoundsMatrixAndSeries(@TempDir Path tmp)
      throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    SampleRun.writeSeries(run);
    String html = FailoverPage.render(RunFolder.analyze(run), ZoneOffset.UTC);
    int slo = html.indexOf("<div id=\"slo\" class=\"pgf-slo pgf-slo-bad\"><b>SLO failed</b>");
    int comparison = html.indexOf("id=\"comparison\"");
    int failovers = html.indexOf("<h2 class=\"pgf-title\" id=\"failovers\">Failovers (3)</h2>");
    int timeline = html.indexOf("id=\"timeline\"");
    assertTrue(
        0 < slo && slo < comparison && comparison < failovers && failovers < timeline,
        "SLO verdict, comparison, failovers, timeline");
    assertTrue(
        html.contains(
            "<li>SLO failover.slo.max-downtime = 5000 ms (path downtime) exceeded"
                + " by direct in round 3 (kill-primary): 6 000 ms, 1 000 ms over</li>"));
    assertTrue(html.contains("href=\"#failovers\""), "nav entry");
    // rounds table: round 3 never settled
    assertTrue(
        html.contains(
            "<td>3</td><td>kill-primary</td><td>02:13:44.999</td>"
                + "<td>02:13:44.999</td><td class=\"pgf-bad\">not seen</td>"),
        "round 3 row");
    // the matrix: kinds differ
    assertTrue(html.contains("<th>Scenario</th><th>direct</th><th>proxy</th><th>Settle time</th>"));
    assertTrue(
        html.contains(
            "<td>#2 patroni-switchover</td><td class=\"pgf-bad\">path 500.0 ms,"
                + " 49 failed, lost -, indeterminate -</td><td>path 0.0 ms, 0 failed, lost -, indeterminate"
                + " -</td><td>3000.0 ms</td>"),
        "matrix row of round 2");
    // series statistics with buckets, availability and nines
    assertTrue(html.contains("<th>Rounds down 0-5 s</th><th>Rounds down 5-10 s</th>"));
    assertTrue(html.contains("<td>78.2051 %</td><td>0.66</td>"), "availability and nines");
    assertTrue(html.contains("Yearly downtime at this availability"));
    // in a series, events are timed from their own round's asked
    assertTrue(html.contains("<th>From its round&#39;s asked</th>"));
    assertTrue(html.contains("<td>02:13:37.999</td><td>+3000.0 ms</td><td>cluster-settled</td>"));
    // the chart marks each failover-start with its round
    assertTrue(html.contains("\"name\":\"failover-start\",\"at\":"));
    assertTrue(html.contains("\"failover\":\"#2 patroni-switchover\""));
  }

  @Test
  void singleFailoverPageHasNoFailoversSectionNorSloVerdict(@TempDir Path tmp) throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    SampleRun.write(run);
    String html = FailoverPage.render(RunFolder.analyze(run), ZoneOffset.UTC);
    assertFalse(html.contains("id=\"failovers\""));
    assertFalse(html.contains("id=\"slo\""));
  }

  @Test
  void passedSloIsGreen(@TempDir Path tmp) throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    SampleRun.writeSeries(run);
    DowntimeReport report =
        RunFolder.analyze(
            run,
            RunFolder.settings(run).withSlo(new io.pgfailover.downtime.SloSettings(6_000.0, null)));
    String html = FailoverPage.render(report, ZoneOffset.UTC);
    assertTrue(
        html.contains(
            "<div id=\"slo\" class=\"pgf-slo pgf-slo-ok\"><b>SLO passed</b>"
                + " (max-downtime 6000 ms per failover on the path downtime)</div>"),
        "green verdict");
  }
}
