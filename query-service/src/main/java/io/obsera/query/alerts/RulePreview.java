package io.obsera.query.alerts;

import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.BurnCondition;
import io.obsera.model.control.Comparison;
import io.obsera.model.control.MetricAggregation;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.LatencyBuckets;
import io.obsera.query.alerts.FiringTimeline.Evaluation;
import io.obsera.query.alerts.RulePreviewData.Slice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a rule would have fired over a past range, from the history in ClickHouse, with the alert
 * worker's signal definitions: evaluated every {@link #STEP_MS} (the worker evaluates every {@code
 * OBSERA_ALERT_EVAL_INTERVAL_MS}, 15 s by default; RED rollups are per minute, so a finer step
 * would see the same values), each group's evaluations replayed through {@link FiringTimeline}. At
 * an evaluation at {@code t} a THRESHOLD rule's window holds the slices that started in {@code [t -
 * windowMs, t)}: only complete minutes, as the worker sees them once they are closed.
 */
final class RulePreview {
  static final long STEP_MS = 60_000;
  static final int MAX_GROUPS = 50;

  /** One firing interval; {@code end} null: still firing at the end of the range. */
  record Firing(Instant start, Instant firedAt, Instant end, Double peak) {}

  /** One group (alert) of the rule: its labels, intervals and value at each of {@code times}. */
  record Group(Map<String, String> labels, List<Firing> intervals, List<Double> values) {}

  /**
   * The answer; with {@code evaluated} false, {@code reason} says why the history does not allow a
   * preview. {@code threshold} and {@code comparison} are the line to draw with the values.
   */
  record Result(
      boolean evaluated,
      String reason,
      Instant from,
      Instant to,
      long stepMs,
      String valueUnit,
      Double threshold,
      Comparison comparison,
      List<Long> times,
      List<Group> groups,
      List<String> notes) {}

  private final RulePreviewData data;
  private final Function<AlertRule, Optional<SloDefinition>> slos;

  RulePreview(RulePreviewData data, Function<AlertRule, Optional<SloDefinition>> slos) {
    this.data = data;
    this.slos = slos;
  }

  /** The preview of a valid rule (defaults filled) over {@code [fromMs, toMs)}. */
  Result preview(AlertRule rule, long fromMs, long toMs) {
    List<Long> times = steps(fromMs, toMs);
    List<String> notes = new ArrayList<>();
    notes.add(
        "Evaluated every minute (the alert worker evaluates every OBSERA_ALERT_EVAL_INTERVAL_MS,"
            + " 15 s by default): fire and resolve times may differ by up to a minute, plus the"
            + " pipeline's delay before the worker sees data.");
    if (!rule.isEnabled()) {
      notes.add("The rule is disabled: this is what it would have fired if enabled.");
    }
    return switch (rule.kind()) {
      case THRESHOLD -> threshold(rule, fromMs, toMs, times, notes);
      case NO_DATA -> noData(rule, fromMs, toMs, times, notes);
      case BURN_RATE -> burnRate(rule, fromMs, toMs, notes);
    };
  }

