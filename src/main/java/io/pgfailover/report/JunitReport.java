package io.pgfailover.report;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.SloCheck;
import io.pgfailover.downtime.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run's SLOs as a JUnit XML report ({@value #FILE_NAME}, beside {@code failover.json}), in the
 * Surefire format Jenkins, GitLab and GitHub test reporters read: Gatling stopped writing its
 * {@code assertions.xml} in 3.13.5.
 *
 * <p>One test case per SLO and endpoint, and per round for the downtime SLO: the class name is the
 * SLO's key ({@code failover.slo.max-downtime}), the name the endpoint and round. A missed SLO is a
 * {@code failure} with the SLO's message, an SLO whose figure is unknown (heartbeat rows not read)
 * is {@code skipped}. One more case, {@code failover.verdict}, fails when the lost-write check
 * could not run and is an {@code error} when the run was interrupted, so a run without SLOs still
 * tells CI whether it ended well. The name starts with {@code TEST-}, Surefire's own prefix, so CI
 * patterns such as {@code **}{@code /TEST-*.xml} find it.
 */
public final class JunitReport {
  public static final String FILE_NAME = "TEST-failover.xml";

  static final String SCHEMA_LOCATION =
      "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd";
  static final String VERDICT_CLASS = "failover.verdict";

  private JunitReport() {}

  /** Writes {@value #FILE_NAME} into {@code dir} atomically (temp file + rename). */
  public static Path writeInto(DowntimeReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      write(report, out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  static void write(DowntimeReport report, Writer out) throws IOException {
    List<SloCheck> checks = report.slo().checks();
    Verdict verdict = report.verdict();
    long failures =
        checks.stream().filter(c -> c.status() == SloCheck.Status.MISSED).count()
            + (verdict == Verdict.UNVERIFIED ? 1 : 0);
    long skipped = checks.stream().filter(c -> c.status() == SloCheck.Status.UNCHECKED).count();
    long errors = verdict == Verdict.INTERRUPTED ? 1 : 0;
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
      xml.writeAttribute(
          "http://www.w3.org/2001/XMLSchema-instance",
          "noNamespaceSchemaLocation",
          SCHEMA_LOCATION);
      xml.writeAttribute("version", "3.0");
      xml.writeAttribute("name", suiteName(report));
      xml.writeAttribute(
          "time", seconds(report.runEndEpochMicros() - report.runStartEpochMicros()));
      xml.writeAttribute("tests", String.valueOf(checks.size() + 1));
      xml.writeAttribute("errors", String.valueOf(errors));
      xml.writeAttribute("skipped", String.valueOf(skipped));
      xml.writeAttribute("failures", String.valueOf(failures));
      properties(xml, report);
      for (SloCheck check : checks) {
        testCase(xml, check);
      }
      verdictCase(xml, report, verdict);
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write " + FILE_NAME, e);
    }
  }

  private static void properties(XMLStreamWriter xml, DowntimeReport report)
      throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("properties");
    property(xml, "runId", report.runId());
    property(xml, "simulation", report.simulation());
    property(xml, "trigger", report.trigger().kind());
    property(xml, "verdict", report.verdict().label());
    property(xml, "exitStatus", String.valueOf(report.exitStatus()));
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", text(String.valueOf(value)));
  }

  private static void testCase(XMLStreamWriter xml, SloCheck check) throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", caseName(check));
    xml.writeAttribute("classname", check.slo());
    xml.writeAttribute("time", "0");
    String detail = text(check.detail());
    switch (check.status()) {
      case MISSED -> {
        xml.writeStartElement("failure");
        xml.writeAttribute("message", detail);
        xml.writeAttribute("type", check.slo());
        xml.writeCharacters(detail);
        xml.writeEndElement();
      }
      case UNCHECKED -> {
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", detail);
      }
      case PASSED -> {
        xml.writeStartElement("system-out");
        xml.writeCharacters(detail);
        xml.writeEndElement();
      }
    }
    xml.writeEndElement();
  }

  private static void verdictCase(XMLStreamWriter xml, DowntimeReport report, Verdict verdict)
      throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", "run");
    xml.writeAttribute("classname", VERDICT_CLASS);
    xml.writeAttribute("time", seconds(report.runEndEpochMicros() - report.runStartEpochMicros()));
    String line = text(verdict.lastLine());
    if (verdict == Verdict.UNVERIFIED || verdict == Verdict.INTERRUPTED) {
      xml.writeStartElement(verdict == Verdict.INTERRUPTED ? "error" : "failure");
      xml.writeAttribute("message", line);
      xml.writeAttribute("type", verdict.label());
      xml.writeCharacters(line);
      xml.writeEndElement();
    } else {
      xml.writeStartElement("system-out");
      xml.writeCharacters(line);
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static String suiteName(DowntimeReport report) {
    String simulation = report.simulation() == null ? "run" : report.simulation();
    return "failover." + simulation;
  }

  /** "direct", or "direct, round 2 (kill-primary)" for a per-round SLO. */
  static String caseName(SloCheck check) {
    if (check.round() == null) {
      return check.endpoint();
    }
    return check.endpoint()
        + ", round "
        + check.round()
        + (check.roundKind() == null ? "" : " (" + check.roundKind() + ")");
  }

  /** Seconds with three decimals and no grouping, as the schema's time type wants them. */
  static String seconds(long micros) {
    return String.format(Locale.ROOT, "%.3f", Math.max(0, micros) / 1e6);
  }

  /** XML 1.0 cannot carry most control characters, even escaped. */
  private static String text(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '?' : c);
    }
    return out.toString();
  }
}
