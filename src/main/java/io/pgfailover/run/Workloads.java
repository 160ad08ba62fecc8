package io.pgfailover.run;

import io.gatling.javaapi.core.PopulationBuilder;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.FailoverSettings;
import io.pgfailover.config.WorkloadSettings;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.record.HeartbeatFile;
import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.workload.SqlOperation;
import io.pgfailover.workload.Workload;
import io.pgfailover.workload.business.BusinessSettings;
import io.pgfailover.workload.business.BusinessWorkload;
import io.pgfailover.workload.heartbeat.HeartbeatOperation;
import io.pgfailover.workload.heartbeat.HeartbeatReadback;
import io.pgfailover.workload.heartbeat.HeartbeatSchema;
import io.pgfailover.workload.heartbeat.ReadProbeOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load of a run: one main {@link Workload} (business or TPC-B) on every endpoint, and a path
 * probe on every endpoint (the heartbeat writer on a writer, a read on a reader); schema and data
 * before, heartbeat verification after.
 */
final class Workloads {
  private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);
  private static final long VERIFY_DEADLINE_MS = 30_000;

  private final WorkloadSettings settings;
  private final Workload main;
  private final String runId;
  private final Map<String, HeartbeatOperation> heartbeats = new LinkedHashMap<>();

  private Workloads(WorkloadSettings settings, Workload main, String runId) {
    this.settings = settings;
    this.main = main;
    this.runId = runId;
  }

  /** The business scenario of seed 000, as configured. */
  static Workload business(WorkloadSettings w) {
    return new BusinessWorkload(
        BusinessSettings.defaults()
            .withRowCounts(w.userRows(), w.productRows(), w.orderRows(), w.logRows())
            .withPercents(w.readWeight(), w.writeWeight(), w.transactionWeight()));
  }

  /** Creates schema and data through the first writer endpoint (idempotent, fast if done). */
  static Workloads prepare(
      FailoverSettings settings, String runId, List<Endpoint> endpoints, Workload main) {
    WorkloadSettings w = settings.workload();
    Endpoint writer = firstWriter(endpoints);
    long t0 = System.nanoTime();
    try {
      WorkloadSettings.MainLoad load = w.mainLoad(main.name());
      if (load.enabled()) {
        if (load.usersPerEndpoint() > settings.pool().size()) {
          LOG.warn(
              "{}: {} users per endpoint share a pool of {} connections (failover.pool.size):"
                  + " users will wait for connections",
              main.name(),
              load.usersPerEndpoint(),
              settings.pool().size());
        }
        boolean loaded = main.prepare(writer.dataSource());
        LOG.info(
            "{} schema {} through {} ({} ms)",
            main.name(),
            loaded ? "created and loaded" : "ready",
            writer.name(),
            (System.nanoTime() - t0) / 1_000_000);
      }
      if (w.heartbeatEnabled()) {
        HeartbeatSchema.prepare(writer.dataSource());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot prepare the schema through endpoint '" + writer.name() + "': " + e.getMessage(),
          e);
    }
    return new Workloads(w, main, runId);
  }

  private static Endpoint firstWriter(List<Endpoint> endpoints) {
    return endpoints.stream()
        .filter(e -> e.settings().role() == EndpointSettings.Role.WRITER)
        .findFirst()
        .orElseThrow(
            () ->
                new io.pgfailover.config.SettingsException(
                    "failover.endpoints",
                    "Every configured endpoint is a reader, and the run needs one writer endpoint to "
                        + "create its tables and write its heartbeat. Add one with role = writer."));
  }

  List<PopulationBuilder> populations(List<Endpoint> endpoints, BooleanSupplier running) {
    List<PopulationBuilder> populations = new ArrayList<>();
    for (Endpoint e : endpoints) {
      WorkloadSettings.MainLoad load = settings.mainLoad(main.name());
      if (load.enabled()) {
        if (e.settings().role() == EndpointSettings.Role.READER
            && Scenarios.readsOnly(main.weightedOperations()).isEmpty()) {
          LOG.info(
              "{}: reader endpoint {} gets no {} load (the workload has no read operation)",
              runId,
              e.name(),
              main.name());
        } else {
          populations.add(
              Scenarios.weighted(
                  e,
                  main.name(),
                  main.weightedOperations(),
                  main::feeder,
                  load.usersPerEndpoint(),
                  load.pace(),
                  running));
        }
      }
      if (settings.heartbeatEnabled()) {
        SqlOperation probe;
        if (e.settings().role() == EndpointSettings.Role.WRITER) {
          HeartbeatOperation beat = new HeartbeatOperation(runId, e.name());
          heartbeats.put(e.name(), beat);
          probe = beat;
        } else {
          probe = ReadProbeOperation.INSTANCE;
        }
        populations.add(Scenarios.probe(e, probe, settings.heartbeatInterval(), running));
      }
    }
    return populations;
  }

  /**
   * Reads this run's heartbeat rows on the final primary into {@code heartbeat.tsv}. The cluster
   * may still be settling, so each writer endpoint is tried in turn until one answers (bounded).
   */
  void verify(RunOutput folder, List<Endpoint> endpoints) {
    if (heartbeats.isEmpty()) {
      return;
    }
    long deadline = System.currentTimeMillis() + VERIFY_DEADLINE_MS;
    SQLException last = null;
    while (System.currentTimeMillis() < deadline) {
      for (Endpoint e : endpoints) {
        if (e.settings().role() != EndpointSettings.Role.WRITER) {
          continue;
        }
        try (Connection c = e.dataSource().getConnection()) {
          List<HeartbeatRow> rows = HeartbeatReadback.fetchRows(c, runId);
          HeartbeatFile.write(rows, folder.dir());
          LOG.info(
              "heartbeat verification: {} rows of this run found on the primary via {}",
              rows.size(),
              e.name());
          return;
        } catch (SQLException ex) {
          last = ex;
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
      sleep(500);
    }
    LOG.error(
        "heartbeat verification failed: no writer endpoint answered within {} s ({})",
        VERIFY_DEADLINE_MS / 1000,
        last == null ? "no writer" : last.getMessage());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during heartbeat verification", e);
    }
  }
}
