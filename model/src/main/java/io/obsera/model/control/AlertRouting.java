package io.obsera.model.control;

import java.time.Instant;
import java.util.List;

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
}
