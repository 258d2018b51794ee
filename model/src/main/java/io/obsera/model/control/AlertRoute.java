package io.obsera.model.control;

import java.util.List;

/**
 * One route of a tenant's {@link AlertRouting}: alerts matching every matcher go to {@code
 * channels} (channel ids), grouped by the values of the {@code groupBy} labels (Alertmanager's
 * group_by). Null timings take the defaults of {@link AlertRouting}.
 *
 * @param continueMatching false: the first matching route takes the alert; true: later routes are
 *     tried too
 */
public record AlertRoute(
    List<LabelMatcher> matchers,
    List<String> channels,
    List<String> groupBy,
    Long groupWaitMs,
    Long groupIntervalMs,
    Long repeatIntervalMs,
    boolean continueMatching) {}
