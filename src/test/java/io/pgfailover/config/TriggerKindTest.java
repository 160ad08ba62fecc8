package io.pgfailover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one declaration of the trigger kinds, and the refusals the settings derive from it. */
class TriggerKindTest {

  @Test
  void everyKindReadsBackFromItsLabel() {
    for (TriggerKind k : TriggerKind.values()) {
      assertEquals(k, TriggerKind.ofLabel(k.label()).orElseThrow());
    }
    assertEquals("patroni-switchover", TriggerKind.PATRONI_SWITCHOVER.label());
    assertTrue(TriggerKind.ofLabel("patroni_switchover").isEmpty(), "labels use dashes");
  }

  @Test
  void theMatrixTakesLabFaultsOnly() {
    assertEquals(
        Arrays.asList(
            "freeze-primary",
            "kill-dcs",
            "kill-postgres",
            "kill-primary",
            "kill-proxy",
            "partition-clients",
            "partition-dcs",
            "partition-primary",
            "patroni-failover",
            "patroni-switchover",
            "rolling-restart",
            "stop-dcs"),
        TriggerKind.labels(TriggerKind::isLabFault));
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () ->
                SettingsLoaderTest.load(
                    "failover.matrix = [patroni-switchover, command]", Map.of()));
    assertEquals("failover.matrix", e.setting());
    assertTrue(
        e.getMessage().contains("contains 'command', which is not a lab fault"), e.getMessage());
  }

  @Test
  void aKindThatDoesNotFitTheTargetIsRefusedByItsFit() {
    Map<String, String> env = Map.of("FAILOVER_PASSWORD", "x");
    String endpoints = "failover.endpoints.db.url = \"jdbc:postgresql://127.0.0.1:5432/db\"\n";
    for (TriggerKind k : TriggerKind.values()) {
      if (k.fit() == TriggerKind.Fit.LAB) {
        SettingsException e =
            assertThrows(
                SettingsException.class,
                () -> SettingsLoaderTest.load(endpoints + "failover.trigger = " + k.label(), env),
                k.label());
        assertTrue(e.getMessage().contains("only fits the local lab"), e.getMessage());
      }
      if (k.fit() == TriggerKind.Fit.AWS) {
        SettingsException e =
            assertThrows(
                SettingsException.class,
                () -> SettingsLoaderTest.load("failover.trigger = " + k.label(), env),
                k.label());
        assertTrue(e.getMessage().contains("acts on an AWS RDS cluster"), e.getMessage());
      }
    }
  }
}
