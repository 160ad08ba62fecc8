package io.pgfailover.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

  @Test
  void concurrentProducersLoseNothingAndKeepEveryField(@TempDir Path dir) throws Exception {
    int threads = 8;
    int perThread = 50_000; // 400k records: the 65536-slot ring wraps several times
    Recorder recorder = Recorder.open(dir);
    int a = recorder.endpoint("direct", "writer");
    int b = recorder.endpoint("proxy", "writer");
    int op = recorder.operation("heartbeat", "heartbeat", OperationKind.WRITE);
    CountDownLatch go = new CountDownLatch(1);
    Thread[] producers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      producers[t] =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  long seq = (long) thread * perThread + i;
                  boolean ok = i % 10 != 0;
                  recorder.record(
                      thread % 2 == 0 ? a : b,
                      op,
                      seq,
                      seq + 7,
                      ok ? ErrorClass.NONE : ErrorClass.CONNECTION_LOST,
                      ok ? 0 : RecordFormat.packSqlState("08006"),
                      seq);
                }
              });
      producers[t].start();
    }
    go.countDown();
    for (Thread p : producers) {
      p.join();
    }
    recorder.event(FailoverEvent.now(EventName.ASKED, "switchover\tnode1 -> node2"));
    recorder.close();

    Recording recording = Recording.read(dir);
    assertEquals(threads * perThread, recording.records().size());
    Set<Long> seen = new HashSet<>();
    for (RequestRecord r : recording.records()) {
      assertTrue(seen.add(r.detail()), "duplicate " + r);
      assertEquals(r.startMicros() + 7, r.endMicros());
      assertEquals(r.detail(), r.startMicros());
      int thread = (int) (r.detail() / perThread);
      assertEquals(thread % 2 == 0 ? a : b, r.endpoint());
      boolean ok = (r.detail() % perThread) % 10 != 0;
      assertEquals(ok ? ErrorClass.NONE : ErrorClass.CONNECTION_LOST, r.errorClass());
      assertEquals(ok ? null : "08006", r.sqlState());
    }
    assertEquals(
        List.of("direct", "proxy"),
        recording.catalog().endpoints().stream().map(Catalog.EndpointEntry::name).toList());
    assertEquals(OperationKind.WRITE, recording.catalog().operationById(op).kind());
    assertEquals(1, recording.events().size());
    assertEquals("switchover node1 -> node2", recording.events().get(0).detail());
    assertEquals(threads * perThread / 2 - threads * perThread / 20, recorder.okCount(a));
  }

  @Test
  void recordsReachTheDiskWhileTheRunGoesOn(@TempDir Path dir) throws Exception {
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    int op = recorder.operation("business", "list_users", OperationKind.READ);
    recorder.record(e, op, 1, 2, ErrorClass.NONE, 0, -1);
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (Files.size(dir.resolve(RecordFormat.FILE_NAME)) < RecordFormat.RECORD_BYTES
        && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    // not closed: a crash now would still leave the record on disk
    assertEquals(RecordFormat.RECORD_BYTES, Files.size(dir.resolve(RecordFormat.FILE_NAME)));
    recorder.close();
  }

  @Test
  void acquireTimesRoundTrip(@TempDir Path dir) throws Exception {
    long largest = (1L << 48) - 2; // the 48-bit field holds the wait + 1
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    int op = recorder.operation("business", "list_users", OperationKind.READ);
    recorder.record(e, op, 100, 200, ErrorClass.NONE, 0, -1, 0L);
    recorder.record(
        e,
        op,
        300,
        5_000_300,
        ErrorClass.POOL_TIMEOUT,
        RecordFormat.packSqlState("08001"),
        -1,
        5_000_000L);
    recorder.record(e, op, 400, 500, ErrorClass.NONE, 0, -1, largest);
    recorder.record(e, op, 600, 700, ErrorClass.NONE, 0, -1, RecordFormat.NO_ACQUIRE);
    recorder.record(e, op, 800, 900, ErrorClass.NONE, 0, 7); // the overload without one
    recorder.close();
    List<RequestRecord> records = Recording.read(dir).records();
    assertEquals(
        List.of(0L, 5_000_000L, largest, RecordFormat.NO_ACQUIRE, RecordFormat.NO_ACQUIRE),
        records.stream().map(RequestRecord::acquireMicros).toList());
    assertEquals(100L, records.get(0).acquiredMicros()); // a 0 µs wait is a wait, not "unknown"
    assertEquals(5_000_300L, records.get(1).acquiredMicros());
    assertNull(records.get(3).acquiredMicros());
    // the acquire field leaves the others alone
    assertEquals(ErrorClass.POOL_TIMEOUT, records.get(1).errorClass());
    assertEquals("08001", records.get(1).sqlState());
    assertEquals(7L, records.get(4).detail());
    assertEquals(
        List.of(100L, 300L, 400L, 600L, 800L),
        records.stream().map(RequestRecord::startMicros).toList());
  }

  @Test
  void aRecordWrittenBeforeTheAcquireFieldReadsBackWithoutOne(@TempDir Path dir) throws Exception {
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    int op = recorder.operation("heartbeat", "beat", OperationKind.WRITE);
    recorder.record(
        e, op, 10, 20, ErrorClass.CONNECTION_LOST, RecordFormat.packSqlState("08006"), 42, 1_234L);
    recorder.close();
    Path file = dir.resolve(RecordFormat.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(RecordFormat.RECORD_BYTES, bytes.length);
    java.util.Arrays.fill(bytes, 34, 40, (byte) 0); // the reserved bytes of the old format
    Files.write(file, bytes);
    RequestRecord r = Recording.read(dir).records().get(0);
    assertEquals(RecordFormat.NO_ACQUIRE, r.acquireMicros());
    assertNull(r.acquiredMicros());
    assertEquals(new RequestRecord(e, op, 10, 20, ErrorClass.CONNECTION_LOST, "08006", 42), r);
  }

  @Test
  void aTornTailFromACrashIsIgnored(@TempDir Path dir) throws Exception {
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    int op = recorder.operation("business", "list_users", OperationKind.READ);
    recorder.record(e, op, 10, 20, ErrorClass.TIMEOUT, 0, -1);
    recorder.close();
    Files.write(dir.resolve(RecordFormat.FILE_NAME), new byte[13], StandardOpenOption.APPEND);
    List<RequestRecord> records = Recording.read(dir).records();
    assertEquals(1, records.size());
    assertEquals(ErrorClass.TIMEOUT, records.get(0).errorClass());
    assertNull(records.get(0).sqlState());
  }

  @Test
  void closingTwiceIsHarmless(@TempDir Path dir) throws Exception {
    // the run's end and its interrupt hook may both close the recorder
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    int op = recorder.operation("heartbeat", "heartbeat", OperationKind.WRITE);
    recorder.record(e, op, 1, 2, ErrorClass.NONE, 0, 1);
    recorder.close();
    recorder.close();
    assertEquals(1, Recording.read(dir).records().size());
  }

  @Test
  void aDetailWithLineBreaksStaysOneEventAndATornLineIsSkipped(@TempDir Path dir) throws Exception {
    Recorder recorder = Recorder.open(dir);
    recorder.event(FailoverEvent.now(EventName.RDS_EVENT, "line one\r\nline\ttwo"));
    recorder.event(FailoverEvent.now(EventName.FAILOVER_START, 2, "kill-primary"));
    recorder.close();
    Files.writeString(
        dir.resolve(Recording.EVENTS_FILE),
        "17000\tasked\tno\n123", // torn tail
        StandardOpenOption.APPEND);
    List<FailoverEvent> events = Recording.read(dir).events();
    assertEquals(3, events.size(), events::toString);
    assertEquals("line one  line two", events.get(0).detail());
    assertEquals(2, events.get(1).round());
    assertEquals("kill-primary", events.get(1).detail());
    assertTrue(events.get(2).is(EventName.ASKED));
  }
}
