package io.obsera.query.slo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One emission of an SLO's burn rates as stored in {@code slo_burn_rates} (or the last one of a
 * step of the series): the seven windows' burn rates, the share of the period's budget left, and
 * the period's good and total events.
 */
record BurnRateRow(
    Instant time,
    double objective,
    Map<String, Double> burnRates,
    double budgetRemaining,
    long periodGood,
    long periodTotal) {

  /** The windows, as the API names them, in the order of the table's columns. */
  static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  BurnRateRow {
    burnRates = Map.copyOf(burnRates);
  }

  /** Burn rate over {@code window} (0 when unknown). */
  double burn(String window) {
    return burnRates.getOrDefault(window, 0.0);
  }

  /** The burn rates in window order, for responses. */
  Map<String, Double> orderedBurnRates() {
    Map<String, Double> out = new LinkedHashMap<>();
    WINDOWS.forEach(w -> out.put(w, burn(w)));
    return out;
  }

  /** The column of {@code slo_burn_rates} holding a window's burn rate: {@code Burn1h}. */
  static String column(String window) {
    return "Burn" + window;
  }
}
