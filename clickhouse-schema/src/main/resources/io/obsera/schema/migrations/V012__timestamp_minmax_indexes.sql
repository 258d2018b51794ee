-- Time skip indexes for lookups by trace id. otel_traces and otel_logs are ordered by service and
-- name first, so a time range alone prunes only by partition (a day); rows are time-ordered within
-- each (service, name), so a minmax index per granule lets a trace lookup's window (from
-- otel_traces_trace_id_ts) skip almost every granule before the TraceId bloom filters are read.
-- Columns are unchanged (still the exporter's layout); MATERIALIZE builds the index for existing
-- parts in the background (a mutation), new parts get it at insert.
ALTER TABLE ${database}.otel_traces ADD INDEX IF NOT EXISTS idx_timestamp Timestamp TYPE minmax GRANULARITY 1;
ALTER TABLE ${database}.otel_traces MATERIALIZE INDEX idx_timestamp;
ALTER TABLE ${database}.otel_logs ADD INDEX IF NOT EXISTS idx_timestamp Timestamp TYPE minmax GRANULARITY 1;
ALTER TABLE ${database}.otel_logs MATERIALIZE INDEX idx_timestamp;
