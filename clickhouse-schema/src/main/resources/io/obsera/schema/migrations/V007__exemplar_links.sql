-- Exemplar links: which trace and span a metric point's exemplar came from, per metric series and
-- time; the way from a metric spike to its traces. Written by the writer from the raw metric
-- fragments (one row per exemplar that carries a trace id).
CREATE TABLE IF NOT EXISTS ${database}.exemplar_links (
    TenantId LowCardinality(String),
    ServiceName LowCardinality(String),
    MetricName String,
    Attributes Map(LowCardinality(String), String),
    TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
    Value Float64,
    TraceId String,
    SpanId String,
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(TimeUnix)
ORDER BY (TenantId, ServiceName, MetricName, TimeUnix)
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000;
