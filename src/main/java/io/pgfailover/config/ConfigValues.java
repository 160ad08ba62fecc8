package io.pgfailover.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Typed reads of {@code failover.*} values that fail with a {@link SettingsException} naming the
 * key, what was given, what is expected and where to fix it. {@code path} is relative to {@code
 * failover}; {@code fullPath}, where given, is the key to name (for values read from a sub-config
 * such as one endpoint's).
 */
final class ConfigValues {
  private ConfigValues() {}

  static Config parseFile(Supplier<Config> parser, String source) {
    try {
      return parser.get();
    } catch (ConfigException e) {
      throw new SettingsException(
          "failover.config",
          "The configuration file "
              + source
              + " cannot be parsed: "
              + e.getMessage()
              + ". Fix its HOCON syntax.",
          e);
    }
  }

  static String key(String path) {
    return SettingsLoader.ROOT + "." + path;
  }

  static String string(Config c, String path) {
    return string(c, path, path);
  }

  static String string(Config c, String path, String fullPath) {
    try {
      return c.getString(path);
    } catch (ConfigException e) {
      throw bad(fullPath, "a string", c, path, e);
    }
  }

  static List<String> stringList(Config c, String path) {
    try {
      if (c.getValue(path).valueType() == ConfigValueType.STRING) {
        // a -D value is a string: "a,b", or the HOCON form README shows, "[a, b]" or
        // ["http://x", "http://y"] (not parsed as HOCON: "//" in an unquoted URL is a comment)
        String text = c.getString(path).trim();
        if (text.startsWith("[") && text.endsWith("]")) {
          text = text.substring(1, text.length() - 1);
        }
        return text.isBlank()
            ? List.of()
            : Arrays.stream(text.split(","))
                .map(ConfigValues::unquoted)
                .filter(s -> !s.isEmpty())
                .toList();
      }
      return List.copyOf(c.getStringList(path));
    } catch (ConfigException e) {
      throw bad(path, "a list of strings (or a comma-separated string)", c, path, e);
    }
  }

  private static String unquoted(String element) {
    String e = element.trim();
    boolean quoted =
        e.length() >= 2
            && (e.startsWith("\"") && e.endsWith("\"") || e.startsWith("'") && e.endsWith("'"));
    return quoted ? e.substring(1, e.length() - 1).trim() : e;
  }

  static boolean bool(Config c, String path) {
    try {
      return c.getBoolean(path);
    } catch (ConfigException e) {
      throw bad(path, "true or false", c, path, e);
    }
  }

  /** {@code path} inside {@code c}, named {@code fullPath} in the message (an endpoint's key). */
  static boolean bool(Config c, String path, String fullPath) {
    try {
      return c.getBoolean(path);
    } catch (ConfigException e) {
      throw bad(fullPath, "true or false", c, path, e);
    }
  }

  static Duration duration(Config c, String path) {
    return duration(c, path, path);
  }

  /** {@code path} read in {@code c}, named {@code fullPath} (under failover.) in messages. */
  static Duration duration(Config c, String path, String fullPath) {
    try {
      Duration d = c.getDuration(path);
      if (d.isNegative()) {
        // as the user wrote it ("-5s"), not java.time's PT-5S
        throw new SettingsException(
            key(fullPath),
            "failover."
                + fullPath
                + " is negative ("
                + c.getValue(path).unwrapped()
                + "); give a duration such as 10s or 500ms.");
      }
      return d;
    } catch (ConfigException e) {
      throw bad(fullPath, "a duration such as 10s, 500ms or 2m", c, path, e);
    }
  }

  static int positive(Config c, String path) {
    return positive(c, path, path);
  }

  static int positive(Config c, String path, String fullPath) {
    int value = integer(c, path, fullPath);
    if (value < 1) {
      throw new SettingsException(
          key(fullPath), "failover." + fullPath + " is " + value + "; it must be at least 1.");
    }
    return value;
  }

  static int nonNegative(Config c, String path) {
    int value = integer(c, path, path);
    if (value < 0) {
      throw new SettingsException(
          key(path), "failover." + path + " is " + value + "; it must be 0 or more.");
    }
    return value;
  }

  static int integer(Config c, String path, String fullPath) {
    try {
      return c.getInt(path);
    } catch (ConfigException e) {
      throw bad(fullPath, "a whole number", c, path, e);
    }
  }

  static SettingsException bad(
      String fullPath, String expected, Config c, String path, ConfigException e) {
    String given = c.hasPath(path) ? " '" + c.getValue(path).unwrapped() + "'" : " missing";
    return new SettingsException(
        key(fullPath),
        "failover."
            + fullPath
            + " is"
            + given
            + ", but it must be "
            + expected
            + ". Fix it in failover.conf or on the command line "
            + "(-Dfailover."
            + fullPath
            + "=...).",
        e);
  }
}
