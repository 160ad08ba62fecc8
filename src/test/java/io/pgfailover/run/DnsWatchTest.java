package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.Recorder;
import io.pgfailover.record.Recording;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsWatchTest {

  @Test
  void hostNamesAreTakenFromSingleAndMultiHostUrlsButNotIpLiterals() {
    assertEquals(
        Set.of("db.example.com", "db2.example.com", "localhost"),
        DnsWatch.hostNames(
            List.of(
                "jdbc:postgresql://db.example.com:5432/app",
                "jdbc:postgresql://127.0.0.1:5432,db2.example.com:5433,[::1]:5432/app?x=1",
                "jdbc:postgresql://localhost/app")));
    assertTrue(DnsWatch.hostNames(List.of("jdbc:postgresql://127.0.0.1:15000/failover")).isEmpty());
  }

  @Test
  void theResolvedAddressesOfAHostNameGoOnTheTimeline(@TempDir Path dir) throws Exception {
    Recorder recorder = Recorder.open(dir);
    DnsWatch watch = DnsWatch.of(recorder, List.of("jdbc:postgresql://localhost:5432/app"));
    watch.start();
    watch.stop();
    recorder.close();
    var events = Recording.read(dir).events();
    assertEquals("dns", events.get(0).name());
    assertTrue(events.get(0).detail().startsWith("localhost = ["), events.get(0).detail());
    assertTrue(DnsWatch.jvmCacheTtl().contains("s") || DnsWatch.jvmCacheTtl().contains("forever"));
  }
}
