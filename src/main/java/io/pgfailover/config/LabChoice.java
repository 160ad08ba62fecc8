package io.pgfailover.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code failover.lab-endpoints} and {@code failover.lab.*}: which lab paths to measure, whether to
 * leave the lab running after the run, where it lives, and whether Patroni runs with {@code
 * failsafe_mode} ({@code failover.lab.patroni.failsafe-mode}, set on the running lab at each run).
 */
public record LabChoice(List<LabEndpoint> endpoints, boolean keep, Path dir, boolean failsafeMode) {
  public LabChoice {
    endpoints = List.copyOf(endpoints);
  }
}
