package io.pgfailover.report;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.EndpointReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover page ({@value #FILE_NAME}) attached to a Gatling HTML report. Gatling has no API for
 * report extensions, so the page is written into the report folder and reuses that folder's CSS
 * ({@code style/}) and Highstock ({@code js/highstock.js}, {@code js/theme.js}); it loads nothing
 * from the network. {@link #link} adds a menu entry to the report's {@code index.html}.
 */
public final class FailoverPage {
  public static final String FILE_NAME = "failover.html";
  private static final Logger LOG = LoggerFactory.getLogger(FailoverPage.class);
  private static final String LINK_ID = "failover_link";
  private static final Pattern DETAILS_HREF =
      Pattern.compile("id=\"details_link\" href=\"([A-Za-z0-9_.-]+\\.html)\"");
  private static final String LINK =
      "<div class=\"item\"><a id=\"" + LINK_ID + "\" href=\"" + FILE_NAME + "\">Failover</a></div>";
  private static final String OLD_LINK =
      "<div class=\"item\"><a id=\""
          + LINK_ID
          + "\" href=\""
          + FILE_NAME
          + "\">Failover downtime</a></div>";

  private FailoverPage() {}

  /**
   * Writes failover.html and a copy of failover.json (and the JUnit file) into the report folder;
   * returns the page.
   */
  public static Path write(DowntimeReport report, Path gatlingReportDir) throws IOException {
    return write(report, gatlingReportDir, ZoneId.systemDefault());
  }

  public static Path write(DowntimeReport report, Path gatlingReportDir, ZoneId zone)
      throws IOException {
    if (!Files.isDirectory(gatlingReportDir)) {
      throw new NoSuchFileException(
          gatlingReportDir.toString(),
          null,
          "not a Gatling report folder: the failover page is written into an existing report");
    }
    if (!Files.exists(gatlingReportDir.resolve("js/highstock.js"))) {
      LOG.warn(
          "[report] {} has no js/highstock.js: the failover page's charts will not draw",
          gatlingReportDir);
    }
    JsonReport.write(report, gatlingReportDir.resolve(JsonReport.FILE_NAME));
    JunitReport.writeInto(report, gatlingReportDir);
    Path page = gatlingReportDir.resolve(FILE_NAME);
    writeAtomically(page, render(report, zone, detailsHref(gatlingReportDir)));
    return page;
  }

  /**
   * Adds a "Failover downtime" entry next to "Global"/"Details" in the report's index.html.
   * Idempotent: a page that already has the link is left unchanged.
   *
   * @return true when index.html was changed
   */
  public static boolean link(Path gatlingReportDir) throws IOException {
    Path index = gatlingReportDir.resolve("index.html");
    String html = Files.readString(index, StandardCharsets.UTF_8);
    if (html.contains(LINK)) {
      return false;
    }
    if (html.contains(OLD_LINK)) { // written by an earlier version: its label wrapped in the tab
      writeAtomically(index, html.replace(OLD_LINK, LINK));
      return true;
    }
    if (html.contains("id=\"" + LINK_ID + "\"")) {
      return false;
    }
    String spacer = "<div class=\"sous-menu-spacer\">";
    int at = html.indexOf(spacer);
    String linked;
    if (at >= 0) {
      // after the last menu item inside the spacer, i.e. before the spacer's closing tag
      int details = html.indexOf("id=\"details_link\"", at);
      int insertAt =
          details >= 0 ? html.indexOf("</div>", details) + "</div>".length() : at + spacer.length();
      linked = html.substring(0, insertAt) + "\n" + LINK + html.substring(insertAt);
    } else {
      int body = html.indexOf("<body>");
      int insertAt = body >= 0 ? body + "<body>".length() : 0;
      linked =
          html.substring(0, insertAt)
              + "\n<div class=\"pgf-banner\"><a id=\""
              + LINK_ID
              + "\" href=\""
              + FILE_NAME
              + "\">Failover downtime report</a></div>"
              + html.substring(insertAt);
    }
    writeAtomically(index, linked);
    return true;
  }

  /** The report's "Details" page as index.html links it, or null: our page shows the same tab. */
  static String detailsHref(Path gatlingReportDir) throws IOException {
    Path index = gatlingReportDir.resolve("index.html");
    if (!Files.exists(index)) {
      return null;
    }
    Matcher m = DETAILS_HREF.matcher(Files.readString(index, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : null;
  }

  static String render(DowntimeReport report, ZoneId zone) {
    return render(report, zone, null);
  }

  static String render(DowntimeReport report, ZoneId zone, String detailsHref) {
    StringBuilder body = new StringBuilder(64 * 1024);
    StringBuilder nav = new StringBuilder();
    navItem(nav, "comparison", "Comparison");
    boolean failovers = PageFailovers.shown(report);
    if (failovers) {
      navItem(nav, "failovers", "Failovers");
    }
    navItem(nav, "timeline", "Timeline");
    navItem(nav, "events", "Events");
    navItem(nav, "throughput", "Throughput");
    for (String name : report.endpoints().keySet()) {
      navItem(nav, "endpoint-" + name, "Endpoint " + name);
    }
    navItem(nav, "heartbeat", "Heartbeat");
    navItem(nav, "configuration", "Configuration");
    navItem(nav, "notes", "Notes");

    // the answer first (seed 000 section 6: "proxy downtime +66.8 % vs direct"), then the evidence
    PageFailovers.interrupted(body, report, zone);
    PageFailovers.sloVerdict(body, report);
    PageSections.comparison(body, report);
    PageSections.poolWait(body, report, zone);
    Html.paragraph(body, summaryLine(report, zone));
    body.append("<p class=\"pgf-text\"><a href=\"")
        .append(JsonReport.FILE_NAME)
        .append("\">failover.json</a> holds every figure of this page.</p>\n");
    if (failovers) {
      PageFailovers.failovers(body, report, zone);
    }
    PageCharts.timeline(body, report);
    PageSections.events(body, report, zone);
    PageCharts.perSecond(body);
    for (EndpointReport e : report.endpoints().values()) {
      PageSections.endpoint(body, e, zone);
    }
    PageSections.heartbeat(body, report, zone);
    PageSections.configuration(body, report);
    PageSections.notes(body, report);

    String title =
        report.simulation() == null
            ? "Failover downtime"
            : report.simulation() + " - failover downtime";
    return PageTemplate.page(
        title, detailsHref, nav.toString(), body.toString(), PageCharts.script(report, zone));
  }

  private static String summaryLine(DowntimeReport r, ZoneId zone) {
    StringBuilder s = new StringBuilder();
    if (r.runId() != null) {
      s.append("Run ").append(r.runId()).append(". ");
    }
    if (r.runStartEpochMicros() > 0) {
      s.append("From ")
          .append(Fmt.dateClock(r.runStartEpochMicros(), zone))
          .append(" to ")
          .append(Fmt.clock(r.runEndEpochMicros(), zone))
          .append(". ");
    }
    s.append("Trigger: ").append(r.trigger().kind() == null ? "none" : r.trigger().kind());
    if (r.rounds().size() > 1) {
      s.append(", ").append(r.rounds().size()).append(" failovers");
    }
    if (r.trigger().askedEpochMicros() != null) {
      s.append(r.rounds().size() > 1 ? ", the first asked at " : ", asked at ")
          .append(Fmt.clock(r.trigger().askedEpochMicros(), zone));
    }
    s.append(". A window is a gap of more than ")
        .append(r.settings().gapThresholdMs())
        .append(
            " ms between consecutive successful completions of an endpoint, from the last"
                + " success before it to the first success after it. All times are wall clock in ")
        .append(Fmt.zoneLabel(zone, r.runStartEpochMicros()))
        .append(". The charts open on the failover; drag the navigator below a chart to zoom out.");
    return s.toString();
  }

  private static void navItem(StringBuilder nav, String anchor, String label) {
    nav.append("<li><a class=\"item\" href=\"#")
        .append(Html.esc(anchor))
        .append("\"><span class=\"nav-label\">")
        .append(Html.esc(label))
        .append("</span></a></li>\n");
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
