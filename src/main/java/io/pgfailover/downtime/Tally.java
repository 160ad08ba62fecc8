package io.pgfailover.downtime;

import io.pgfailover.record.Catalog;
import io.pgfailover.record.RecordView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hands each record of a pass to its endpoint, by id; keeps the run's first start and last end.
 * Endpoints are those of the catalog, in its order, then any other id a record names.
 */
final class Tally {
  private final Catalog catalog;
  private final boolean splitProbe;
  private final long thresholdMicros;
  private final long bucketMs;
  private final List<EndpointStats> endpoints = new ArrayList<>();
  private EndpointStats[] byId = new EndpointStats[0];
  private EndpointAnalysis[] analyses = new EndpointAnalysis[0];
  long runStart = Long.MAX_VALUE;
  long runEnd = Long.MIN_VALUE;

  Tally(Catalog catalog, boolean splitProbe, long thresholdMicros, long bucketMs) {
    this.catalog = catalog;
    this.splitProbe = splitProbe;
    this.thresholdMicros = thresholdMicros;
    this.bucketMs = bucketMs;
    for (Catalog.EndpointEntry e : catalog.endpoints()) {
      stats(e.id());
    }
  }

  /** First pass, in end order. */
  void first(RecordView r) {
    runStart = Math.min(runStart, r.startMicros());
    runEnd = Math.max(runEnd, r.endMicros());
    stats(r.endpoint()).accept(r);
  }

  /** Second pass, in any order, after {@link #analyses}. */
  void second(RecordView r) {
    analyses[r.endpoint()].second(r);
  }

  List<EndpointStats> endpoints() {
    return endpoints;
  }

  void analyses(List<EndpointAnalysis> list) {
    analyses = new EndpointAnalysis[byId.length];
    for (EndpointAnalysis a : list) {
      analyses[a.stats.endpoint.id()] = a;
    }
  }

  private EndpointStats stats(int id) {
    if (id >= byId.length) {
      byId = Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
    }
    EndpointStats s = byId[id];
    if (s == null) {
      s =
          new EndpointStats(
              catalog.endpointById(id), catalog, splitProbe, thresholdMicros, bucketMs);
      byId[id] = s;
      endpoints.add(s);
    }
    return s;
  }
}
