package io.pgfailover.lab;

import io.pgfailover.config.SettingsException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/lab up | status | down}: the lab from the command line. {@code up} leaves the lab
 * running after it exits; the lab directory can be moved with {@code -Dlab.dir=...}.
 */
public final class LabCli {
  private LabCli() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "status" : args[0];
    LabSettings settings = LabSettings.defaults();
    String dir = System.getProperty("lab.dir");
    if (dir != null && !dir.isBlank()) {
      settings = settings.withLabDir(Path.of(dir));
    }
    int exitCode;
    try {
      exitCode = run(command, settings);
    } catch (SettingsException | LabException e) {
      System.err.println(e.getMessage());
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  static int run(String command, LabSettings settings) {
    switch (command) {
      case "up":
        {
          try (LabLock lock = LabLock.acquire(settings, "bin/lab up")) {
            Lab lab = Lab.start(settings);
            lab.keepAfterExit();
            System.out.println(lab.status());
          }
          System.out.println("The lab keeps running; stop it with: bin/lab down");
          return 0;
        }
      case "status":
        {
          Optional<Lab> lab = Lab.attach(settings);
          if (lab.isEmpty()) {
            System.out.println("No lab running in " + settings.labDir() + " (start: bin/lab up)");
            return 3;
          }
          System.out.println(lab.get().status());
          return 0;
        }
      case "down":
        try (LabLock lock = LabLock.acquire(settings, "bin/lab down")) {
          Lab.stopAny(settings);
        }
        System.out.println("No lab process left in " + settings.labDir());
        return 0;
      default:
        System.err.println("usage: bin/lab up | status | down");
        return 2;
    }
  }
}
