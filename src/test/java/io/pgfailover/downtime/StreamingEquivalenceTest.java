package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgfailover.record.EndOrder;
import io.pgfailover.record.RecordFile;
import io.pgfailover.record.Recording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The streaming analysis against the old one ({@link ListAnalysisReference}, every record in
 * memory) on real run folders: the whole report, as JSON, must be the same, field for field, except
 * the latency percentiles, which may differ by the histogram's precision, and the median gap a
 * sparse-load note prints, which is one too.
 */
class StreamingEquivalenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PERCENTILES = Set.of("p50Ms", "p95Ms", "p99Ms");
  private static final Pattern MEDIAN_GAP = Pattern.compile("median gap ([0-9.]+) ms");

  static final List<String> RUNS = RecordedRuns.ALL;

  @TempDir Path tmp;

  @ParameterizedTest
  @FieldSource("RUNS")
  void theStreamingAnalysisGivesTheOldFiguresOnARealRunFolder(String run) throws Exception {
    Path dir = RecordedRuns.unpack(run, tmp);
    DowntimeReport streamed = RunFolder.analyze(dir);
    DowntimeReport reference =
        ListAnalysisReference.analyze(
            Recording.read(dir),
            RunFolder.heartbeatRows(dir),
            RunFolder.settings(dir),
            RunFolder.runInfo(dir));
    Differences d = new Differences();
    d.compare("", JSON.valueToTree(reference), JSON.valueToTree(streamed));
    if (!d.found.isEmpty()) {
      fail(run + ": " + d.found.size() + " differences, first ones:\n" + d.head());
    }
    System.out.printf(
        "%s: same report; %d of %d percentiles differ from the exact ones, by at most %.4f %%%n",
        run, d.percentilesChanged, d.percentiles, d.maxRelative * 100);
    // not vacuous: every endpoint ran and, but in the run whose trigger failed, had an outage
    for (EndpointReport e : streamed.endpoints().values()) {
      assertTrue(e.requests() > 0, run + " " + e.name());
      assertTrue(
          run.equals(RecordedRuns.INTERRUPTED)
              || e.windows().stream().anyMatch(w -> w.failedRequests() > 0),
          run + " " + e.name());
    }
  }

  @Test
  void theRecordedRunsAreNearlyInEndOrderWellWithinTheBound(@TempDir Path dir) throws Exception {
    for (String run : RUNS) {
      EndOrder order = new EndOrder(r -> {});
      RecordFile.in(RecordedRuns.unpack(run, dir)).forEach(order);
      order.finish();
      System.out.printf(
          "%s: %d records came after one that ended later, at most %.1f ms and %d records back%n",
          run, order.late(), order.maxLateMicros() / 1000.0, order.maxShift());
      assertEquals(0, order.beyondBound(), run);
      assertTrue(order.maxLateMicros() * 10 < EndOrder.HORIZON_MICROS, run);
    }
  }

  @Test
  void theLostWritesOfTheMatrixAreFoundRoundByRoundAsBefore(@TempDir Path dir) throws Exception {
    DowntimeReport report = RunFolder.analyze(RecordedRuns.unpack(RecordedRuns.MATRIX, dir));
    long lost = report.heartbeat().values().stream().mapToLong(HeartbeatCheck::lost).sum();
    long lostInRounds =
        report.rounds().stream()
            .flatMap(r -> r.endpoints().values().stream())
            .mapToLong(e -> e.lost() == null ? 0 : e.lost())
            .sum();
    assertTrue(lost > 0);
    assertEquals(lost, lostInRounds);
  }

  /** What differs between two reports as JSON trees. */
  static final class Differences {
    final List<String> found = new ArrayList<>();
    long percentiles;
    long percentilesChanged;
    double maxRelative;

    /** Walks both trees; percentiles within the histogram's precision, the rest equal. */
    void compare(String at, JsonNode old, JsonNode now) {
      if (old.isObject() && now.isObject()) {
        List<String> oldNames = new ArrayList<>();
        old.fieldNames().forEachRemaining(oldNames::add);
        List<String> nowNames = new ArrayList<>();
        now.fieldNames().forEachRemaining(nowNames::add);
        if (!oldNames.equals(nowNames)) {
          found.add(at + ": fields " + oldNames + " became " + nowNames);
          return;
        }
        for (String name : oldNames) {
          if (PERCENTILES.contains(name)) {
            percentile(at + "." + name, old.get(name).asDouble(), now.get(name).asDouble());
          } else {
            compare(at + "." + name, old.get(name), now.get(name));
          }
        }
      } else if (old.isArray() && now.isArray()) {
        if (old.size() != now.size()) {
          found.add(at + ": " + old.size() + " elements became " + now.size());
          return;
        }
        for (int i = 0; i < old.size(); i++) {
          compare(at + "[" + i + "]", old.get(i), now.get(i));
        }
      } else if (old.isTextual() && now.isTextual() && MEDIAN_GAP.matcher(old.asText()).find()) {
        Matcher o = MEDIAN_GAP.matcher(old.asText());
        Matcher n = MEDIAN_GAP.matcher(now.asText());
        boolean same =
            o.find()
                && n.find()
                && withinPrecision(
                    Double.parseDouble(o.group(1)), Double.parseDouble(n.group(1)), 0.05)
                && o.replaceAll("").equals(n.replaceAll(""));
        if (!same) {
          found.add(at + ": '" + old.asText() + "' became '" + now.asText() + "'");
        }
      } else if (!old.equals(now)) {
        found.add(at + ": " + old + " became " + now);
      }
    }

    private void percentile(String at, double exact, double value) {
      percentiles++;
      if (exact != value) {
        percentilesChanged++;
        maxRelative = Math.max(maxRelative, Math.abs(value - exact) / exact);
      }
      if (!withinPrecision(exact, value, 0.001)) {
        found.add(at + ": " + exact + " became " + value);
      }
    }

    String head() {
      return String.join("\n", found.subList(0, Math.min(20, found.size())));
    }
  }

  /** Within 1/1024 of the exact value (the histogram's precision), plus the rounding printed. */
  static boolean withinPrecision(double exact, double value, double rounding) {
    return Math.abs(value - exact) <= Math.abs(exact) / 1024 + rounding + 1e-9;
  }
}
