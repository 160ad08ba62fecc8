package io.pgfailover.downtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A set of heartbeat sequence numbers, one bit each, in pages of 65,536: a day of one endpoint's
 * heartbeats (8.6 million at 100 a second) is 1 MiB. Sequences are dense from 1 in a run, and
 * nearly ascending as they arrive, so the last page used is kept at hand.
 */
final class SeqBits {
  private static final int PAGE_BITS = 16;
  private final TreeMap<Long, long[]> pages = new TreeMap<>();
  private long lastKey = Long.MIN_VALUE;
  private long[] lastPage;
  private long cardinality;

  /** Adds {@code seq}; true when it was not there yet. */
  boolean add(long seq) {
    long[] page = page(seq >> PAGE_BITS, true);
    int bit = (int) (seq & ((1 << PAGE_BITS) - 1));
    long mask = 1L << (bit & 63);
    if ((page[bit >>> 6] & mask) != 0) {
      return false;
    }
    page[bit >>> 6] |= mask;
    cardinality++;
    return true;
  }

  boolean contains(long seq) {
    long[] page = page(seq >> PAGE_BITS, false);
    int bit = (int) (seq & ((1 << PAGE_BITS) - 1));
    return page != null && (page[bit >>> 6] & (1L << (bit & 63))) != 0;
  }

  long cardinality() {
    return cardinality;
  }

  boolean isEmpty() {
    return cardinality == 0;
  }

  /** Every member, ascending. */
  void forEach(LongConsumer action) {
    for (Map.Entry<Long, long[]> e : pages.entrySet()) {
      long base = e.getKey() << PAGE_BITS;
      long[] words = e.getValue();
      for (int w = 0; w < words.length; w++) {
        long word = words[w];
        while (word != 0) {
          int bit = Long.numberOfTrailingZeros(word);
          action.accept(base + (w << 6) + bit);
          word &= word - 1;
        }
      }
    }
  }

  private long[] page(long key, boolean create) {
    if (key == lastKey) {
      return lastPage;
    }
    long[] page = pages.get(key);
    if (page == null) {
      if (!create) {
        return null;
      }
      page = new long[(1 << PAGE_BITS) / 64];
      pages.put(key, page);
    }
    lastKey = key;
    lastPage = page;
    return page;
  }
}
