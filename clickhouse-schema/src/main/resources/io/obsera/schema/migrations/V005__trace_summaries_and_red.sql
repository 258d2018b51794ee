-- Derived by the topology. One row per closed trace session; rows of one trace merge (min start,
-- max end, sums, unions), so query with GROUP BY TenantId, TraceId and the same functions
-- (min(Start), max(End), sum(SpanCount), sumMap(LogCounts), groupUniqArrayArray(Services), ...).
-- No partition key: a trace's rows must be able to merge whatever their times.
CREATE TABLE IF NOT EXISTS ${database}.trace_summaries (
    TenantId LowCardinality(String),
    TraceId String,
    Start SimpleAggregateFunction(min, DateTime64(9)),
    End SimpleAggregateFunction(max, DateTime64(9)),
    RootService SimpleAggregateFunction(max, String),
    RootOperation SimpleAggregateFunction(max, String),
    SpanCount SimpleAggregateFunction(sum, UInt64),
    ErrorCount SimpleAggregateFunction(sum, UInt64),
    LogCounts SimpleAggregateFunction(sumMap, Map(String, UInt64)),
    Services SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    Regions SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1
) ENGINE = AggregatingMergeTree
ORDER BY (TenantId, TraceId)
SETTINGS non_replicated_deduplication_window = 10000;

-- RED rollups: one row per series and closed minute. LatencyBuckets are the fixed log-scale buckets
-- of io.obsera.streams.facts.LatencyBuckets (bucket i: up to 2^(i/4) microseconds); merge with
-- sumForEach(LatencyBuckets) over any set of minutes, series or regions.
CREATE TABLE IF NOT EXISTS ${database}.red_minute (
    TenantId LowCardinality(String),
    ServiceName LowCardinality(String),
    Operation LowCardinality(String),
    Region LowCardinality(String),
    Minute DateTime,
    Count UInt64,
    Errors UInt64,
    DurationSumNanos UInt64,
    LatencyBuckets Array(UInt64)
) ENGINE = MergeTree
PARTITION BY toDate(Minute)
ORDER BY (TenantId, ServiceName, Operation, Region, Minute)
SETTINGS non_replicated_deduplication_window = 10000;
