package io.pgfailover.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A run folder's recording read back into memory: catalog, request records and timeline events. */
public record Recording(Catalog catalog, List<RequestRecord> records, List<FailoverEvent> events) {
  /** The timeline: one event a line, appended by {@link Recorder#event}. */
  public static final String EVENTS_FILE = "events.tsv";

  /** The round an old run control wrote into a detail: "#2 kill-primary", "#2". */
  /** Tabs, line breaks (\r too: readAllLines splits on it) and other controls, out of details. */
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private static final Pattern LEGACY_ROUND = Pattern.compile("#(\\d+)\\s*(.*)");

  /**
   * Reads the whole run folder into memory: for tests and small recordings. The analysis does not
   * use it; it streams {@link RecordFile} instead, so a soak's recording never has to fit the heap.
   */
  public static Recording read(Path dir) throws IOException {
    Catalog catalog = Catalog.load(dir);
    List<RequestRecord> records = new ArrayList<>();
    RecordFile.in(dir)
        .forEach(
            r ->
                records.add(
                    new RequestRecord(
                        r.endpoint(),
                        r.operation(),
                        r.startMicros(),
                        r.endMicros(),
                        r.errorClass(),
                        r.sqlState(),
                        r.detail(),
                        r.acquireMicros())));
    return new Recording(catalog, records, readEvents(dir.resolve(EVENTS_FILE)));
  }

  /** The timeline of the run folder {@code dir} alone, without its records. */
  public static List<FailoverEvent> events(Path dir) throws IOException {
    return readEvents(dir.resolve(EVENTS_FILE));
  }

  /** The records, for {@link RecordSource}'s readers: sorted by end, then start. */
  public RecordSource source() {
    return RecordSource.of(records);
  }

  /**
   * One line of {@value #EVENTS_FILE}: {@code atMicros<TAB>name<TAB>detail<TAB>round<TAB>outcome},
   * round empty for none, outcome empty when it has none; tabs and newlines in the detail become
   * spaces.
   */
  static String eventLine(FailoverEvent e) {
    return e.atMicros()
        + "\t"
        + e.name()
        + "\t"
        + CONTROL.matcher(e.detail()).replaceAll(" ")
        + "\t"
        + (e.round() > 0 ? Integer.toString(e.round()) : "")
        + "\t"
        + (e.outcome() == null ? "" : e.outcome().name())
        + "\n";
  }

  /**
   * Reads {@value #EVENTS_FILE}. A run folder from before the round and outcome columns has three
   * fields a line, and its run control wrote the round into the detail ({@code "#2 kill-primary"},
   * {@code "#2"}): that is read into the round here, the one place that knows the old form.
   */
  static List<FailoverEvent> readEvents(Path file) throws IOException {
    List<FailoverEvent> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      FailoverEvent event = parseEvent(line);
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  /**
   * One line, or null for a line that is not an event: a torn last line after a kill -9, or a
   * fragment of a detail an older writer left a carriage return in. The rest still reads.
   */
  private static FailoverEvent parseEvent(String line) {
    String[] f = line.split("\t", -1);
    if (f.length < 2) {
      return null;
    }
    try {
      long at = Long.parseLong(f[0]);
      String detail = f.length > 2 ? f[2] : "";
      if (f.length >= 5) {
        int round = f[3].isEmpty() ? 0 : Integer.parseInt(f[3]);
        Outcome outcome = f[4].isEmpty() ? null : Outcome.valueOf(f[4]);
        return new FailoverEvent(f[1], at, detail, round, outcome);
      }
      return legacyEvent(f[1], at, detail);
    } catch (IllegalArgumentException e) {
      return null; // NumberFormatException too
    }
  }

  private static FailoverEvent legacyEvent(String name, long at, String detail) {
    boolean roundInDetail =
        name.equals(EventName.FAILOVER_START.label())
            || name.equals(EventName.CLUSTER_SETTLED.label())
            || name.equals(EventName.CLUSTER_NOT_SETTLED.label());
    Matcher m = LEGACY_ROUND.matcher(detail.trim());
    if (roundInDetail && m.matches()) {
      return new FailoverEvent(name, at, m.group(2).trim(), Integer.parseInt(m.group(1)), null);
    }
    return new FailoverEvent(name, at, detail);
  }
}
