-- The audit log: one row per AuditEvent (topic obsera.audit): who (Actor) did what (Action) to
-- which object of which tenant, when, and how it ended (Outcome: the HTTP status). Detail is JSON
-- with secrets redacted. A replayed event has the same sort key and collapses. Tenant readers see
-- their tenant's rows through the row policy on every table of the database.
CREATE TABLE IF NOT EXISTS ${database}.audit_log (
    TenantId LowCardinality(String),
    Time DateTime64(3),
    EventId String,
    Actor String,
    Action LowCardinality(String),
    Object String,
    Outcome UInt16,
    Detail String,
    ClientAddress String
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Time)
ORDER BY (TenantId, Time, EventId)
SETTINGS non_replicated_deduplication_window = 10000;
