package io.pgfailover.trigger.aws;

import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeEventsResponse;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.SourceType;

/**
 * Puts RDS's own account of the failover on the run's timeline: the cluster's and its instances'
 * events from {@code DescribeEvents}, each stamped with the time RDS gives it.
 */
final class RdsEvents {
  static final String NAME = "rds-event";

  /** Events a little before {@code asked} show what RDS was doing when the trigger fired. */
  static final Duration LOOK_BEHIND = Duration.ofMinutes(1);

  private static final int MAX_PAGES = 5;

  private RdsEvents() {}

  /**
   * Reads the events of {@code clusterId} (when not null) and of each instance since {@code
   * askedMicros} minus {@link #LOOK_BEHIND}, and emits them in RDS's time order. Returns the count.
   */
  static int emit(
      RdsClient client,
      long askedMicros,
      @Nullable String clusterId,
      Collection<String> instanceIds,
      Consumer<FailoverEvent> events) {
    List<Source> sources = new ArrayList<>();
    if (clusterId != null) {
      sources.add(new Source(SourceType.DB_CLUSTER, clusterId));
    }
    for (String instance : instanceIds) {
      sources.add(new Source(SourceType.DB_INSTANCE, instance));
    }
    return emit(client, askedMicros, sources, events);
  }

  /** One source of RDS events: a cluster, an instance, a blue/green deployment. */
  record Source(SourceType type, String id) {}

  /** As above, for any sources, read in the order given. */
  static int emit(
      RdsClient client, long askedMicros, List<Source> sources, Consumer<FailoverEvent> events) {
    Instant since = toInstant(askedMicros).minus(LOOK_BEHIND);
    List<Event> found = new ArrayList<>();
    for (Source source : sources) {
      found.addAll(read(client, source.type(), source.id(), since));
    }
    found.sort(Comparator.comparing(Event::date));
    for (Event event : found) {
      events.accept(toFailoverEvent(event));
    }
    return found.size();
  }

  static FailoverEvent toFailoverEvent(Event event) {
    return new FailoverEvent(
        NAME, toMicros(event.date()), event.sourceIdentifier() + ": " + event.message());
  }

  static long toMicros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
  }

  static Instant toInstant(long epochMicros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
  }

  private static List<Event> read(RdsClient client, SourceType type, String id, Instant since) {
    List<Event> events = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String pageMarker = marker;
      DescribeEventsResponse response =
          client.describeEvents(
              r -> r.sourceType(type).sourceIdentifier(id).startTime(since).marker(pageMarker));
      events.addAll(response.events());
      marker = response.marker();
      if (marker == null || marker.isEmpty()) {
        break;
      }
    }
    return events;
  }
}
