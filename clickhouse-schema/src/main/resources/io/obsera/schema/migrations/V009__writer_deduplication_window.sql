-- Exactly once as seen by queries: the writer inserts every batch with an insert_deduplication_token
-- derived from the batch's source partition and offset range, and after a crash or a rebalance it
-- re-inserts exactly the same cut (the cut is recorded in the Kafka commit metadata before the
-- insert). ClickHouse drops the repeated block only on tables that keep the hashes of their last
-- inserted blocks: on a non-replicated MergeTree that needs non_replicated_deduplication_window
-- (Replicated tables have replicated_deduplication_window by default).
--
-- Every table the writer inserts into, and every table a materialized view fills from them, MUST set
-- it: a new table created by a later migration declares it in its SETTINGS (as V001-V007 do), and
-- DeduplicationWindowIT fails for any MergeTree table of the database without it.
-- This migration sets it on the lookup table filled by otel_traces_trace_id_ts_mv, the one table
-- created without it, and restates it on the others (idempotent).
ALTER TABLE ${database}.otel_traces_trace_id_ts MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.otel_traces MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.otel_logs MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.trace_span_counts MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.otel_metrics_gauge MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.otel_metrics_sum MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.otel_metrics_histogram MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.otel_metrics_exponential_histogram MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.otel_metrics_summary MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.trace_summaries MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.red_minute MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.usage_hourly MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE ${database}.exemplar_links MODIFY SETTING non_replicated_deduplication_window = 10000;
