package io.pgfailover.workload.business;

import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.SqlOperation;
import io.pgfailover.workload.WeightedOperation;
import io.pgfailover.workload.Workload;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The weighted business scenario of seed 000: five reads, four single-statement writes and the
 * order transaction over the {@code business_*} tables. Immutable; its operations are stateless and
 * shared by every virtual user of every endpoint.
 *
 * <p>Use: {@link #prepare(DataSource)} once before the load, {@code feed(workload.feeder())}, then
 * a {@code randomSwitch} over {@link #weightedOperations()}.
 */
public final class BusinessWorkload implements Workload {
  public static final String NAME = "business";

  public static final String LIST_USERS = "list_users";
  public static final String ORDER_STATS = "order_stats";
  public static final String PRODUCT_SEARCH = "product_search";
  public static final String USER_ORDERS = "user_orders";
  public static final String RECENT_LOGS = "recent_logs";
  public static final String UPDATE_LAST_LOGIN = "update_last_login";
  public static final String CREATE_ORDER = "create_order";
  public static final String UPDATE_STOCK = "update_stock";
  public static final String INSERT_LOG = "insert_log";
  public static final String ORDER_TRANSACTION = "order_transaction";

  /** Every operation name, reads first, then writes, then the transaction. */
  public static final List<String> OPERATION_NAMES =
      List.of(
          LIST_USERS,
          ORDER_STATS,
          PRODUCT_SEARCH,
          USER_ORDERS,
          RECENT_LOGS,
          UPDATE_LAST_LOGIN,
          CREATE_ORDER,
          UPDATE_STOCK,
          INSERT_LOG,
          ORDER_TRANSACTION);

  private final BusinessSettings settings;
  private final List<SqlOperation> operations;
  private final List<WeightedOperation> weighted;

  public BusinessWorkload(BusinessSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    List<SqlOperation> all = new ArrayList<>(ReadOperations.all(settings));
    all.addAll(WriteOperations.all());
    all.add(OrderTransaction.create(settings));
    this.operations = List.copyOf(all);
    this.weighted = weigh(operations, settings);
  }

  @Override
  public String name() {
    return NAME;
  }

  public BusinessSettings settings() {
    return settings;
  }

  /** All ten operations, in {@link #OPERATION_NAMES} order, whatever their weight. */
  public List<SqlOperation> operations() {
    return operations;
  }

  /** The operation named {@code name}. */
  public SqlOperation operation(String name) {
    for (SqlOperation operation : operations) {
      if (operation.name().equals(name)) {
        return operation;
      }
    }
    throw new IllegalArgumentException(
        "no business operation '" + name + "'; known: " + OPERATION_NAMES);
  }

  /**
   * The operations with a positive share, each with its percent; the shares sum to 100 (within
   * 1e-9, well inside Gatling's tolerance), for {@code randomSwitch().on(percent(p).then(...))}.
   */
  @Override
  public List<WeightedOperation> weightedOperations() {
    return weighted;
  }

  /** A new endless feeder of random parameters (see {@link BusinessFeeder}'s keys). */
  @Override
  public Iterator<Map<String, Object>> feeder() {
    return new BusinessFeeder(settings);
  }

  /** Creates and seeds the tables if needed; see {@link BusinessSchema#prepare}. */
  @Override
  public boolean prepare(DataSource dataSource) throws SQLException {
    return BusinessSchema.prepare(dataSource, settings);
  }

  private static List<WeightedOperation> weigh(
      List<SqlOperation> operations, BusinessSettings settings) {
    List<WeightedOperation> result = new ArrayList<>();
    for (OperationKind kind : OperationKind.values()) {
      double groupPercent =
          switch (kind) {
            case READ -> settings.readPercent();
            case WRITE -> settings.writePercent();
            case TRANSACTION -> settings.transactionPercent();
          };
      double weightSum = 0;
      for (SqlOperation operation : operations) {
        if (operation.kind() == kind) {
          weightSum += settings.weightOf(operation.name());
        }
      }
      if (groupPercent == 0) {
        continue;
      }
      if (weightSum == 0) {
        throw new io.pgfailover.config.SettingsException(
            BusinessSettings.KEY_PREFIX + "operation-weights",
            "Every "
                + kind.label()
                + " operation of the business workload has weight 0, but the "
                + kind.label()
                + " share is "
                + groupPercent
                + " %. Give one a positive weight or"
                + " set that share to 0.");
      }
      for (SqlOperation operation : operations) {
        double weight = settings.weightOf(operation.name());
        if (operation.kind() == kind && weight > 0) {
          result.add(new WeightedOperation(operation, groupPercent * weight / weightSum));
        }
      }
    }
    return List.copyOf(result);
  }
}
