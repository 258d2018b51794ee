package io.obsera.model.control;

import java.util.List;

/**
 * While an alert matching {@code source} fires, alerts matching {@code target} whose {@code equal}
 * labels have the same values as the source's are not notified (Alertmanager's inhibit_rules).
 */
public record InhibitRule(
    List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {}
