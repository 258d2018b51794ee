package io.obsera.model.control;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A tenant's notification routing, as kept in the compacted topic {@link
 * io.obsera.model.Topics#CONTROL_ALERT_ROUTING} (key: tenant id) and managed at {@code
 * /api/v1/alert-routing}. Routes are tried in order; an alert no route takes goes to {@code
 * defaultChannels} (none: it is only recorded). A tenant without a routing record has every one of
 * its channels as default channels.
 *
 * <p>Timings follow Alertmanager: {@code groupWaitMs} (default 30 s) before a new group's first
 * notification, {@code groupIntervalMs} (5 min) between notifications about changes of a group,
 * {@code repeatIntervalMs} (4 h) before a still-firing group is notified again.
 *
 * @param inhibitRules null: the default rule, a firing page inhibits tickets with the same {@code
 *     slo} label ({@link #DEFAULT_INHIBIT_RULES})
 */
public record AlertRouting(
    String tenantId,
    List<AlertRoute> routes,
    List<String> defaultChannels,
    List<String> defaultGroupBy,
    Long groupWaitMs,
    Long groupIntervalMs,
    Long repeatIntervalMs,
    List<InhibitRule> inhibitRules,
    Instant updatedAt,
    String actor) {

  public static final long DEFAULT_GROUP_WAIT_MS = 30_000;
  public static final long DEFAULT_GROUP_INTERVAL_MS = 300_000;
  public static final long DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000L;

  /** A page inhibits the tickets of the same SLO (and of the same endpoint). */
  public static final List<InhibitRule> DEFAULT_INHIBIT_RULES =
      List.of(
          new InhibitRule(
              List.of(
                  new LabelMatcher("severity", "=", "page"), new LabelMatcher("slo", "=~", ".+")),
              List.of(new LabelMatcher("severity", "=", "ticket")),
              List.of("slo")),
          new InhibitRule(
              List.of(
                  new LabelMatcher("severity", "=", "page"),
                  new LabelMatcher("endpoint", "=~", ".+")),
              List.of(new LabelMatcher("severity", "=", "ticket")),
              List.of("endpoint")));

  public static final int MAX_ROUTES = 100;

  /** The longest timing accepted (30 days). */
  public static final long MAX_TIMING_MS = 30 * 86_400_000L;

  /**
   * The routing of a tenant that stored none: every one of {@code channelIds} as default channel,
   * no routes, Alertmanager's default timings and {@link #DEFAULT_INHIBIT_RULES}.
   */
  public static AlertRouting defaultFor(String tenantId, List<String> channelIds) {
    return new AlertRouting(
        tenantId,
        List.of(),
        List.copyOf(channelIds),
        List.of(),
        DEFAULT_GROUP_WAIT_MS,
        DEFAULT_GROUP_INTERVAL_MS,
        DEFAULT_REPEAT_INTERVAL_MS,
        DEFAULT_INHIBIT_RULES,
        null,
        null);
  }

  /**
   * These settings as {@code tenantId}'s routing, changed at {@code updatedAt} by {@code actor}.
   */
  public AlertRouting stamped(String tenantId, Instant updatedAt, String actor) {
    return new AlertRouting(
        tenantId,
        routes,
        defaultChannels,
        defaultGroupBy,
        groupWaitMs,
        groupIntervalMs,
        repeatIntervalMs,
        inhibitRules,
        updatedAt,
        actor);
  }

  public long effectiveGroupWaitMs() {
    return groupWaitMs == null ? DEFAULT_GROUP_WAIT_MS : groupWaitMs;
  }

  public long effectiveGroupIntervalMs() {
    return groupIntervalMs == null ? DEFAULT_GROUP_INTERVAL_MS : groupIntervalMs;
  }

  public long effectiveRepeatIntervalMs() {
    return repeatIntervalMs == null ? DEFAULT_REPEAT_INTERVAL_MS : repeatIntervalMs;
  }

  /** The inhibit rules in force: {@link #DEFAULT_INHIBIT_RULES} when none are set. */
  public List<InhibitRule> effectiveInhibitRules() {
    return inhibitRules == null ? DEFAULT_INHIBIT_RULES : inhibitRules;
  }

  /** Every channel id this routing sends to, routes first, each once. */
  public Set<String> channelIds() {
    Set<String> ids = new LinkedHashSet<>();
    if (routes != null) {
      routes.stream()
          .filter(r -> r != null && r.channels() != null)
          .forEach(r -> ids.addAll(r.channels()));
    }
    if (defaultChannels != null) {
      ids.addAll(defaultChannels);
    }
    return ids;
  }

  /**
   * Where {@code channelId} is used, as field paths ({@code routes[2].channels}, {@code
   * defaultChannels}); empty when it is not.
   */
  public List<String> usesOf(String channelId) {
    List<String> uses = new ArrayList<>();
    for (int i = 0; routes != null && i < routes.size(); i++) {
      AlertRoute r = routes.get(i);
      if (r != null && r.channels() != null && r.channels().contains(channelId)) {
        uses.add("routes[" + i + "].channels");
      }
    }
    if (defaultChannels != null && defaultChannels.contains(channelId)) {
      uses.add("defaultChannels");
    }
    return uses;
  }

  /**
   * Every problem of this record, each naming its field: at most 100 routes; matchers, channel ids
   * and label names well formed; group wait 0 to 30 days, group and repeat intervals 1 s to 30
   * days; inhibit rules with source and target matchers. Whether the channels exist is not checked
   * here (the API checks it against the tenant's channels).
   */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    try {
      if (!TenantRecord.OPERATOR.equals(tenantId)) {
        TenantRecord.requireValidId(tenantId);
      }
    } catch (IllegalArgumentException e) {
      errors.add("field 'tenantId': " + e.getMessage());
    }
    if (routes != null) {
      if (routes.size() > MAX_ROUTES) {
        errors.add("field 'routes' may hold at most " + MAX_ROUTES + " routes");
      }
      for (int i = 0; i < routes.size(); i++) {
        route(errors, "routes[" + i + "]", routes.get(i));
      }
    }
    AlertFields.ids(errors, "defaultChannels", defaultChannels, false);
    AlertFields.names(errors, "defaultGroupBy", defaultGroupBy, AlertFields.LABEL, 10);
    timings(errors, "", groupWaitMs, groupIntervalMs, repeatIntervalMs);
    if (inhibitRules != null) {
      if (inhibitRules.size() > MAX_ROUTES) {
        errors.add("field 'inhibitRules' may hold at most " + MAX_ROUTES + " rules");
      }
      for (int i = 0; i < inhibitRules.size(); i++) {
        String f = "inhibitRules[" + i + "]";
        InhibitRule r = inhibitRules.get(i);
        if (r == null) {
          errors.add("field '" + f + "' must not be null");
          continue;
        }
        AlertFields.matchers(errors, f + ".source", r.source(), true, 32);
        AlertFields.matchers(errors, f + ".target", r.target(), true, 32);
        AlertFields.names(errors, f + ".equal", r.equal(), AlertFields.LABEL, 10);
      }
    }
    if (updatedAt == null) {
      errors.add("field 'updatedAt' is required");
    }
    return errors;
  }

  @JsonIgnore
  public boolean isValid() {
    return validate().isEmpty();
  }

  /** Throws {@link IllegalArgumentException} listing every problem when the record is invalid. */
  public AlertRouting requireValid() {
    FieldErrors.throwIfAny(validate());
    return this;
  }

  private static void route(List<String> errors, String f, AlertRoute r) {
    if (r == null) {
      errors.add("field '" + f + "' must not be null");
      return;
    }
    AlertFields.matchers(errors, f + ".matchers", r.matchers(), false, 32);
    AlertFields.ids(errors, f + ".channels", r.channels(), false);
    AlertFields.names(errors, f + ".groupBy", r.groupBy(), AlertFields.LABEL, 10);
    timings(errors, f + ".", r.groupWaitMs(), r.groupIntervalMs(), r.repeatIntervalMs());
  }

  private static void timings(
      List<String> errors, String prefix, Long wait, Long interval, Long repeat) {
    AlertFields.millis(errors, prefix + "groupWaitMs", wait, 0, MAX_TIMING_MS, false);
    AlertFields.millis(errors, prefix + "groupIntervalMs", interval, 1_000, MAX_TIMING_MS, false);
    AlertFields.millis(errors, prefix + "repeatIntervalMs", repeat, 1_000, MAX_TIMING_MS, false);
  }
}
