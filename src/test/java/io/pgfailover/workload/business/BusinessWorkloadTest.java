package io.pgfailover.workload.business;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.SettingsException;
import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.WeightedOperation;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessWorkloadTest {

  @Test
  void defaultWeightsSplit70_20_10WithEqualSharesInsideEachGroup() {
    List<WeightedOperation> weighted =
        new BusinessWorkload(BusinessSettings.defaults()).weightedOperations();
    assertEquals(10, weighted.size());
    assertEquals(100.0, sum(weighted), 1e-9);
    Map<OperationKind, Double> byKind = new EnumMap<>(OperationKind.class);
    for (WeightedOperation w : weighted) {
      byKind.merge(w.operation().kind(), w.percent(), Double::sum);
      double expected =
          switch (w.operation().kind()) {
            case READ -> 14.0;
            case WRITE -> 5.0;
            case TRANSACTION -> 10.0;
          };
      assertEquals(expected, w.percent(), 1e-9, w.operation().name());
    }
    assertEquals(70.0, byKind.get(OperationKind.READ), 1e-9);
    assertEquals(20.0, byKind.get(OperationKind.WRITE), 1e-9);
    assertEquals(10.0, byKind.get(OperationKind.TRANSACTION), 1e-9);
    Set<String> names = new HashSet<>();
    weighted.forEach(w -> names.add(w.operation().name()));
    assertEquals(Set.copyOf(BusinessWorkload.OPERATION_NAMES), names);
  }

  @Test
  void customWeightsShareTheGroupProportionallyAndZeroDropsAnOperation() {
    BusinessSettings settings =
        BusinessSettings.defaults()
            .withPercents(60, 30, 10)
            .withOperationWeights(Map.of("list_users", 3.0, "recent_logs", 0.0, "insert_log", 2.0));
    List<WeightedOperation> weighted = new BusinessWorkload(settings).weightedOperations();
    assertEquals(9, weighted.size());
    assertEquals(100.0, sum(weighted), 1e-9);
    assertEquals(60.0 * 3 / 6, percentOf(weighted, "list_users"), 1e-9);
    assertEquals(60.0 / 6, percentOf(weighted, "order_stats"), 1e-9);
    assertEquals(30.0 * 2 / 5, percentOf(weighted, "insert_log"), 1e-9);
    assertFalse(weighted.stream().anyMatch(w -> w.operation().name().equals("recent_logs")));

    List<WeightedOperation> noTransactions =
        new BusinessWorkload(BusinessSettings.defaults().withPercents(80, 20, 0))
            .weightedOperations();
    assertEquals(9, noTransactions.size());
    assertEquals(100.0, sum(noTransactions), 1e-9);
  }

  @Test
  void badSettingsNameTheKey() {
    BusinessSettings d = BusinessSettings.defaults();
    assertEquals(
        "workload.business.read-percent",
        assertThrows(SettingsException.class, () -> d.withPercents(70, 20, 20)).setting());
    assertEquals(
        "workload.business.operation-weights.list_user",
        assertThrows(
                SettingsException.class, () -> d.withOperationWeights(Map.of("list_user", 1.0)))
            .setting());
    assertEquals(
        "workload.business.users",
        assertThrows(SettingsException.class, () -> d.withRowCounts(0, 1, 1, 1)).setting());
    BusinessSettings allTransactionsOff = d.withOperationWeights(Map.of("order_transaction", 0.0));
    assertEquals(
        "workload.business.operation-weights",
        assertThrows(SettingsException.class, () -> new BusinessWorkload(allTransactionsOff))
            .setting());
  }

  @Test
  void feederDrawsEveryKeyWithinTheSeededRanges() {
    BusinessSettings settings = BusinessSettings.defaults().withRowCounts(100, 10, 0, 0);
    Iterator<Map<String, Object>> feeder = new BusinessWorkload(settings).feeder();
    Set<Long> users = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertTrue(feeder.hasNext());
      Map<String, Object> p = feeder.next();
      assertEquals(8, p.size());
      long user = (Long) p.get(BusinessFeeder.USER_ID);
      long product = (Long) p.get(BusinessFeeder.PRODUCT_ID);
      int quantity = (Integer) p.get(BusinessFeeder.QUANTITY);
      int offset = (Integer) p.get(BusinessFeeder.PAGE_OFFSET);
      assertTrue(user >= 1 && user <= 100, "user " + user);
      assertTrue(product >= 1 && product <= 10, "product " + product);
      assertTrue(quantity >= 1 && quantity <= settings.maxQuantity(), "quantity " + quantity);
      assertTrue(offset >= 0 && offset <= 100 - settings.pageSize(), "offset " + offset);
      assertTrue((Integer) p.get(BusinessFeeder.STOCK_DELTA) >= 1);
      assertTrue(BusinessVocabulary.CATEGORIES.contains(p.get(BusinessFeeder.CATEGORY)));
      assertTrue(BusinessVocabulary.LOG_ACTIONS.contains(p.get(BusinessFeeder.LOG_ACTION)));
      assertEquals(3, ((String) p.get(BusinessFeeder.SEARCH_PREFIX)).length());
      users.add(user);
    }
    assertEquals(100, users.size(), "every user id is drawn eventually");
  }

  private static double sum(List<WeightedOperation> weighted) {
    return weighted.stream().mapToDouble(WeightedOperation::percent).sum();
  }

  private static double percentOf(List<WeightedOperation> weighted, String name) {
    return weighted.stream()
        .filter(w -> w.operation().name().equals(name))
        .findFirst()
        .orElseThrow()
        .percent();
  }
}
