-- Derived by the topology: running totals per tenant and hour of arrival; the latest (largest)
-- total of an hour wins, so read with FINAL (or argMax by Version).
CREATE TABLE IF NOT EXISTS ${database}.usage_hourly (
    TenantId LowCardinality(String),
    Hour DateTime,
    Spans UInt64,
    Logs UInt64,
    MetricPoints UInt64,
    Bytes UInt64,
    Version UInt64
) ENGINE = ReplacingMergeTree(Version)
ORDER BY (TenantId, Hour)
SETTINGS non_replicated_deduplication_window = 10000;
