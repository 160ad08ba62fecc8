package io.pgfailover.patroni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A small client for Patroni's REST API: {@code /cluster}, {@code /patroni}, {@code /history},
 * {@code /switchover} and {@code /failover}. Reads go to the member that answered last, then to the
 * others in turn, so a dead member (the one a trigger just killed) costs one refused connection,
 * not a failed read.
 */
public final class PatroniRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private final List<URI> restUrls;
  private final Duration requestTimeout;
  private final HttpClient http;
  private volatile int lastAnswered;

  public PatroniRest(List<URI> restUrls, Duration requestTimeout) {
    this.restUrls = List.copyOf(restUrls);
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public List<URI> restUrls() {
    return restUrls;
  }

  /** The members from {@code GET /cluster}, sorted by name as Patroni sends them. */
  public List<PatroniMember> members() throws IOException {
    JsonNode cluster = getFromAny("/cluster");
    List<PatroniMember> members = new ArrayList<>();
    for (JsonNode m : cluster.path("members")) {
      JsonNode lag = m.path("lag");
      String apiUrl = m.path("api_url").asText("");
      members.add(
          new PatroniMember(
              m.path("name").asText(),
              m.path("role").asText(),
              m.path("state").asText(),
              m.path("host").asText(""),
              m.path("port").asInt(0),
              m.path("timeline").asInt(0),
              lag.isNumber() ? lag.asLong() : -1L,
              URI.create(apiUrl.replaceFirst("/patroni$", "")),
              m.path("tags").path("nofailover").asBoolean(false)));
    }
    return members;
  }

  /** The running leader, if there is one. */
  public Optional<PatroniMember> runningLeader() throws IOException {
    return members().stream().filter(m -> m.isLeader() && m.isRunning()).findFirst();
  }

  /**
   * Names of the replicas streaming from {@code leader}, from the leader's own {@code GET /patroni}
   * ({@code replication[].application_name} with state "streaming"; Patroni 3.0 shows no streaming
   * state in {@code /cluster}).
   */
  public List<String> streamingReplicas(PatroniMember leader) throws IOException {
    JsonNode status = get(leader.apiBase().resolve("/patroni"));
    List<String> names = new ArrayList<>();
    for (JsonNode r : status.path("replication")) {
      if ("streaming".equals(r.path("state").asText())) {
        names.add(r.path("application_name").asText());
      }
    }
    return names;
  }

  /** {@code GET /history}: one array per timeline switch. */
  public JsonNode history() throws IOException {
    return getFromAny("/history");
  }

  /**
   * The member's {@code postmaster_start_time} from its own {@code GET /patroni}: it changes when
   * Patroni restarts PostgreSQL in place. Empty when the member does not say.
   */
  public String postmasterStartTime(PatroniMember member) throws IOException {
    return get(member.apiBase().resolve("/patroni")).path("postmaster_start_time").asText("");
  }

  /**
   * {@code POST /restart} on the member itself: Patroni restarts its PostgreSQL in place and
   * answers once it is up again (HTTP 200), or with an error when the restart failed.
   */
  public void restart(PatroniMember member, Duration timeout) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(member.apiBase().resolve("/restart"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "POST /restart on "
                + member.name()
                + " answered HTTP "
                + response.statusCode()
                + ": "
                + response.body().trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted restarting " + member.name());
    }
  }

  /**
   * The member's own view of itself, from its {@code GET /patroni}: "role/state", e.g. {@code
   * master/running} or {@code replica/running}. It needs no DCS, so it still answers while etcd is
   * out of reach.
   */
  public String ownRoleAndState(PatroniMember member) throws IOException {
    JsonNode status = get(member.apiBase().resolve("/patroni"));
    return status.path("role").asText("?") + "/" + status.path("state").asText("?");
  }

  /**
   * {@code PATCH /config} with one key of Patroni's dynamic configuration (e.g. {@code
   * failsafe_mode}); Patroni applies it at its next loop. Throws when Patroni refuses it.
   */
  public void patchConfig(String key, boolean value) throws IOException {
    String body = JSON.createObjectNode().put(key, value).toString();
    HttpRequest request =
        HttpRequest.newBuilder(restUrls.get(lastAnswered).resolve("/config"))
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "PATCH /config "
                + body
                + " answered HTTP "
                + response.statusCode()
                + ": "
                + response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted patching Patroni's config");
    }
  }

  /** {@code GET /config}: Patroni's dynamic configuration, as stored in the DCS. */
  public JsonNode config() throws IOException {
    return getFromAny("/config");
  }

  /**
   * Starts {@code POST /switchover} on the leader. Patroni answers only once the switchover is done
   * or has failed (it checks once a second), so callers watch {@code /cluster} meanwhile.
   */
  public CompletableFuture<HttpResponse<String>> switchoverAsync(
      PatroniMember leader, String candidate, Duration timeout) {
    String body =
        JSON.createObjectNode().put("leader", leader.name()).put("candidate", candidate).toString();
    return postAsync(leader.apiBase().resolve("/switchover"), body, timeout);
  }

  /**
   * Starts {@code POST /failover} (Patroni's manual failover) on the candidate's own REST API,
   * which works without a healthy leader. Like a switchover, it answers once the candidate leads.
   */
  public CompletableFuture<HttpResponse<String>> failoverAsync(
      PatroniMember candidate, Duration timeout) {
    String body = JSON.createObjectNode().put("candidate", candidate.name()).toString();
    return postAsync(candidate.apiBase().resolve("/failover"), body, timeout);
  }

  private CompletableFuture<HttpResponse<String>> postAsync(
      URI uri, String body, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getFromAny(String path) throws IOException {
    IOException last = null;
    int start = lastAnswered;
    for (int i = 0; i < restUrls.size(); i++) {
      int index = (start + i) % restUrls.size();
      try {
        JsonNode answer = get(restUrls.get(index).resolve(path));
        lastAnswered = index;
        return answer;
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("no Patroni REST API answered " + path + " at " + restUrls, last);
  }

  private JsonNode get(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      // /patroni answers 503 on a replica that is not healthy, with the same JSON body.
      if (response.statusCode() != 200 && response.statusCode() != 503) {
        throw new IOException(uri + " answered HTTP " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException wrapped = new InterruptedIOException("interrupted reading " + uri);
      wrapped.initCause(e);
      throw wrapped;
    }
  }
}
