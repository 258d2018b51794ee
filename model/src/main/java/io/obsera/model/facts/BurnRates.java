package io.obsera.model.facts;

/**
 * One emission of an SLO's burn rates: error ratio divided by the error budget ({@code 1 -
 * objective}) over each window ending at {@code timeMillis} (0 without traffic), and the share of
 * the period's error budget still left ({@code 1 - bad / (budget * total)}; 1 without traffic,
 * negative once overspent).
 */
public record BurnRates(
    String tenantId,
    String sloId,
    long timeMillis,
    double objective,
    double burn5m,
    double burn30m,
    double burn1h,
    double burn2h,
    double burn6h,
    double burn1d,
    double burn3d,
    double budgetRemaining,
    long periodGood,
    long periodTotal) {}
