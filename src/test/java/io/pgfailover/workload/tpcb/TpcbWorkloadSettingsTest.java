package io.pgfailover.workload.tpcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TpcbMode;
import io.pgfailover.config.WorkloadSettings;
import io.pgfailover.record.OperationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpcbWorkloadSettingsTest {

  private static WorkloadSettings settings(String mode, String script) {
    return new WorkloadSettings(
        true,
        3,
        Duration.ofMillis(20),
        70,
        20,
        10,
        1,
        1,
        1,
        1,
        true,
        Duration.ofMillis(10),
        new WorkloadSettings.Tpcb(
            3, 6, TpcbMode.ofLabel(mode).orElseThrow(), script, Duration.ZERO));
  }

  @Test
  void builtinModeOrScriptFileFromTheSettings(@TempDir Path dir) throws Exception {
    TpcbWorkload builtin = TpcbWorkload.fromSettings(settings("select-only", ""));
    assertEquals("select-only", builtin.weightedOperations().get(0).operation().name());
    assertEquals(OperationKind.READ, builtin.weightedOperations().get(0).operation().kind());
    assertEquals(3, builtin.scale());

    Path file = dir.resolve("transfer.sql");
    Files.writeString(
        file,
        "\\set a random(1, 100000 * :scale)\nUPDATE pgbench_accounts SET "
            + "abalance = abalance + 1 WHERE aid = :a;\n");
    TpcbWorkload custom = TpcbWorkload.fromSettings(settings("tpcb-like", file.toString()));
    assertEquals("transfer", custom.weightedOperations().get(0).operation().name());
    assertEquals(OperationKind.WRITE, custom.weightedOperations().get(0).operation().kind());

    WorkloadSettings.MainLoad load = settings("tpcb-like", "").mainLoad(TpcbWorkload.NAME);
    assertEquals(6, load.usersPerEndpoint());
    assertTrue(load.pace().isZero());
    assertEquals(3, settings("tpcb-like", "").mainLoad("business").usersPerEndpoint());
  }

  @Test
  void aBadScriptNamesTheSettingAndTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.sql");
    Files.writeString(file, "\\set a random(1, 10)\nSELECT :nope;\n");
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> TpcbWorkload.fromSettings(settings("tpcb-like", file.toString())));
    assertEquals("failover.workload.tpcb.script", e.setting());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    SettingsException missing =
        assertThrows(
            SettingsException.class,
            () ->
                TpcbWorkload.fromSettings(
                    settings("tpcb-like", dir.resolve("none.sql").toString())));
    assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
  }
}
