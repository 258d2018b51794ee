package io.obsera.model.control;

import io.obsera.model.alert.Severity;

/**
 * One multi-window burn-rate condition: it holds while the burn rate over {@code longWindow} and
 * the one over {@code shortWindow} are both at least {@code factor}.
 *
 * <p>The defaults ({@link AlertRule#defaultBurnConditions}) follow the Google SRE Workbook for a
 * 30-day period: page at 14.4 over 1h and 5m (2% of the budget in an hour) or 6 over 6h and 30m (5%
 * in six hours); ticket at 3 over 1d and 2h (10% in a day) or 1 over 3d and 6h (10% in three days).
 * For other periods the budget fractions are kept and the factor scaled: {@code factor = fraction *
 * period / longWindow}.
 */
public record BurnCondition(
    Severity severity, BurnWindow longWindow, BurnWindow shortWindow, double factor) {}
