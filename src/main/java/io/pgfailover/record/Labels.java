package io.pgfailover.record;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the tool's closed sets are spelled in settings, files and JSON: an enum constant's name in
 * lower case with dashes ({@code KILL_PRIMARY} is {@code kill-primary}). One rule for every set.
 */
public final class Labels {
  private Labels() {}

  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} spelled {@code label}, if any. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String label) {
    return Arrays.stream(type.getEnumConstants()).filter(c -> of(c).equals(label)).findFirst();
  }

  /** Every label of {@code type}, in declaration order: for messages. */
  public static <E extends Enum<E>> List<String> all(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Labels::of).toList();
  }
}
