package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.config.Figure;
import io.pgfailover.record.ErrorClass;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything measured for one endpoint. Immutable (array accessors return copies).
 *
 * @param successRatePct OK requests / requests × 100 (100 when there were no requests)
 * @param downtimeMs sum of the durations of {@code windows}, outages and stalls alike, as before
 *     issue 9
 * @param windows the pooled workload's windows (the probe's when the endpoint ran no workload)
 * @param byKind requests, failures and success rate per operation kind label
 * @param latencyAll latency of every request, failed ones included
 * @param latencyOk latency of successful requests
 * @param throughput before the first window (or the trigger), during the windows, after them
 * @param tps pgbench-like figures over the endpoint's load workloads
 * @param timeline OK and KO completions per bucket (all workloads)
 * @param perSecond completions and mean OK latency per wall-clock second (load workloads)
 * @param path the path downtime, from the endpoint's probe; null when it ran none
 * @param workload the workload downtime, from the pooled load; null when it ran none
 */
@JsonPropertyOrder({
  "name",
  "role",
  "downtimeMs",
  "windows",
  "path",
  "workload",
  "requests",
  "failedRequests",
  "successRatePct"
})
public record EndpointReport(
    String name,
    String role,
    long requests,
    long failedRequests,
    double successRatePct,
    double downtimeMs,
    List<DowntimeWindow> windows,
    Map<String, KindStats> byKind,
    Map<ErrorClass, Long> failuresByClass,
    Map<String, Long> failuresBySqlState,
    Latency latencyAll,
    Latency latencyOk,
    Throughput throughput,
    TpsStats tps,
    Timeline timeline,
    SecondSeries perSecond,
    @Nullable Downtime path,
    @Nullable Downtime workload) {

  public EndpointReport {
    windows = List.copyOf(windows);
    byKind = Maps.frozen(byKind);
    failuresByClass = Maps.frozen(failuresByClass);
    failuresBySqlState = Maps.frozen(failuresBySqlState);
  }

  /** The headline figure: the path's when the endpoint has a probe, else the workload's. */
  @JsonIgnore
  public @Nullable Downtime headline() {
    return path != null ? path : workload;
  }

  /** The figure asked for, or the other one when the endpoint lacks it; null without either. */
  public @Nullable Downtime figure(Figure figure) {
    Downtime wanted = figure == Figure.PATH ? path : workload;
    return wanted != null ? wanted : headline();
  }

  /**
   * Requests of the pooled workload, what an application sees; every request of the endpoint when
   * it ran none. The probe's attempts are not in it: during an outage it tries every 10 ms and
   * would add a hundred failures a second that no application makes.
   */
  @JsonIgnore
  public long loadRequests() {
    return workload != null ? workload.requests() : requests;
  }

  /** The failed ones among {@link #loadRequests()}. */
  @JsonIgnore
  public long loadFailedRequests() {
    return workload != null ? workload.failedRequests() : failedRequests;
  }

  /** {@link #loadFailedRequests()} by error class. */
  @JsonIgnore
  public Map<ErrorClass, Long> loadFailuresByClass() {
    return workload != null ? workload.failuresByClass() : failuresByClass;
  }

  /** Success rate of {@link #loadRequests()}, in % (100 without requests). */
  @JsonIgnore
  public double loadSuccessRatePct() {
    return EndpointStats.rate(loadRequests(), loadFailedRequests());
  }

  /** Outage total of a figure (see {@link #figure}), 0 without either. */
  public double outageMs(Figure figure) {
    Downtime d = figure(figure);
    return d == null ? 0 : d.downtimeMs();
  }

  /** Requests, failures and success rate of one kind (read/write/transaction). */
  public record KindStats(long requests, long failed, double successRatePct) {}

  /**
   * Latency figures in ms; all zero when {@code count} is 0. Percentiles are nearest-rank, from a
   * histogram at 3 significant digits (within 0.1 %, see {@link LatencyHistogram}); the mean and
   * the maximum are exact.
   */
  public record Latency(
      long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {}

  /** Completions in a phase [start, end] of the run, counted by completion time. */
  public record Rate(
      long startEpochMicros,
      long endEpochMicros,
      long requests,
      long ok,
      double requestsPerSec,
      double okPerSec) {}

  /** Throughput around the outage; a phase that did not happen has zero length. */
  public record Throughput(Rate before, Rate during, Rate after) {}

  /**
   * pgbench-like figures over the endpoint's load (every workload but the heartbeat probe, unless
   * the endpoint ran only heartbeats): TPS = successful requests per second.
   *
   * @param maxTps the largest count of successes in one wall-clock second
   */
  public record TpsStats(
      List<String> workloads,
      double averageTps,
      double maxTps,
      double averageLatencyMs,
      long errors) {
    public TpsStats {
      workloads = List.copyOf(workloads);
    }
  }

  /** OK and KO completions per {@code bucketMs}; the first bucket starts at firstBucketEpochMs. */
  public record Timeline(long firstBucketEpochMs, long bucketMs, int[] ok, int[] ko) {
    public Timeline {
      ok = ok.clone();
      ko = ko.clone();
    }

    @Override
    public int[] ok() {
      return ok.clone();
    }

    @Override
    public int[] ko() {
      return ko.clone();
    }
  }

  /** Per wall-clock second: OK and KO completions and mean OK latency (null: no success). */
  public record SecondSeries(
      long firstSecondEpochMs, int[] ok, int[] ko, Double[] meanOkLatencyMs) {
    public SecondSeries {
      ok = ok.clone();
      ko = ko.clone();
      meanOkLatencyMs = meanOkLatencyMs.clone();
    }

    @Override
    public int[] ok() {
      return ok.clone();
    }

    @Override
    public int[] ko() {
      return ko.clone();
    }

    @Override
    public Double[] meanOkLatencyMs() {
      return meanOkLatencyMs.clone();
    }
  }
}
