-- Derived by the first Streams topology: running span count per trace (latest count wins).
CREATE TABLE IF NOT EXISTS ${database}.trace_span_counts (
    TenantId LowCardinality(String),
    TraceId String,
    SpanCount UInt64,
    UpdatedAt DateTime64(3)
) ENGINE = ReplacingMergeTree(SpanCount)
ORDER BY (TenantId, TraceId)
SETTINGS non_replicated_deduplication_window = 10000;
