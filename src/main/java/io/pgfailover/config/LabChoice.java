package io.pgfailover.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code failover.lab-endpoints} and {@code failover.lab.*}: which lab paths to measure, whether to
 * leave the lab running after the run, and where it lives.
 */
public record LabChoice(List<LabEndpoint> endpoints, boolean keep, Path dir) {
  public LabChoice {
    endpoints = List.copyOf(endpoints);
  }
}
