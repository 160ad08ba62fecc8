package io.pgfailover.record;

/**
 * One heartbeat row found on the final primary after the run.
 *
 * @param endpoint the endpoint name that wrote it
 * @param seq the heartbeat sequence number (the request record's {@code detail})
 * @param serverEpochMicros the server's commit-side timestamp (e.g. clock_timestamp()) in epoch µs
 */
public record HeartbeatRow(String endpoint, long seq, long serverEpochMicros) {}
