package io.pgfailover.config;

import io.pgfailover.record.Labels;
import java.util.List;
import java.util.Optional;

/**
 * The connection paths the local lab offers, as {@code failover.lab-endpoints} spells them: the one
 * declaration of the set. Where each one leads is the lab's to say ({@code Lab.url}).
 */
public enum LabEndpoint {
  /** Multi-host JDBC URL over the nodes, {@code targetServerType=primary}. */
  DIRECT(EndpointSettings.Role.WRITER),
  /** PgBouncer in front of the HAProxy writer port. */
  PROXY(EndpointSettings.Role.WRITER),
  /** The HAProxy writer port. */
  HAPROXY(EndpointSettings.Role.WRITER),
  /** The HAProxy reader port, on a replica. */
  READER(EndpointSettings.Role.READER);

  private final EndpointSettings.Role role;

  LabEndpoint(EndpointSettings.Role role) {
    this.role = role;
  }

  public String label() {
    return Labels.of(this);
  }

  public EndpointSettings.Role role() {
    return role;
  }

  public static Optional<LabEndpoint> ofLabel(String label) {
    return Labels.parse(LabEndpoint.class, label);
  }

  public static List<String> labels() {
    return Labels.all(LabEndpoint.class);
  }

  @Override
  public String toString() {
    return label();
  }
}
