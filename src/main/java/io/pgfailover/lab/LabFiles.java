package io.pgfailover.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** File chores of the lab: ownership by user postgres, private files, log tails, wiping. */
final class LabFiles {
  private static final String TRASH_PREFIX = ".trash-";

  private LabFiles() {}

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Writes {@code text} to a file only its owner can read (it may hold a password). */
  static void writePrivate(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /**
   * Hands {@code root} (recursively) to user postgres when we are root, who runs the lab. Skips the
   * trash a detached {@code rm} is deleting.
   */
  static void giveToPostgres(Path root) throws IOException {
    if (!runningAsRoot()) {
      return;
    }
    UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal owner = users.lookupPrincipalByName("postgres");
    GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.getFileName().toString().startsWith(TRASH_PREFIX)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            chown(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            chown(file);
            return FileVisitResult.CONTINUE;
          }

          private void chown(Path p) throws IOException {
            PosixFileAttributeView view =
                Files.getFileAttributeView(p, PosixFileAttributeView.class);
            view.setOwner(owner);
            view.setGroup(group);
          }
        });
  }

  /**
   * Empties {@code dir} except the names in {@code keep}. The old contents are renamed into a trash
   * folder (instant) and deleted by a detached {@code rm -rf}: deleting three PostgreSQL data
   * directories in place takes over a second of the bring-up.
   */
  static void wipe(Path dir, Set<String> keep) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Path trash = dir.resolve(TRASH_PREFIX + System.nanoTime());
    Files.createDirectory(trash);
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        if (!child.equals(trash) && !keep.contains(name)) {
          Files.move(child, trash.resolve(name)); // older trash too, if an rm was cut short
        }
      }
    }
    new ProcessBuilder("rm", "-rf", trash.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The last {@code lines} lines of a log file, or a note that there is none. */
  static String tail(Path file, int lines) {
    try {
      // Decoded leniently: a log may hold bytes that are not UTF-8.
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      List<String> all = List.of(text.split("\n"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + file + ")";
    } catch (RuntimeException e) {
      return "(unreadable log at " + file + ": " + e + ")";
    }
  }
}
