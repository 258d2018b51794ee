package io.obsera.model.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of {@link AlertRule#validate()}, per kind; every message names its field. */
final class AlertRuleValidation {
  static final long MIN_WINDOW_MS = 60_000;
  static final long DAY_MS = 86_400_000;
  static final long MAX_NO_DATA_MS = 7 * DAY_MS;

  /** Labels the evaluator sets itself; a rule's own labels may not override them. */
  static final Set<String> RESERVED_LABELS = Set.of("severity", "source", "rule");

  /** Dimensions a rule can group by besides attribute keys. */
  static final Set<String> DIMENSIONS = Set.of("service", "operation", "region");

  private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,254}");

  private AlertRuleValidation() {}

  static List<String> validate(AlertRule r) {
    List<String> errors = new ArrayList<>();
    FieldErrors.ids(errors, r.tenantId(), r.id());
    FieldErrors.text(errors, "name", r.name(), true);
    FieldErrors.text(errors, "service", r.service(), false);
    FieldErrors.text(errors, "operation", r.operation(), false);
    FieldErrors.text(errors, "region", r.region(), false);
    AlertFields.map(errors, "attributes", r.attributes(), AlertFields.ATTRIBUTE, 32);
    AlertFields.names(errors, "groupBy", r.groupBy(), AlertFields.ATTRIBUTE, 10);
    labels(errors, r.labels());
    AlertFields.longText(errors, "summary", r.summary(), 1024);
    if (r.kind() == null) {
      errors.add("field 'kind' is required (BURN_RATE, THRESHOLD or NO_DATA)");
    } else {
      switch (r.kind()) {
        case BURN_RATE -> burnRate(errors, r);
        case THRESHOLD -> threshold(errors, r);
        case NO_DATA -> noData(errors, r);
      }
    }
    FieldErrors.times(errors, r.createdAt(), r.updatedAt());
    return errors;
  }

  private static void labels(List<String> errors, Map<String, String> labels) {
    AlertFields.map(errors, "labels", labels, AlertFields.LABEL, 32);
    if (labels != null) {
      labels.keySet().stream()
          .filter(RESERVED_LABELS::contains)
          .sorted()
          .forEach(
              k ->
                  errors.add(
                      "field 'labels' may not set '"
                          + k
                          + "' (severity, source and rule are set by the evaluator)"));
    }
  }

  private static void burnRate(List<String> errors, AlertRule r) {
    if (r.sloId() == null || !FieldErrors.ID.matcher(r.sloId()).matches()) {
      errors.add("field 'sloId' is required for BURN_RATE rules: the id of an SLO");
    }
    List<BurnCondition> conditions = r.burnConditions();
    if (conditions != null) {
      if (conditions.size() > 10) {
        errors.add("field 'burnConditions' may hold at most 10 conditions");
      }
      for (int i = 0; i < conditions.size(); i++) {
        condition(errors, "burnConditions[" + i + "]", conditions.get(i));
      }
    }
    Map<String, Object> notHere = new LinkedHashMap<>();
    notHere.put("signal", r.signal());
    notHere.put("metric", r.metric());
    notHere.put("aggregation", r.aggregation());
    notHere.put("percentile", r.percentile());
    notHere.put("service", r.service());
    notHere.put("operation", r.operation());
    notHere.put("region", r.region());
    notHere.put("attributes", r.attributes());
    notHere.put("groupBy", r.groupBy());
    notHere.put("comparison", r.comparison());
    notHere.put("threshold", r.threshold());
    notHere.put("windowMs", r.windowMs());
    notHere.put("forMs", r.forMs());
    notHere.put("severity", r.severity());
    notApplicable(
        errors, notHere, "does not apply to BURN_RATE rules (the SLO and the conditions decide)");
  }

  private static void condition(List<String> errors, String field, BurnCondition c) {
    if (c == null) {
      errors.add("field '" + field + "' must not be null");
      return;
    }
    if (c.severity() == null) {
      errors.add("field '" + field + ".severity' is required (PAGE, TICKET or INFO)");
    }
    if (c.longWindow() == null || c.shortWindow() == null) {
      errors.add(
          "field '"
              + field
              + "' needs 'longWindow' and 'shortWindow' (5m, 30m, 1h, 2h, 6h, 1d, 3d)");
    } else if (c.longWindow().duration().compareTo(c.shortWindow().duration()) <= 0) {
      errors.add(
          "field '"
              + field
              + ".longWindow' ("
              + c.longWindow().label()
              + ") must be longer than 'shortWindow' ("
              + c.shortWindow().label()
              + ")");
    }
    if (!(c.factor() > 0) || Double.isInfinite(c.factor())) {
      errors.add("field '" + field + ".factor' must be a positive number, got: " + c.factor());
    }
  }

  private static void threshold(List<String> errors, AlertRule r) {
    signal(errors, r, "THRESHOLD");
    if (r.comparison() == null) {
      errors.add("field 'comparison' is required for THRESHOLD rules (ABOVE or BELOW)");
    }
    Double t = r.threshold();
    if (t == null || t.isNaN() || t.isInfinite()) {
      errors.add("field 'threshold' is required for THRESHOLD rules (a finite number)");
    } else if (r.signal() == AlertSignal.ERROR_RATE && (t < 0 || t > 1)) {
      errors.add(
          "field 'threshold' must be between 0 and 1 for ERROR_RATE (a share: 0.05 is 5%), got: "
              + t);
    } else if ((r.signal() == AlertSignal.LATENCY || r.signal() == AlertSignal.REQUEST_RATE)
        && t < 0) {
      errors.add("field 'threshold' must not be negative for " + r.signal() + ", got: " + t);
    }
    AlertFields.millis(errors, "windowMs", r.windowMs(), MIN_WINDOW_MS, DAY_MS, true);
    AlertFields.millis(errors, "forMs", r.forMs(), 0, DAY_MS, true);
    if (r.signal() == AlertSignal.LATENCY) {
      Double p = r.percentile();
      if (p == null || !(p > 0 && p < 100)) {
        errors.add(
            "field 'percentile' must be strictly between 0 and 100 for LATENCY (e.g. 99), got: "
                + p);
      }
    } else if (r.percentile() != null) {
      errors.add("field 'percentile' applies to LATENCY rules only");
    }
    if (r.signal() == AlertSignal.METRIC && r.aggregation() == null) {
      errors.add("field 'aggregation' is required for METRIC rules (AVG, MIN, MAX or LAST)");
    } else if (r.signal() != AlertSignal.METRIC && r.aggregation() != null) {
      errors.add("field 'aggregation' applies to METRIC rules only");
    }
    notBurnRate(errors, r);
  }

  private static void noData(List<String> errors, AlertRule r) {
    signal(errors, r, "NO_DATA");
    AlertFields.millis(errors, "forMs", r.forMs(), MIN_WINDOW_MS, MAX_NO_DATA_MS, true);
    Map<String, Object> notHere = new LinkedHashMap<>();
    notHere.put("comparison", r.comparison());
    notHere.put("threshold", r.threshold());
    notHere.put("windowMs", r.windowMs());
    notHere.put("percentile", r.percentile());
    notHere.put("aggregation", r.aggregation());
    notApplicable(errors, notHere, "does not apply to NO_DATA rules");
    notBurnRate(errors, r);
  }

  /** The signal and what it needs: a service for span signals, a metric name for METRIC. */
  private static void signal(List<String> errors, AlertRule r, String kind) {
    if (r.signal() == null) {
      errors.add(
          "field 'signal' is required for "
              + kind
              + " rules (ERROR_RATE, LATENCY, REQUEST_RATE or METRIC)");
      return;
    }
    if (r.signal() == AlertSignal.METRIC) {
      if (r.metric() == null || !METRIC.matcher(r.metric()).matches()) {
        errors.add(
            "field 'metric' is required for METRIC rules: a metric name, got: " + r.metric());
      }
    } else {
      if (r.service() == null) {
        errors.add("field 'service' is required for " + r.signal() + " rules");
      }
      if (r.metric() != null) {
        errors.add("field 'metric' applies to METRIC rules only");
      }
    }
    if (r.severity() == null) {
      errors.add("field 'severity' is required (PAGE, TICKET or INFO)");
    }
  }

  private static void notBurnRate(List<String> errors, AlertRule r) {
    Map<String, Object> notHere = new LinkedHashMap<>();
    notHere.put("sloId", r.sloId());
    notHere.put("burnConditions", r.burnConditions());
    notApplicable(errors, notHere, "applies to BURN_RATE rules only");
  }

  private static void notApplicable(
      List<String> errors, Map<String, Object> fields, String problem) {
    fields.forEach(
        (field, value) -> {
          if (value != null) {
            errors.add("field '" + field + "' " + problem);
          }
        });
  }
}
