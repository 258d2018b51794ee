-- Retention of trace_summaries goes by when a row was written. Start and End cannot date every row:
-- a session that saw only logs of a trace (the spans came in another session) has no span times
-- (Start and End are sentinels until the rows of the trace merge), so a sweep by End would delete
-- it at once. The writer does not list this column, so ClickHouse fills it at insert.
ALTER TABLE ${database}.trace_summaries
    ADD COLUMN IF NOT EXISTS WrittenAt SimpleAggregateFunction(max, DateTime) DEFAULT now();
ALTER TABLE ${database}.trace_summaries MATERIALIZE COLUMN WrittenAt;
