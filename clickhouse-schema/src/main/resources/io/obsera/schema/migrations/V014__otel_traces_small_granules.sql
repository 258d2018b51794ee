-- Trace by id reads about ten rows of otel_traces, spread over the granules of their services, and
-- ClickHouse decompresses every read column of every granule it touches: with 8192-row granules that
-- was 12 MB per trace (the bloom filter finds the right granules; their size is the cost). Granules
-- of 512 rows and 4 KiB compressed blocks cut it to 2 MB and the span lookup's CPU by 40% (README
-- "Query benchmark"), for 5% more disk. A row count, not index_granularity_bytes: with a byte cap
-- (tried), merged parts came out with 8192-row granules again.
-- Columns, indexes, sort key and partitioning are unchanged (still the exporter's layout); only these
-- table settings differ, and index_granularity cannot be altered, so the table is recreated:
-- 1. a new empty table with the new settings (CREATE ... AS copies the columns, codecs and indexes of
--    otel_traces) takes the name otel_traces (EXCHANGE is atomic; the writer's inserts and
--    otel_traces_trace_id_ts_mv follow the name from then on),
-- 2. the existing parts are attached to it (hard links, no copy; attaching fires no view),
-- 3. the old table is dropped (its parts now live in the new one).
-- New parts are small at once. Attached parts keep their 8192-row granules, also through vertical
-- merges (which keep the granules of the parts they merge); to rewrite a day of them now:
--   ALTER TABLE otel_traces MODIFY SETTING enable_vertical_merge_algorithm = 0;
--   OPTIMIZE TABLE otel_traces PARTITION '<day>' FINAL;
--   ALTER TABLE otel_traces RESET SETTING enable_vertical_merge_algorithm;
-- (SmallGranulesMigrationIT does exactly this.) The new table's insert-deduplication window starts
-- empty: a batch the writer re-inserts across this upgrade is not recognised (trace by id collapses
-- a repeated span; counts over raw spans would see it twice).
CREATE TABLE IF NOT EXISTS ${database}.otel_traces_v014 AS ${database}.otel_traces
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (TenantId, ServiceName, SpanName, toDateTime(Timestamp))
SETTINGS index_granularity = 512, min_compress_block_size = 4096,
         ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;
EXCHANGE TABLES ${database}.otel_traces AND ${database}.otel_traces_v014;
ALTER TABLE ${database}.otel_traces ATTACH PARTITION ALL FROM ${database}.otel_traces_v014;
DROP TABLE ${database}.otel_traces_v014;
