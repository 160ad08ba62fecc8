package io.pgfailover.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a recording's numeric ids stand for: endpoints and operations. Ids are dense, in order
 * of registration. Persisted as {@value #FILE_NAME} (tab-separated text) beside the records.
 */
public final class Catalog {
  public static final String FILE_NAME = "catalog.tsv";

  /** A named connection path; {@code role} is "writer" or "reader". */
  public record EndpointEntry(int id, String name, String role) {}

  /** An operation of a workload, e.g. workload "business", name "list_users", kind READ. */
  public record OperationEntry(int id, String workload, String name, OperationKind kind) {}

  private final List<EndpointEntry> endpoints = new ArrayList<>();
  private final List<OperationEntry> operations = new ArrayList<>();

  public synchronized int endpoint(String name, String role) {
    for (EndpointEntry e : endpoints) {
      if (e.name().equals(name)) {
        return e.id();
      }
    }
    endpoints.add(new EndpointEntry(endpoints.size(), name, role));
    return endpoints.size() - 1;
  }

  public synchronized int operation(String workload, String name, OperationKind kind) {
    for (OperationEntry o : operations) {
      if (o.workload().equals(workload) && o.name().equals(name)) {
        return o.id();
      }
    }
    operations.add(new OperationEntry(operations.size(), workload, name, kind));
    return operations.size() - 1;
  }

  public synchronized List<EndpointEntry> endpoints() {
    return List.copyOf(endpoints);
  }

  public synchronized List<OperationEntry> operations() {
    return List.copyOf(operations);
  }

  public synchronized EndpointEntry endpointById(int id) {
    return endpoints.get(id);
  }

  public synchronized OperationEntry operationById(int id) {
    return operations.get(id);
  }

  /** Writes the catalog atomically (temp file + rename), so a reader never sees half of it. */
  public synchronized void save(Path dir) {
    StringBuilder text = new StringBuilder();
    for (EndpointEntry e : endpoints) {
      text.append("endpoint\t").append(e.id()).append('\t').append(e.name()).append('\t');
      text.append(e.role()).append('\n');
    }
    for (OperationEntry o : operations) {
      text.append("operation\t").append(o.id()).append('\t').append(o.workload()).append('\t');
      text.append(o.name()).append('\t').append(o.kind()).append('\n');
    }
    try {
      Path tmp = dir.resolve(FILE_NAME + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(
          tmp,
          dir.resolve(FILE_NAME),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
    }
  }

  public static Catalog load(Path dir) throws IOException {
    Catalog catalog = new Catalog();
    for (String line : Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f[0].equals("endpoint")) {
        catalog.endpoints.add(new EndpointEntry(Integer.parseInt(f[1]), f[2], f[3]));
      } else if (f[0].equals("operation")) {
        catalog.operations.add(
            new OperationEntry(Integer.parseInt(f[1]), f[2], f[3], OperationKind.valueOf(f[4])));
      }
    }
    return catalog;
  }
}
