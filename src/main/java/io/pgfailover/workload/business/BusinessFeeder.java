package io.pgfailover.workload.business;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An endless feeder of random business parameters, for Gatling's {@code feed(...)}: every {@link
 * #next()} is a new map holding every key below, so any business operation can run on a session fed
 * once. Values are drawn uniformly within the seeded ranges of {@link BusinessSettings}.
 * Thread-safe (draws from {@link ThreadLocalRandom}), never exhausted.
 */
public final class BusinessFeeder implements Iterator<Map<String, Object>> {
  /** {@code Long}: an existing user id, 1..users. */
  public static final String USER_ID = "user_id";

  /** {@code Long}: an existing product id, 1..products. */
  public static final String PRODUCT_ID = "product_id";

  /** {@code Integer}: units ordered, 1..maxQuantity. */
  public static final String QUANTITY = "quantity";

  /** {@code String}: a lower-case product-name prefix that matches seeded products. */
  public static final String SEARCH_PREFIX = "search_prefix";

  /** {@code String}: a product category present in the seed. */
  public static final String CATEGORY = "category";

  /** {@code Integer}: first row of a page of users, 0..users-pageSize. */
  public static final String PAGE_OFFSET = "page_offset";

  /**
   * {@code Integer}: units added by {@code update_stock}, 1..2*maxQuantity (restocks keep up with
   * orders).
   */
  public static final String STOCK_DELTA = "stock_delta";

  /** {@code String}: the action of a log row written by {@code insert_log}. */
  public static final String LOG_ACTION = "log_action";

  private final long users;
  private final long products;
  private final int maxQuantity;
  private final int maxPageOffset;

  public BusinessFeeder(BusinessSettings settings) {
    this.users = settings.users();
    this.products = settings.products();
    this.maxQuantity = settings.maxQuantity();
    this.maxPageOffset = Math.max(0, settings.users() - settings.pageSize());
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Map<String, Object> next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Map.of(
        USER_ID,
        1 + random.nextLong(users),
        PRODUCT_ID,
        1 + random.nextLong(products),
        QUANTITY,
        1 + random.nextInt(maxQuantity),
        SEARCH_PREFIX,
        BusinessVocabulary.searchPrefix(random.nextInt(BusinessVocabulary.ADJECTIVES.size())),
        CATEGORY,
        pick(random, BusinessVocabulary.CATEGORIES),
        PAGE_OFFSET,
        random.nextInt(maxPageOffset + 1),
        STOCK_DELTA,
        1 + random.nextInt(2 * maxQuantity),
        LOG_ACTION,
        pick(random, BusinessVocabulary.LOG_ACTIONS));
  }

  private static String pick(ThreadLocalRandom random, java.util.List<String> words) {
    return words.get(random.nextInt(words.size()));
  }
}
