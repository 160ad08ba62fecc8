package io.pgfailover.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.RunFolder;
import io.pgfailover.downtime.SampleRun;
import io.pgfailover.downtime.SloCheck;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JUnit file is valid against Surefire's JUnit XML schemas (the 3.0 one Surefire reports name,
 * and its current revision, both unpacked from Surefire's source releases by the build) and says
 * what the SLO evaluation found, case by case.
 */
class JunitReportTest {
  private static final String SCHEMA_3_0 =
      "/junit-schemas/surefire-3.0.0/maven-surefire-plugin/src/site/resources/xsd/"
          + "surefire-test-report-3.0.xsd";
  private static final String SCHEMA_CURRENT =
      "/junit-schemas/surefire-3.5.3/maven-surefire-plugin/src/site/resources/xsd/"
          + "surefire-test-report.xsd";

  @Test
  void aSeriesWithAMissedDowntimeHasOneCasePerEndpointAndRoundAndIsValid(@TempDir Path dir)
      throws Exception {
    SampleRun.writeSeries(dir);
    DowntimeReport report = RunFolder.analyze(dir);
    Path file = JunitReport.writeInto(report, dir);

    assertEquals(JunitReport.FILE_NAME, file.getFileName().toString());
    validate(file);
    Document xml = parse(file);
    List<SloCheck> checks = report.slo().checks();
    long missed = checks.stream().filter(c -> c.status() == SloCheck.Status.MISSED).count();
    assertTrue(missed > 0, "the sample series misses its downtime SLO in round 3");
    assertEquals(report.slo().violations().size(), missed);

    List<Element> cases = elements(xml.getDocumentElement(), "testcase");
    assertEquals(checks.size() + 1, cases.size(), "one case per check, and the verdict");
    long downtimeCases =
        cases.stream()
            .filter(c -> c.getAttribute("classname").equals("failover.slo.max-downtime"))
            .count();
    assertEquals(report.rounds().size() * report.endpoints().size(), downtimeCases);
    for (int i = 0; i < checks.size(); i++) {
      SloCheck check = checks.get(i);
      Element testCase = cases.get(i);
      assertEquals(check.slo(), testCase.getAttribute("classname"));
      assertEquals(JunitReport.caseName(check), testCase.getAttribute("name"));
      List<Element> failures = elements(testCase, "failure");
      if (check.status() == SloCheck.Status.MISSED) {
        assertEquals(1, failures.size(), testCase.getAttribute("name"));
        assertTrue(report.slo().violations().contains(failures.get(0).getAttribute("message")));
      } else {
        assertTrue(failures.isEmpty(), testCase.getAttribute("name"));
      }
    }
    Element suite = xml.getDocumentElement();
    assertEquals(String.valueOf(cases.size()), suite.getAttribute("tests"));
    assertEquals(
        String.valueOf(xml.getElementsByTagName("failure").getLength()),
        suite.getAttribute("failures"));
    assertEquals("failover.ProxyFailover", suite.getAttribute("name"));
  }

  @Test
  void aLostWriteFailsItsEndpointsCaseAndTheOtherPasses(@TempDir Path dir) throws Exception {
    SampleRun.write(dir);
    Path props = dir.resolve(RunFolder.PROPERTIES_FILE);
    Files.writeString(
        props,
        Files.readString(props) + "\nsloMaxLostWrites=0\nsloMaxDowntimeMs=5000",
        StandardCharsets.UTF_8);
    DowntimeReport report = RunFolder.analyze(dir);
    Path file = JunitReport.writeInto(report, dir);

    validate(file);
    Element lostDirect = testCase(parse(file), "failover.slo.max-lost-writes", "direct");
    Element lostProxy = testCase(parse(file), "failover.slo.max-lost-writes", "proxy");
    assertEquals(1, elements(lostDirect, "failure").size());
    assertTrue(
        elements(lostDirect, "failure").get(0).getAttribute("message").contains("lost"),
        "the SLO's own sentence");
    assertTrue(elements(lostProxy, "failure").isEmpty());
    Element verdict = testCase(parse(file), JunitReport.VERDICT_CLASS, "run");
    assertTrue(elements(verdict, "failure").isEmpty(), "the SLO cases carry the miss");
  }

  @Test
  void anUnverifiedHeartbeatSkipsTheLostWriteCaseAndFailsTheVerdict(@TempDir Path dir)
      throws Exception {
    SampleRun.write(dir);
    Files.delete(dir.resolve(io.pgfailover.record.HeartbeatFile.FILE_NAME));
    Path props = dir.resolve(RunFolder.PROPERTIES_FILE);
    Files.writeString(
        props, Files.readString(props) + "\nsloMaxLostWrites=0", StandardCharsets.UTF_8);
    DowntimeReport report = RunFolder.analyze(dir);
    Path file = JunitReport.writeInto(report, dir);

    validate(file);
    Document xml = parse(file);
    Element lost = testCase(xml, "failover.slo.max-lost-writes", "direct");
    assertEquals(1, elements(lost, "skipped").size());
    Element verdict = testCase(xml, JunitReport.VERDICT_CLASS, "run");
    assertEquals(1, elements(verdict, "failure").size());
    assertEquals(
        report.verdict().lastLine(), elements(verdict, "failure").get(0).getAttribute("message"));
    assertFalse(xml.getDocumentElement().getAttribute("skipped").equals("0"));
  }

  @Test
  void aRunWithoutSlosStillHasItsVerdictCase(@TempDir Path dir) throws Exception {
    SampleRun.write(dir);
    Files.delete(dir.resolve(io.pgfailover.record.HeartbeatFile.FILE_NAME));
    DowntimeReport report = RunFolder.analyze(dir);
    assertTrue(report.slo().checks().isEmpty());
    Path file = JunitReport.writeInto(report, dir);

    validate(file);
    assertEquals("1", parse(file).getDocumentElement().getAttribute("tests"));
  }

  @Test
  void theAnalysisCliWritesItBesideFailoverJson(@TempDir Path dir) throws Exception {
    SampleRun.write(dir);
    assertEquals(0, AnalyzeCli.run(dir.toString()));
    assertTrue(Files.isRegularFile(dir.resolve(JsonReport.FILE_NAME)));
    validate(dir.resolve(JunitReport.FILE_NAME));
  }

  private static void validate(Path file) throws Exception {
    for (String name : List.of(SCHEMA_3_0, SCHEMA_CURRENT)) {
      URL xsd = JunitReportTest.class.getResource(name);
      assertNotNull(xsd, name + " is unpacked by the build (maven-dependency-plugin)");
      Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
      schema.newValidator().validate(new StreamSource(file.toFile()));
    }
  }

  private static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static Element testCase(Document xml, String classname, String name) {
    return elements(xml.getDocumentElement(), "testcase").stream()
        .filter(c -> c.getAttribute("classname").equals(classname))
        .filter(c -> c.getAttribute("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no test case " + classname + " " + name));
  }

  private static List<Element> elements(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }
}
