package io.pgfailover.workload.business;

import java.util.List;
import java.util.Locale;

/**
 * The words the seed data is made of, shared by the seeding SQL (passed as arrays) and the feeder,
 * so a search prefix or a category drawn by the feeder always matches seeded rows.
 */
final class BusinessVocabulary {
  static final List<String> CATEGORIES =
      List.of("books", "electronics", "garden", "grocery", "health", "home", "sports", "toys");
  static final List<String> ADJECTIVES =
      List.of(
          "Amber",
          "Brisk",
          "Cobalt",
          "Dapper",
          "Electric",
          "Fabled",
          "Golden",
          "Humble",
          "Ivory",
          "Jolly",
          "Keen",
          "Lunar",
          "Mellow",
          "Nimble",
          "Opal",
          "Plucky",
          "Quiet",
          "Rustic",
          "Sunny",
          "Tidy");
  static final List<String> NOUNS =
      List.of(
          "Anchor",
          "Basket",
          "Candle",
          "Drill",
          "Easel",
          "Flask",
          "Globe",
          "Hammock",
          "Kettle",
          "Lantern",
          "Mixer",
          "Notebook",
          "Pillow",
          "Racket",
          "Scooter",
          "Teapot");

  /** Actions of log rows written by seeding and by {@code insert_log}. */
  static final List<String> LOG_ACTIONS =
      List.of("login", "logout", "view_product", "add_to_cart", "update_profile", "search");

  static final List<String> ORDER_STATUSES =
      List.of("created", "paid", "shipped", "delivered", "cancelled");

  /** Length of the name prefixes the feeder searches for. */
  static final int SEARCH_PREFIX_LENGTH = 3;

  private BusinessVocabulary() {}

  /** The lower-case prefix of an adjective, as {@code product_search} matches it. */
  static String searchPrefix(int adjectiveIndex) {
    return ADJECTIVES
        .get(adjectiveIndex)
        .substring(0, SEARCH_PREFIX_LENGTH)
        .toLowerCase(Locale.ROOT);
  }
}
