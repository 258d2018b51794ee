-- One row per probe check (one endpoint, one region), derived by the topology from the probe
-- agents' OTLP spans (see io.obsera.model.probe.ProbeAttributes). Timings in milliseconds; NULL
-- when the phase did not happen.
CREATE TABLE IF NOT EXISTS ${database}.health_checks (
    TenantId LowCardinality(String),
    EndpointId String,
    Region LowCardinality(String),
    Agent LowCardinality(String),
    Time DateTime64(3),
    Url String,
    Method LowCardinality(String),
    Outcome Enum8('UP' = 1, 'DEGRADED' = 2, 'DOWN' = 3),
    StatusCode Nullable(UInt16),
    Error String,
    DnsMs Nullable(Float64),
    ConnectMs Nullable(Float64),
    TlsMs Nullable(Float64),
    TtfbMs Nullable(Float64),
    TotalMs Nullable(Float64),
    BodyMatched Nullable(UInt8),
    CertExpiresAt Nullable(DateTime),
    TraceId String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(Time)
ORDER BY (TenantId, EndpointId, Time, Region)
SETTINGS non_replicated_deduplication_window = 10000;

-- Outages per endpoint: one row per OutageEvent; the latest (by UpdatedAt) row of an OutageId is
-- its state, so query with FINAL (or argMax). EndTime is NULL while the outage is open.
CREATE TABLE IF NOT EXISTS ${database}.outages (
    TenantId LowCardinality(String),
    EndpointId String,
    OutageId String,
    Kind Enum8('DOWN' = 1, 'DEGRADED' = 2, 'NO_DATA' = 3),
    State Enum8('OPEN' = 1, 'RESOLVED' = 2),
    StartTime DateTime64(3),
    EndTime Nullable(DateTime64(3)),
    Regions Array(LowCardinality(String)),
    Cause String,
    UpdatedAt DateTime64(3)
) ENGINE = ReplacingMergeTree(UpdatedAt)
PARTITION BY toYYYYMM(StartTime)
ORDER BY (TenantId, EndpointId, StartTime, OutageId)
SETTINGS non_replicated_deduplication_window = 10000;
