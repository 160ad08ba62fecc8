package io.pgfailover.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The request records of a run, read as often as the analysis needs, never held by it: the run
 * folder's {@value RecordFormat#FILE_NAME} ({@link RecordFile}), or records already in memory.
 */
public interface RecordSource {
  /** Hands every record to {@code sink}, in the order the source has them. */
  void forEach(RecordSink sink) throws IOException;

  /**
   * True when some record has an acquire time: false only for a recording made before the field,
   * whose heartbeat ran on the pool.
   */
  boolean anyAcquireTime() throws IOException;

  /** Records in memory (hand-built timelines, tests), handed over sorted by end then start. */
  static RecordSource of(List<RequestRecord> records) {
    List<RequestRecord> byEnd = new ArrayList<>(records);
    byEnd.sort(
        Comparator.comparingLong(RequestRecord::endMicros)
            .thenComparingLong(RequestRecord::startMicros));
    return new RecordSource() {
      @Override
      public void forEach(RecordSink sink) {
        RecordView view = new RecordView();
        for (RequestRecord r : byEnd) {
          view.set(r);
          sink.accept(view);
        }
      }

      @Override
      public boolean anyAcquireTime() {
        return byEnd.stream().anyMatch(r -> r.acquireMicros() >= 0);
      }
    };
  }
}
