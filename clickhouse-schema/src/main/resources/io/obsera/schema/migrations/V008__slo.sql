-- SLI counts per SLO and minute, written as deltas by the topology (one row per flush of a source
-- partition); SummingMergeTree adds rows of the same key when parts merge, so query with
-- sum(Good), sum(Total) ... GROUP BY TenantId, SloId, Minute.
CREATE TABLE IF NOT EXISTS ${database}.slo_sli_minute (
    TenantId LowCardinality(String),
    SloId String,
    Minute DateTime,
    Good UInt64,
    Total UInt64
) ENGINE = SummingMergeTree((Good, Total))
PARTITION BY toYYYYMM(Minute)
ORDER BY (TenantId, SloId, Minute)
SETTINGS non_replicated_deduplication_window = 10000;

-- Burn rates: one row per SLO per emission (every OBSERA_SLO_BURN_INTERVAL_MS, traffic or not).
-- Burn = error ratio / (1 - Objective) over the window ending at Time; BudgetRemaining is the
-- share of the period's error budget left (1 without traffic, negative once overspent).
CREATE TABLE IF NOT EXISTS ${database}.slo_burn_rates (
    TenantId LowCardinality(String),
    SloId String,
    Time DateTime64(3),
    Objective Float64,
    Burn5m Float64,
    Burn30m Float64,
    Burn1h Float64,
    Burn2h Float64,
    Burn6h Float64,
    Burn1d Float64,
    Burn3d Float64,
    BudgetRemaining Float64,
    PeriodGood UInt64,
    PeriodTotal UInt64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(Time)
ORDER BY (TenantId, SloId, Time)
SETTINGS non_replicated_deduplication_window = 10000;
