package io.pgfailover.workload.business;

import io.pgfailover.config.SettingsException;
import java.util.Map;

/**
 * Settings of the weighted business workload (seed 000). Immutable and validated on construction: a
 * bad value throws {@link SettingsException} naming the key under {@value #KEY_PREFIX}.
 *
 * <p>Row counts are what {@link BusinessSchema#prepare} seeds. The three group percentages split
 * the iterations between reads, writes and transactions and must sum to 100; inside a group the
 * operations share the group's percentage in proportion to {@code operationWeights} (relative
 * weights by operation name, default 1 each, 0 switches an operation off).
 *
 * @param users rows seeded in {@code business_users} (ids 1..users)
 * @param products rows seeded in {@code business_products} (ids 1..products)
 * @param orders rows seeded in {@code business_orders}
 * @param logs rows seeded in {@code business_logs}
 * @param readPercent share of read operations, percent
 * @param writePercent share of single-statement writes, percent
 * @param transactionPercent share of the order transaction, percent
 * @param operationWeights relative weight of an operation within its group, by operation name
 * @param pageSize rows per page of {@code list_users} and of the other listing reads
 * @param maxQuantity largest quantity an order asks for (quantities are 1..maxQuantity)
 * @param restockQuantity units added to a product the order transaction finds out of stock
 */
public record BusinessSettings(
    int users,
    int products,
    int orders,
    int logs,
    double readPercent,
    double writePercent,
    double transactionPercent,
    Map<String, Double> operationWeights,
    int pageSize,
    int maxQuantity,
    int restockQuantity) {

  public static final String KEY_PREFIX = "workload.business.";

  public BusinessSettings {
    atLeast("users", users, 1);
    atLeast("products", products, 1);
    atLeast("orders", orders, 0);
    atLeast("logs", logs, 0);
    atLeast("page-size", pageSize, 1);
    atLeast("max-quantity", maxQuantity, 1);
    atLeast("restock-quantity", restockQuantity, maxQuantity);
    percent("read-percent", readPercent);
    percent("write-percent", writePercent);
    percent("transaction-percent", transactionPercent);
    double sum = readPercent + writePercent + transactionPercent;
    if (Math.abs(sum - 100.0) > 1e-6) {
      throw new SettingsException(
          KEY_PREFIX + "read-percent",
          "The business workload's read-percent ("
              + readPercent
              + "), write-percent ("
              + writePercent
              + ") and transaction-percent ("
              + transactionPercent
              + ") sum to "
              + sum
              + "; they must sum to 100. Adjust them, e.g. 70/20/10.");
    }
    operationWeights = Map.copyOf(operationWeights);
    for (Map.Entry<String, Double> e : operationWeights.entrySet()) {
      if (!BusinessWorkload.OPERATION_NAMES.contains(e.getKey())) {
        throw new SettingsException(
            KEY_PREFIX + "operation-weights." + e.getKey(),
            "Unknown business operation '"
                + e.getKey()
                + "' in operation-weights; known: "
                + BusinessWorkload.OPERATION_NAMES
                + ". Fix the name or remove the entry.");
      }
      double w = e.getValue();
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new SettingsException(
            KEY_PREFIX + "operation-weights." + e.getKey(),
            "The weight of business operation '"
                + e.getKey()
                + "' is "
                + w
                + "; it must be a finite number >= 0 (0 switches the operation off).");
      }
    }
  }

  /** 10 000 users, 1 000 products, 20 000 orders, 20 000 logs; 70/20/10; equal weights. */
  public static BusinessSettings defaults() {
    return new BusinessSettings(10_000, 1_000, 20_000, 20_000, 70, 20, 10, Map.of(), 20, 5, 100);
  }

  /** A copy with other row counts. */
  public BusinessSettings withRowCounts(int users, int products, int orders, int logs) {
    return new BusinessSettings(
        users,
        products,
        orders,
        logs,
        readPercent,
        writePercent,
        transactionPercent,
        operationWeights,
        pageSize,
        maxQuantity,
        restockQuantity);
  }

  /** A copy with other group percentages (they must sum to 100). */
  public BusinessSettings withPercents(double reads, double writes, double transactions) {
    return new BusinessSettings(
        users,
        products,
        orders,
        logs,
        reads,
        writes,
        transactions,
        operationWeights,
        pageSize,
        maxQuantity,
        restockQuantity);
  }

  /** A copy with other relative weights within the groups. */
  public BusinessSettings withOperationWeights(Map<String, Double> weights) {
    return new BusinessSettings(
        users,
        products,
        orders,
        logs,
        readPercent,
        writePercent,
        transactionPercent,
        weights,
        pageSize,
        maxQuantity,
        restockQuantity);
  }

  /** The relative weight of an operation within its group (1 unless set). */
  public double weightOf(String operationName) {
    return operationWeights.getOrDefault(operationName, 1.0);
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new SettingsException(
          KEY_PREFIX + key,
          "The business workload's " + key + " is " + value + "; it must be at least " + min + ".");
    }
  }

  private static void percent(String key, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new SettingsException(
          KEY_PREFIX + key,
          "The business workload's "
              + key
              + " is "
              + value
              + "; it must be a percentage between 0 and 100.");
    }
  }
}
