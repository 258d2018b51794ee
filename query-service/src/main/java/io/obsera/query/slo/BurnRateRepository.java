package io.obsera.query.slo;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.SqlTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code slo_burn_rates}: an SLO's latest emission, and the last emission of each step of a
 * range. Rows older than the SLO's creation (an earlier SLO of the same id) are not read.
 */
public final class BurnRateRepository {
  private static final String LAST_PER_STEP =
      "SELECT intDiv(toUnixTimestamp64Milli(Time) - {fromMs:Int64}, {stepMs:Int64}) AS Step,"
          + " toUnixTimestamp64Milli(max(Time)) AS TMs, argMax(Objective, Time) AS O, argMax(BudgetRemaining, Time) AS R,"
          + " argMax(PeriodGood, Time) AS G, argMax(PeriodTotal, Time) AS N, "
          + BurnRateRow.WINDOWS.stream()
              .map(w -> "argMax(" + BurnRateRow.column(w) + ", Time) AS b" + w)
              .collect(Collectors.joining(", "))
          + " FROM slo_burn_rates WHERE TenantId = {tenant:String} AND SloId = {slo:String}"
          + " AND Time >= {from:DateTime64(9)} AND Time < {to:DateTime64(9)}"
          + " GROUP BY Step ORDER BY Step";

  private static final String LATEST =
      "SELECT toUnixTimestamp64Milli(Time) AS TMs, Objective AS O, BudgetRemaining AS R, PeriodGood AS G, PeriodTotal AS N, "
          + BurnRateRow.WINDOWS.stream()
              .map(w -> BurnRateRow.column(w) + " AS b" + w)
              .collect(Collectors.joining(", "))
          + " FROM slo_burn_rates WHERE TenantId = {tenant:String} AND SloId = {slo:String}"
          + " AND Time >= {from:DateTime64(9)} AND Time < {to:DateTime64(9)}"
          + " ORDER BY Time DESC LIMIT 1";

  private final Client client;

  public BurnRateRepository(Client client) {
    this.client = client;
  }

  /** The latest emission in {@code [notBefore, before)}; null when there is none. */
  BurnRateRow latest(String tenant, String sloId, Instant notBefore, Instant before) {
    List<GenericRecord> rows = client.queryAll(LATEST, params(tenant, sloId, notBefore, before));
    return rows.isEmpty() ? null : row(rows.get(0));
  }

  /**
   * The last emission of each step of {@code [from, to)} that has one, steps counted from {@code
   * from}.
   */
  List<BurnRateRow> lastPerStep(
      String tenant, String sloId, Instant from, Instant to, Duration step) {
    Map<String, Object> p = params(tenant, sloId, from, to);
    p.put("fromMs", from.toEpochMilli());
    p.put("stepMs", step.toMillis());
    return client.queryAll(LAST_PER_STEP, p).stream().map(BurnRateRepository::row).toList();
  }

  private static Map<String, Object> params(String tenant, String sloId, Instant from, Instant to) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("slo", sloId);
    p.put("from", SqlTime.dateTime64(nanos(from)));
    p.put("to", SqlTime.dateTime64(nanos(to)));
    return p;
  }

  private static BurnRateRow row(GenericRecord r) {
    Map<String, Double> burn = new HashMap<>();
    BurnRateRow.WINDOWS.forEach(w -> burn.put(w, r.getDouble("b" + w)));
    return new BurnRateRow(
        Instant.ofEpochMilli(r.getLong("TMs")),
        r.getDouble("O"),
        burn,
        r.getDouble("R"),
        r.getLong("G"),
        r.getLong("N"));
  }

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}
