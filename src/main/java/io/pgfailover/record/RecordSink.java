package io.pgfailover.record;

/** Takes the records of a {@link RecordSource} one at a time (see {@link RecordView}). */
@FunctionalInterface
public interface RecordSink {
  void accept(RecordView record);
}
