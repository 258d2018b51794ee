-- Alerts: one row per AlertEvent (topic obsera.alerts.events): FIRING with sequence 1 when an alert
-- fires, FIRING with higher sequences while it updates, RESOLVED (EndsAt set) when it clears. An
-- alert instance is (TenantId, Fingerprint, StartsAt); its latest state is the row with the highest
-- Sequence (argMax(..., Sequence)). A replayed event has the same sort key and collapses.
-- Service is labels['service'] ('' when the alert has none), for the timeline and filters.
CREATE TABLE IF NOT EXISTS ${database}.alerts (
    TenantId LowCardinality(String),
    Fingerprint String,
    RuleId String,
    Name String,
    Source Enum8('BURN_RATE' = 1, 'THRESHOLD' = 2, 'NO_DATA' = 3, 'OUTAGE' = 4),
    Severity Enum8('PAGE' = 1, 'TICKET' = 2, 'INFO' = 3),
    State Enum8('FIRING' = 1, 'RESOLVED' = 2),
    Sequence UInt64,
    Labels Map(LowCardinality(String), String),
    Service LowCardinality(String),
    Summary String,
    Value Nullable(Float64),
    Threshold Nullable(Float64),
    StartsAt DateTime64(9),
    EndsAt Nullable(DateTime64(9)),
    EventTime DateTime64(9)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(StartsAt)
ORDER BY (TenantId, Fingerprint, StartsAt, Sequence)
SETTINGS non_replicated_deduplication_window = 10000;
