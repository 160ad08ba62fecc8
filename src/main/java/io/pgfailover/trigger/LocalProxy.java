package io.pgfailover.trigger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.OptionalLong;

/**
 * A connection proxy running on this machine (the lab's PgBouncer or HAProxy) that {@code
 * kill-proxy} can kill and have restarted.
 */
public interface LocalProxy {
  /** "pgbouncer" or "haproxy". */
  String name();

  /** Its process, when it runs. */
  OptionalLong pid();

  /** Starts it again (it is dead); returns once the process is launched, not yet listening. */
  void restart() throws IOException;

  /** Where clients connect to it. */
  InetSocketAddress address();
}
