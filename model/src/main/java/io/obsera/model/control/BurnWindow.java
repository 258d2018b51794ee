package io.obsera.model.control;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * The windows the topology emits burn rates over (see {@code obsera.slo.burn-rates}); burn-rate
 * conditions can only name these. JSON: {@code "5m"}, {@code "30m"}, {@code "1h"}, {@code "2h"},
 * {@code "6h"}, {@code "1d"}, {@code "3d"}.
 */
public enum BurnWindow {
  M5("5m", Duration.ofMinutes(5)),
  M30("30m", Duration.ofMinutes(30)),
  H1("1h", Duration.ofHours(1)),
  H2("2h", Duration.ofHours(2)),
  H6("6h", Duration.ofHours(6)),
  D1("1d", Duration.ofDays(1)),
  D3("3d", Duration.ofDays(3));

  private final String label;
  private final Duration duration;

  BurnWindow(String label, Duration duration) {
    this.label = label;
    this.duration = duration;
  }

  @JsonValue
  public String label() {
    return label;
  }

  public Duration duration() {
    return duration;
  }

  /** The window of a label; throws {@link IllegalArgumentException} naming the allowed ones. */
  @JsonCreator
  public static BurnWindow of(String label) {
    for (BurnWindow w : values()) {
      if (w.label.equals(label)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "burn window must be one of 5m, 30m, 1h, 2h, 6h, 1d, 3d, got: " + label);
  }
}
