package io.obsera.writer.sink;

import io.obsera.model.Json;
import io.obsera.model.facts.BurnRates;
import java.io.IOException;
import java.util.List;

/** Burn-rate emissions from the topology to {@code slo_burn_rates}. */
final class SloBurnRateTableEncoder implements TableEncoder {
  static final TableSpec BURN =
      new TableSpec(
          "slo_burn_rates",
          List.of(
              "TenantId",
              "SloId",
              "Time",
              "Objective",
              "Burn5m",
              "Burn30m",
              "Burn1h",
              "Burn2h",
              "Burn6h",
              "Burn1d",
              "Burn3d",
              "BudgetRemaining",
              "PeriodGood",
              "PeriodTotal"));

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    BurnRates b;
    try {
      b = Json.MAPPER.readValue(value, BurnRates.class);
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecordException("burn rates are not valid JSON: " + e.getMessage(), e);
    }
    outputs
        .table(BURN)
        .string(tenant)
        .string(b.sloId())
        .dateTime64Millis(b.timeMillis())
        .float64(b.objective())
        .float64(b.burn5m())
        .float64(b.burn30m())
        .float64(b.burn1h())
        .float64(b.burn2h())
        .float64(b.burn6h())
        .float64(b.burn1d())
        .float64(b.burn3d())
        .float64(b.budgetRemaining())
        .uint64(b.periodGood())
        .uint64(b.periodTotal());
    return 1;
  }
}
