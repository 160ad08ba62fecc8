package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pgfailover.record.ErrorClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeoutWaitTest {
  private static final Map<String, String> CONFIG =
      Map.of(
          "failover.pool.socket-timeout", "10s",
          "failover.pool.connect-timeout", "2s",
          "failover.pool.login-timeout", "5s",
          "failover.pool.acquire-timeout", "3s",
          "failover.endpoints.st5.socket-timeout", "5s");

  @Test
  void onlyTimeoutsAreCountedEachUnderItsOwnSetting() {
    TimeoutWait.Tally tally = new TimeoutWait.Tally();
    tally.failed(ErrorClass.TIMEOUT, 10_003_000);
    tally.failed(ErrorClass.TIMEOUT, 10_011_000);
    tally.failed(ErrorClass.CONNECTION_LOST, 1_000);
    tally.failed(ErrorClass.POOL_TIMEOUT, 3_000_500);
    List<TimeoutWait> waits = tally.waits();
    assertEquals(2, waits.size(), waits::toString);
    TimeoutWait socket = waits.get(0);
    assertEquals(ErrorClass.TIMEOUT, socket.errorClass());
    assertEquals(2, socket.requests());
    assertEquals(10_003.0, socket.minMs());
    assertEquals(10_007.0, socket.meanMs());
    assertEquals(10_011.0, socket.maxMs());
    assertEquals("pool.acquire-timeout", waits.get(1).setting());
    assertEquals(
        "2 requests hung 10.0 s until pool.socket-timeout (10s)",
        socket
            .configuredAs(TimeoutWait.configuredValue(CONFIG, "direct", socket.setting()))
            .sentence());
  }

  @Test
  void anEndpointsOwnValueWinsAndAConnectTimeoutNamesBothSettings() {
    assertEquals("5s", TimeoutWait.configuredValue(CONFIG, "st5", "pool.socket-timeout"));
    assertEquals("10s", TimeoutWait.configuredValue(CONFIG, "st30", "pool.socket-timeout"));
    String connect = ErrorClass.CONNECT_TIMEOUT.timeoutSetting().orElseThrow();
    assertEquals("2s / 5s", TimeoutWait.configuredValue(CONFIG, "direct", connect));
    assertNull(TimeoutWait.configuredValue(Map.of(), "direct", connect), "a folder without it");
  }
}
