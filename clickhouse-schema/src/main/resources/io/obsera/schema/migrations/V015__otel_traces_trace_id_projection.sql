-- A trace id index for otel_traces: a projection that stores only the sort key (TenantId, TraceId)
-- and each row's _part_offset (ClickHouse 25.5+), so a lookup by trace id finds its rows' granules
-- from the projection's primary index instead of reading the TraceId bloom filter of every granule
-- in the trace's time window. Trace by id reads spans with skip indexes off (TraceRepository); the
-- span query's ClickHouse time fell from 14 to 9-10 ms on the 10 M-span benchmark (README "Query
-- benchmark"), for about 22% more disk on otel_traces (trace ids are random, they compress poorly).
-- The same index on otel_logs and exemplar_links was tried and left out: their trace lookups were
-- no faster with it (slower with skip indexes off), as their windowed bloom filter reads are small.
-- Columns, indexes and sort key are unchanged (still the exporter's layout).
-- The retention sweeper deletes with lightweight DELETE, which a table with projections refuses
-- unless told what to do with them: rebuild keeps the index of a part whose rows were deleted.
-- MATERIALIZE builds the projection for existing parts in the background (a mutation; new parts get
-- it at insert). Until a part has it, a trace lookup reads that part's granules in the trace's time
-- window (bounded by the lookup table, so slower but never a full scan).
ALTER TABLE ${database}.otel_traces MODIFY SETTING lightweight_mutation_projection_mode = 'rebuild';
ALTER TABLE ${database}.otel_traces ADD PROJECTION IF NOT EXISTS trace_id_index
    (SELECT _part_offset ORDER BY TenantId, TraceId);
ALTER TABLE ${database}.otel_traces MATERIALIZE PROJECTION trace_id_index;
