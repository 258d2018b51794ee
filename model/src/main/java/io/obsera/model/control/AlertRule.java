package io.obsera.model.control;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.obsera.model.alert.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert rule, as kept in the compacted topic {@link io.obsera.model.Topics#CONTROL_ALERT_RULES}
 * (key {@link #key()}: {@code tenant|id}; a tombstone deletes it) and managed at {@code
 * /api/v1/alert-rules}.
 *
 * <ul>
 *   <li>{@link AlertRuleKind#BURN_RATE}: {@code sloId} and {@code burnConditions} (null or empty:
 *       {@link #defaultBurnConditions} for the SLO's period). Each condition's severity is the
 *       alert's severity; the rule yields one alert per severity.
 *   <li>{@link AlertRuleKind#THRESHOLD}: {@code signal} over the last {@code windowMs}, compared
 *       with {@code threshold} by {@code comparison}, must breach for {@code forMs} (0: at the
 *       first evaluation) before the alert fires; it resolves at the first evaluation that does not
 *       breach. ERROR_RATE, LATENCY (with {@code percentile}) and REQUEST_RATE need {@code
 *       service}; METRIC needs {@code metric} and uses {@code aggregation}.
 *   <li>{@link AlertRuleKind#NO_DATA}: fires when {@code signal} (for its service or metric and
 *       filters) had no data for {@code forMs}; resolves when data comes back.
 * </ul>
 *
 * <p>Filters: {@code service}, {@code operation}, {@code region} (resource attribute {@code
 * cloud.region}) and {@code attributes} (data point or resource attributes, exact match). {@code
 * groupBy} names the dimensions ({@code service}, {@code operation}, {@code region} or attribute
 * keys) that split a rule into one alert per value combination.
 *
 * <p>The constructor accepts anything so that a malformed record can be reported rather than thrown
 * at; {@link #validate()} names every problem.
 *
 * @param enabled null means true
 * @param severity THRESHOLD and NO_DATA rules: the alert's severity (null: TICKET)
 * @param labels extra labels copied onto the rule's alerts (routing and silences match on them)
 * @param summary optional text shown with the alert instead of the generated one
 */
public record AlertRule(
    String tenantId,
    String id,
    String name,
    AlertRuleKind kind,
    Boolean enabled,
    String sloId,
    List<BurnCondition> burnConditions,
    AlertSignal signal,
    String metric,
    MetricAggregation aggregation,
    Double percentile,
    String service,
    String operation,
    String region,
    Map<String, String> attributes,
    List<String> groupBy,
    Comparison comparison,
    Double threshold,
    Long windowMs,
    Long forMs,
    Severity severity,
    Map<String, String> labels,
    String summary,
    Instant createdAt,
    Instant updatedAt,
    String actor) {

  /** The Kafka key of a rule: {@code tenant|id}. */
  public static String key(String tenantId, String id) {
    return tenantId + "|" + id;
  }

  public String key() {
    return key(tenantId, id);
  }

  /** These settings as {@code tenantId}'s rule {@code id}, last changed at {@code updatedAt}. */
  public AlertRule stamped(
      String tenantId, String id, Instant createdAt, Instant updatedAt, String actor) {
    return new AlertRule(
        tenantId,
        id,
        name,
        kind,
        enabled,
        sloId,
        burnConditions,
        signal,
        metric,
        aggregation,
        percentile,
        service,
        operation,
        region,
        attributes,
        groupBy,
        comparison,
        threshold,
        windowMs,
        forMs,
        severity,
        labels,
        summary,
        createdAt,
        updatedAt,
        actor);
  }

  /**
   * These settings with the optional fields filled: {@code enabled} true; THRESHOLD and NO_DATA
   * rules: {@code severity} TICKET; THRESHOLD rules: {@code forMs} 0 and, for METRIC, {@code
   * aggregation} AVG.
   */
  public AlertRule withDefaults() {
    boolean signalRule = kind == AlertRuleKind.THRESHOLD || kind == AlertRuleKind.NO_DATA;
    boolean threshold = kind == AlertRuleKind.THRESHOLD;
    return new AlertRule(
        tenantId,
        id,
        name,
        kind,
        enabled == null ? Boolean.TRUE : enabled,
        sloId,
        burnConditions,
        signal,
        metric,
        threshold && signal == AlertSignal.METRIC && aggregation == null
            ? MetricAggregation.AVG
            : aggregation,
        percentile,
        service,
        operation,
        region,
        attributes,
        groupBy,
        comparison,
        this.threshold,
        windowMs,
        threshold && forMs == null ? Long.valueOf(0) : forMs,
        signalRule && severity == null ? Severity.TICKET : severity,
        labels,
        summary,
        createdAt,
        updatedAt,
        actor);
  }

  /**
   * Every problem of this record, each naming its field; empty when the record is valid. Per kind:
   * BURN_RATE needs {@code sloId} (conditions optional: each with a severity, a long window longer
   * than its short one and a positive factor); THRESHOLD needs {@code signal}, {@code comparison},
   * {@code threshold}, {@code windowMs} (1 min to 1 day) and {@code forMs} (0 to 1 day); NO_DATA
   * needs {@code signal} and {@code forMs} (1 min to 7 days). ERROR_RATE, LATENCY and REQUEST_RATE
   * need {@code service}, LATENCY a {@code percentile} in (0, 100), METRIC a {@code metric} (and,
   * for THRESHOLD, an {@code aggregation}). Fields that do not apply to the kind are refused. The
   * rule's own {@code labels} may not set {@code severity}, {@code source} or {@code rule}.
   */
  public List<String> validate() {
    return AlertRuleValidation.validate(this);
  }

  @JsonIgnore
  public boolean isValid() {
    return validate().isEmpty();
  }

  /** Throws {@link IllegalArgumentException} listing every problem when the record is invalid. */
  public AlertRule requireValid() {
    FieldErrors.throwIfAny(validate());
    return this;
  }

  /** Null counts as enabled. Not a JSON property: {@code enabled} stays as set (null included). */
  @JsonIgnore
  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  /**
   * The burn conditions this rule applies to {@code slo}: its own when set, otherwise {@link
   * #defaultBurnConditions} for the SLO's period (28 or 30 days; a calendar month counts as 30
   * days, its nominal length, so the factors stay the same all year).
   */
  public List<BurnCondition> effectiveBurnConditions(SloDefinition slo) {
    if (burnConditions != null && !burnConditions.isEmpty()) {
      return burnConditions;
    }
    return defaultBurnConditions(nominalDays(slo.period()));
  }

  /**
   * The length in days the default burn conditions assume for {@code period}: 28 or 30, and 30 for
   * a calendar month (its nominal length, whatever the month).
   */
  public static int nominalDays(SloPeriod period) {
    return period == SloPeriod.ROLLING_28D ? 28 : 30;
  }

  /**
   * The SRE Workbook's four conditions for an SLO of {@code period} days: budget fractions 2% (1h /
   * 5m, page), 5% (6h / 30m, page), 10% (1d / 2h, ticket) and 10% (3d / 6h, ticket), each factor
   * {@code fraction * periodHours / longWindowHours}. For 30 days: 14.4, 6, 3 and 1.
   */
  public static List<BurnCondition> defaultBurnConditions(double periodDays) {
    double hours = periodDays * 24;
    return List.of(
        new BurnCondition(Severity.PAGE, BurnWindow.H1, BurnWindow.M5, 0.02 * hours / 1),
        new BurnCondition(Severity.PAGE, BurnWindow.H6, BurnWindow.M30, 0.05 * hours / 6),
        new BurnCondition(Severity.TICKET, BurnWindow.D1, BurnWindow.H2, 0.10 * hours / 24),
        new BurnCondition(Severity.TICKET, BurnWindow.D3, BurnWindow.H6, 0.10 * hours / 72));
  }
}
