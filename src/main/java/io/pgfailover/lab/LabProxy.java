package io.pgfailover.lab;

import io.pgfailover.trigger.LocalProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A lab service as the kill triggers see it: its process, its port, how to restart it. */
final class LabProxy implements LocalProxy {
  private static final Logger LOG = LoggerFactory.getLogger(LabProxy.class);

  private final String name;
  private final LabProcess process;
  private final InetSocketAddress address;
  private final List<String> command;

  LabProxy(String name, LabProcess process, int port, List<String> command) {
    this.name = name;
    this.process = process;
    this.address = new InetSocketAddress("127.0.0.1", port);
    this.command = List.copyOf(command);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OptionalLong pid() {
    return process.pid();
  }

  /** Starts the proxy again with its lab command line, unless it already runs. */
  @Override
  public void restart() throws IOException {
    if (!process.isAlive()) {
      LOG.info("lab: restarting {}", name);
      process.start(command);
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }
}
