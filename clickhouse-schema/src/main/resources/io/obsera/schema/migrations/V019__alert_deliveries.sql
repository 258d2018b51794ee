-- Alert deliveries: one row per DeliveryRecord (topic obsera.alerts.deliveries), the end of one
-- notification's delivery to one channel: DELIVERED, or FAILED for good. Fingerprint is the
-- notification's (its group's key); AlertFingerprints the alerts it told about, so an alert's
-- history is the rows whose AlertFingerprints has its fingerprint (records of earlier versions
-- carry none: their Fingerprint is matched instead). Kind is what the notification said ('' when
-- an earlier record does not say). Error is the sender's last failure with secrets redacted.
-- A replayed record has the same sort key and collapses. Retention: the tenants' sweeps by Time,
-- like the alerts table.
CREATE TABLE IF NOT EXISTS ${database}.alert_deliveries (
    TenantId LowCardinality(String),
    DeliveryId String,
    ChannelId String,
    ChannelName String,
    ChannelType LowCardinality(String),
    Fingerprint String,
    AlertFingerprints Array(String),
    Kind LowCardinality(String),
    Sequence UInt64,
    Status Enum8('DELIVERED' = 1, 'FAILED' = 2),
    Outcome LowCardinality(String),
    Attempts UInt32,
    LastStatus UInt16,
    Error String,
    Test Bool,
    Time DateTime64(9),
    INDEX alert_fingerprints AlertFingerprints TYPE bloom_filter GRANULARITY 1,
    INDEX fingerprint Fingerprint TYPE bloom_filter GRANULARITY 1
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Time)
ORDER BY (TenantId, DeliveryId, ChannelId)
SETTINGS non_replicated_deduplication_window = 10000;
