package io.pgfailover.lab;

import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.LabEndpoint;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The probes behind the lab's readiness checks; each returns null when ready, else why not. */
final class LabHealth {
  private final Lab lab;
  private final PatroniRest rest;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  LabHealth(Lab lab, PatroniRest rest) {
    this.lab = lab;
    this.rest = rest;
  }

  String etcdNotReady() throws Exception {
    URI health = URI.create("http://127.0.0.1:" + lab.settings().etcdClientPort() + "/health");
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.ofString());
    return answer.statusCode() == 200 && answer.body().contains("true")
        ? null
        : "etcd /health answered " + answer.statusCode() + " " + answer.body();
  }

  /** A running leader, every member running, and every replica streaming from the leader. */
  String clusterNotReady() throws Exception {
    List<PatroniMember> members = rest.members();
    Optional<PatroniMember> leader =
        members.stream().filter(m -> m.isLeader() && m.isRunning()).findFirst();
    if (leader.isEmpty()) {
      return "no running leader yet: " + members;
    }
    int expected = lab.settings().nodeCount();
    if (members.size() < expected || !members.stream().allMatch(PatroniMember::isRunning)) {
      return "not all " + expected + " members running: " + members;
    }
    List<String> streaming = rest.streamingReplicas(leader.get());
    if (streaming.size() < expected - 1) {
      return "leader "
          + leader.get().name()
          + " has "
          + streaming.size()
          + " of "
          + (expected - 1)
          + " replicas streaming: "
          + streaming;
    }
    return null;
  }

  /**
   * Every client endpoint lands where it should: direct, PgBouncer and the HAProxy writer on the
   * leader, the HAProxy reader on a replica. Uses real JDBC connections as the client user.
   */
  String endpointsNotReady() throws Exception {
    Optional<PatroniMember> leader = rest.runningLeader();
    if (leader.isEmpty()) {
      return "no running leader";
    }
    int primaryPort = leader.get().port();
    String user = lab.user();
    String password = lab.password();
    for (LabEndpoint endpoint : LabEndpoint.values()) {
      if (endpoint.role() != EndpointSettings.Role.WRITER) {
        continue;
      }
      LabDatabase.Landing landing = LabDatabase.land(lab.url(endpoint), user, password);
      if (landing.inRecovery() || landing.serverPort() != primaryPort) {
        return endpoint + " reached " + landing + ", not the primary on port " + primaryPort;
      }
    }
    LabDatabase.Landing reader = LabDatabase.land(lab.readerUrl(), user, password);
    return reader.inRecovery() ? null : "reader reached the primary, not a replica";
  }
}
