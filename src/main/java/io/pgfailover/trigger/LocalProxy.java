package io.pgfailover.trigger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.OptionalLong;

/**
 * A lab service running on this machine that a kill trigger can kill and have restarted: the lab's
 * PgBouncer or HAProxy ({@code kill-proxy}), or its etcd ({@code kill-dcs}).
 */
public interface LocalProxy {
  /** "pgbouncer", "haproxy" or "etcd". */
  String name();

  /** Its process, when it runs. */
  OptionalLong pid();

  /** Starts it again (it is dead); returns once the process is launched, not yet listening. */
  void restart() throws IOException;

  /** Where clients connect to it. */
  InetSocketAddress address();

  /** True when its port accepts a TCP connection now (tried for at most 200 ms). */
  default boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(address(), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
