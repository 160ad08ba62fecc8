package io.pgfailover.run;

import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Recorder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Security;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the endpoints' host names every second during the run, through the JVM's own resolver
 * and its cache, and puts every change of address on the timeline ({@code dns-change}). A cluster
 * endpoint moves by DNS when the writer fails over; a JVM that caches the old address keeps
 * connecting to the demoted node, the classic reason Java clients take longer than the failover.
 * The cache TTL in force is shown in the report's configuration.
 */
final class DnsWatch {
  static final String THREAD = "failover-dns-watch";
  private static final Pattern HOSTS = Pattern.compile("^jdbc:postgresql://([^/?]*)");
  private static final Pattern IP_LITERAL = Pattern.compile("^[0-9.]+$|^\\[?[0-9a-fA-F:]+]?$");

  private final Recorder recorder;
  private final Map<String, Set<String>> lastSeen = new LinkedHashMap<>();
  private volatile boolean running = true;
  private Thread thread;

  private DnsWatch(Recorder recorder, Set<String> hosts) {
    this.recorder = recorder;
    hosts.forEach(h -> lastSeen.put(h, resolve(h)));
  }

  /** A watch over the host names in {@code urls}, or null when they are all IP literals. */
  static DnsWatch of(Recorder recorder, List<String> urls) {
    Set<String> hosts = hostNames(urls);
    return hosts.isEmpty() ? null : new DnsWatch(recorder, hosts);
  }

  static Set<String> hostNames(List<String> urls) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String url : urls) {
      Matcher m = HOSTS.matcher(url);
      if (!m.find()) {
        continue;
      }
      for (String hostPort : m.group(1).split(",")) {
        String host =
            hostPort.startsWith("[")
                ? hostPort.substring(0, hostPort.indexOf(']') + 1)
                : hostPort.replaceAll(":\\d+$", "");
        if (!host.isEmpty() && !IP_LITERAL.matcher(host).matches()) {
          hosts.add(host);
        }
      }
    }
    return hosts;
  }

  /** The JVM's positive DNS cache TTL in force, as text for the report. */
  static String jvmCacheTtl() {
    String ttl = Security.getProperty("networkaddress.cache.ttl");
    if (ttl == null) {
      ttl = System.getProperty("sun.net.inetaddr.ttl");
    }
    return ttl == null
        ? "30 s (JVM default; set networkaddress.cache.ttl to change it)"
        : ttl.equals("-1") ? "forever (networkaddress.cache.ttl = -1)" : ttl + " s";
  }

  void start() {
    lastSeen.forEach(
        (host, addresses) ->
            recorder.event(FailoverEvent.now(EventName.DNS, host + " = " + addresses)));
    thread = new Thread(this::loop, THREAD);
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      for (Map.Entry<String, Set<String>> e : lastSeen.entrySet()) {
        Set<String> now = resolve(e.getKey());
        if (!now.equals(e.getValue())) {
          recorder.event(
              FailoverEvent.now(
                  EventName.DNS_CHANGE, e.getKey() + ": " + e.getValue() + " -> " + now));
          e.setValue(now);
        }
      }
    }
  }

  private static Set<String> resolve(String host) {
    try {
      return new TreeSet<>(
          Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).toList());
    } catch (UnknownHostException e) {
      return new TreeSet<>(Set.of("unresolved"));
    }
  }
}