  /**
   * Evaluations start {@code forMs} before the range, so a breach that began before {@code from}
   * fires when and with the start the worker would give it; only intervals that reach into the
   * range are answered, and values only at {@code times}.
   */
  private Result threshold(
      AlertRule rule, long fromMs, long toMs, List<Long> times, List<String> notes) {
    long window = rule.windowMs();
    List<Long> evaluated = steps(fromMs - rule.forMs(), toMs);
    long warmUp = evaluated.stream().filter(t -> t < fromMs).count();
    List<Slice> slices = slices(rule, fromMs - rule.forMs() - window, toMs, notes);
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<Map<String, String>, List<Slice>> g : byGroup(slices).entrySet()) {
      List<Slice> in = g.getValue();
      long first = in.get(0).startMs();
      List<Double> values = new ArrayList<>();
      List<Evaluation> evaluations = new ArrayList<>();
      int lo = 0;
      int hi = 0;
      for (int n = 0; n < evaluated.size(); n++) {
        long t = evaluated.get(n);
        while (hi < in.size() && in.get(hi).startMs() < t) {
          hi++;
        }
        while (lo < hi && in.get(lo).startMs() < t - window) {
          lo++;
        }
        // before its first slice the worker has no window for this group
        Double v = t <= first ? null : value(rule, in.subList(lo, hi));
        if (n >= warmUp) {
          values.add(v);
        }
        if (t > first) {
          boolean breaching = v != null && rule.comparison().breaches(v, rule.threshold());
          evaluations.add(new Evaluation(t, v, breaching));
        }
      }
      Group all = group(g.getKey(), evaluations, rule.forMs(), rule.comparison(), values);
      List<Firing> inRange =
          all.intervals().stream()
              .filter(i -> i.end() == null || i.end().toEpochMilli() > fromMs)
              .toList();
      groups.add(new Group(all.labels(), inRange, all.values()));
    }
    return result(rule, fromMs, toMs, times, groups, notes, unit(rule), rule.threshold());
  }

  /** The evaluation times in {@code [fromMs, toMs]}: whole multiples of {@link #STEP_MS}. */
  static List<Long> steps(long fromMs, long toMs) {
    List<Long> out = new ArrayList<>();
    for (long t = Math.floorDiv(fromMs + STEP_MS - 1, STEP_MS) * STEP_MS; t <= toMs; t += STEP_MS) {
      out.add(t);
    }
    return out;
  }

  private Result noData(
      AlertRule rule, long fromMs, long toMs, List<Long> times, List<String> notes) {
    long forMs = rule.forMs();
    long since = fromMs - forMs;
    List<Slice> slices = slices(rule, since, toMs, notes);
    notes.add(
        "Silence is counted from the data's own times (the worker counts from when data arrives),"
            + " and the rule is taken to have existed since forMs before the range.");
    boolean grouped = rule.groupBy() != null && !rule.groupBy().isEmpty();
    Map<Map<String, String>, List<Slice>> byGroup = byGroup(slices);
    long firstSeen = slices.stream().mapToLong(Slice::lastMs).min().orElse(Long.MAX_VALUE);
    List<Group> groups = new ArrayList<>();
    if (grouped || byGroup.isEmpty()) {
      // the rule as a whole: fires while no group has been seen yet
      List<Double> values = new ArrayList<>();
      List<Evaluation> evaluations = new ArrayList<>();
      for (long t : times) {
        boolean silent = t < firstSeen;
        Double v = silent ? (t - since) / 1000.0 : null;
        values.add(v);
        evaluations.add(new Evaluation(t, v, silent));
      }
      Group whole = group(Map.of(), evaluations, 0, Comparison.ABOVE, values);
      if (!grouped || !whole.intervals().isEmpty()) {
        groups.add(whole);
      }
    }
    for (Map.Entry<Map<String, String>, List<Slice>> g : byGroup.entrySet()) {
      List<Long> seen = g.getValue().stream().map(Slice::lastMs).sorted().toList();
      List<Double> values = new ArrayList<>();
      List<Evaluation> evaluations = new ArrayList<>();
      int i = 0;
      Long last = grouped ? null : since;
      for (long t : times) {
        while (i < seen.size() && seen.get(i) <= t) {
          last = seen.get(i++);
        }
        if (last == null) {
          values.add(null);
          continue;
        }
        long silence = t - last;
        values.add(silence / 1000.0);
        evaluations.add(new Evaluation(t, silence / 1000.0, silence >= forMs));
      }
      groups.add(group(g.getKey(), evaluations, 0, Comparison.ABOVE, values));
    }
    return result(rule, fromMs, toMs, times, groups, notes, "seconds without data", forMs / 1000.0);
  }

  private Result burnRate(AlertRule rule, long fromMs, long toMs, List<String> notes) {
    Optional<SloDefinition> slo = slos.apply(rule);
    if (slo.isEmpty()) {
      return notEvaluated(rule, fromMs, toMs, "SLO " + rule.sloId() + " does not exist");
    }
    List<RulePreviewData.Burn> burns =
        data.burnRates(rule.tenantId(), rule.sloId(), fromMs, toMs, STEP_MS);
    if (burns.isEmpty()) {
      notes.add("No burn rates of SLO " + rule.sloId() + " are stored for this range.");
    }
    notes.add(
        "Burn rates are stored per emission; the last emission of each minute is checked. The"
            + " value drawn per severity is the strongest condition's burn over its factor (both"
            + " windows): 1 or more holds.");
    Map<Severity, List<BurnCondition>> bySeverity = new LinkedHashMap<>();
    for (BurnCondition c : rule.effectiveBurnConditions(slo.get())) {
      bySeverity.computeIfAbsent(c.severity(), s -> new ArrayList<>()).add(c);
    }
    List<Long> times = burns.stream().map(RulePreviewData.Burn::timeMs).toList();
    List<Group> groups = new ArrayList<>();
    bySeverity.forEach(
        (severity, conditions) -> {
          List<Double> values = new ArrayList<>();
          List<Evaluation> evaluations = new ArrayList<>();
          for (RulePreviewData.Burn b : burns) {
            double v =
                conditions.stream()
                    .mapToDouble(
                        c ->
                            Math.min(
                                    b.rates().get(c.longWindow().label()),
                                    b.rates().get(c.shortWindow().label()))
                                / c.factor())
                    .max()
                    .orElse(0);
            values.add(v);
            evaluations.add(new Evaluation(b.timeMs(), v, v >= 1));
          }
          groups.add(
              group(Map.of("severity", severity.name()), evaluations, 0, Comparison.ABOVE, values));
        });
    return result(rule, fromMs, toMs, times, groups, notes, "burn / factor", 1.0);
  }

  private List<Slice> slices(AlertRule rule, long fromMs, long toMs, List<String> notes) {
    if (rule.signal() == AlertSignal.METRIC) {
      long slice =
          rule.kind() == AlertRuleKind.THRESHOLD ? Math.max(1_000, rule.windowMs() / 30) : 60_000;
      return data.metric(rule, fromMs, toMs, slice);
    }
    if (rule.attributes() != null && !rule.attributes().isEmpty()) {
      notes.add(
          "RED rollups carry no attributes besides service, operation and region: a span signal"
              + " rule that filters on attributes gets no data, in the worker as here.");
      return List.of();
    }
    return data.red(rule, fromMs, toMs);
  }

  private static Map<Map<String, String>, List<Slice>> byGroup(List<Slice> slices) {
    Map<Map<String, String>, List<Slice>> out = new LinkedHashMap<>();
    for (Slice s : slices) {
      out.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
    }
    out.values().forEach(l -> l.sort(Comparator.comparingLong(Slice::startMs)));
    return out;
  }

  private static Group group(
      Map<String, String> labels,
      List<Evaluation> evaluations,
      long holdMs,
      Comparison comparison,
      List<Double> values) {
    List<Firing> intervals =
        FiringTimeline.intervals(evaluations, holdMs, comparison == Comparison.BELOW).stream()
            .map(
                i ->
                    new Firing(
                        Instant.ofEpochMilli(i.startMs()),
                        Instant.ofEpochMilli(i.firedMs()),
                        i.endMs() == null ? null : Instant.ofEpochMilli(i.endMs()),
                        i.peak()))
            .toList();
    return new Group(labels, intervals, values);
  }

  private static Result result(
      AlertRule rule,
      long fromMs,
      long toMs,
      List<Long> times,
      List<Group> groups,
      List<String> notes,
      String unit,
      Double threshold) {
    List<Group> shown = new ArrayList<>(groups);
    shown.sort(Comparator.comparing((Group g) -> g.intervals().isEmpty()));
    if (shown.size() > MAX_GROUPS) {
      notes.add(
          shown.size()
              + " groups: the first "
              + MAX_GROUPS
              + " are shown, those that fired first.");
      shown = shown.subList(0, MAX_GROUPS);
    }
    Comparison comparison = rule.kind() == AlertRuleKind.THRESHOLD ? rule.comparison() : null;
    return new Result(
        true,
        null,
        Instant.ofEpochMilli(fromMs),
        Instant.ofEpochMilli(toMs),
        STEP_MS,
        unit,
        threshold,
        comparison == null ? Comparison.ABOVE : comparison,
        times,
        shown,
        notes);
  }

  private static Result notEvaluated(AlertRule rule, long fromMs, long toMs, String reason) {
    return new Result(
        false,
        "Cannot preview " + rule.kind() + " rule: " + reason,
        Instant.ofEpochMilli(fromMs),
        Instant.ofEpochMilli(toMs),
        STEP_MS,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of());
  }

  private static String unit(AlertRule rule) {
    return switch (rule.signal()) {
      case ERROR_RATE -> "error share";
      case LATENCY -> "ms (p" + trim(rule.percentile()) + ")";
      case REQUEST_RATE -> "requests/s";
      case METRIC -> rule.metric() + " (" + rule.aggregation() + ")";
    };
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The worker's value of a threshold rule over the slices of its window. */
  static Double value(AlertRule rule, List<Slice> in) {
    long count = in.stream().mapToLong(Slice::count).sum();
    if (rule.signal() == AlertSignal.REQUEST_RATE) {
      return count / (rule.windowMs() / 1000.0);
    }
    if (count == 0) {
      return null;
    }
    return switch (rule.signal()) {
      case ERROR_RATE -> in.stream().mapToLong(Slice::errors).sum() / (double) count;
      case LATENCY -> percentile(in, count, rule.percentile());
      case METRIC -> aggregate(in, count, rule.aggregation());
      case REQUEST_RATE -> throw new IllegalStateException("handled above");
    };
  }

  /** The worker's latency percentile: the upper bound of the bucket at rank p * count. */
  private static double percentile(List<Slice> slices, long count, double percentile) {
    long[] merged = new long[LatencyBuckets.COUNT];
    slices.forEach(s -> Arrays.setAll(merged, i -> merged[i] + at(s.buckets(), i)));
    return LatencyBuckets.percentileUpperBoundMillis(merged, count, percentile);
  }

  private static long at(long[] buckets, int i) {
    return i < buckets.length ? buckets[i] : 0;
  }

  private static double aggregate(List<Slice> in, long count, MetricAggregation a) {
    return switch (a == null ? MetricAggregation.AVG : a) {
      case AVG -> in.stream().mapToDouble(Slice::sum).sum() / count;
      case MIN -> in.stream().mapToDouble(Slice::min).min().orElseThrow();
      case MAX -> in.stream().mapToDouble(Slice::max).max().orElseThrow();
      case LAST -> in.stream().max(Comparator.comparingLong(Slice::lastMs)).orElseThrow().last();
    };
  }
}
