package io.pgfailover.patroni;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Where a Patroni cluster can be reached, so the Patroni triggers work against the local lab and
 * against a user's cluster alike.
 *
 * @param restUrls the members' REST API base URLs (e.g. {@code http://10.0.0.1:8008}); any one that
 *     answers is enough, the others are tried in turn
 * @param processes how to find a member's processes on this machine, or null when they are out of
 *     reach (then the signal triggers, such as {@code kill-primary}, cannot be used)
 */
public record PatroniCluster(List<URI> restUrls, @Nullable MemberProcesses processes) {
  public PatroniCluster {
    restUrls = List.copyOf(Objects.requireNonNull(restUrls, "restUrls"));
    if (restUrls.isEmpty()) {
      throw new IllegalArgumentException("a Patroni cluster needs at least one REST URL");
    }
  }

  /** A cluster reached only through its REST API. */
  public static PatroniCluster ofRestUrls(List<URI> restUrls) {
    return new PatroniCluster(restUrls, null);
  }

  /** Finds the local processes of a cluster member. */
  public interface MemberProcesses {
    /** The member's Patroni daemon, when it runs on this machine. */
    OptionalLong patroniPid(String memberName);

    /** The member's PostgreSQL postmaster, when it runs on this machine. */
    OptionalLong postmasterPid(String memberName);

    /**
     * The root processes that make up the member, Patroni first, then the postmaster; signalling
     * them and their descendants reaches the whole node. Empty when nothing of it runs.
     */
    default List<Long> processIds(String memberName) {
      List<Long> pids = new ArrayList<>(2);
      patroniPid(memberName).ifPresent(pids::add);
      postmasterPid(memberName).ifPresent(pids::add);
      return pids;
    }

    /**
     * SIGKILL to every process of the member in one step (Patroni, the postmaster, every backend),
     * where this machine can do that; returns how many processes it held, or empty when it cannot
     * (then signal {@link #processIds} and their descendants).
     */
    default OptionalInt killAllAtOnce(String memberName) {
      return OptionalInt.empty();
    }
  }
}
