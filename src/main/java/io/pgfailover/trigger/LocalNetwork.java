package io.pgfailover.trigger;

import java.io.IOException;
import java.util.Optional;

/**
 * The lab's packet filter, as the partition triggers see it: drops the packets of one cut silently
 * (no RST, no ICMP) until {@link #healAll()}.
 */
public interface LocalNetwork {
  /** Which traffic of a member a cut drops. */
  enum Cut {
    /** Everything to and from the member: clients, proxies, the other members, the DCS. */
    NODE,
    /** Only what clients and proxies exchange with it; the members and the DCS still see it. */
    CLIENTS,
    /** Only its own link to the DCS (etcd). */
    DCS
  }

  /**
   * Why cuts cannot be made for {@code member} here (not root, no nftables, its processes were
   * started without network control), as one sentence with the fix; empty when they can.
   */
  Optional<String> unavailable(String member);

  /**
   * Starts dropping the packets of {@code cut} for {@code member}; returns what is dropped, in
   * words, for the timeline.
   */
  String cut(Cut cut, String member) throws IOException;

  /** Removes every cut, idempotent; returns how many cuts were removed. */
  int healAll() throws IOException;
}
