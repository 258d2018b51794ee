-- The region of each span's resource as a column, by Obsera's rule (io.obsera.model.Regions):
-- obsera.probe.region (probe agents) wins over cloud.region, else 'unknown'; a value with nothing
-- but spaces, tabs, CR, LF or FF counts as absent. Trace by id reads this column for the trace's
-- summary instead of two keys of ResourceAttributes: reading that map for a trace's granules was
-- the costliest part of the span lookup after the index itself (2-4 ms of 12-17 ms on the 10 M-span
-- benchmark, README "Query benchmark").
-- MATERIALIZED: computed at insert, never written by the exporter and not in SELECT *, so the
-- exporter's layout and inserts are unchanged. MATERIALIZE COLUMN writes it for existing parts in
-- the background (a mutation that adds one column file per part); until a part has it, ClickHouse
-- computes it from ResourceAttributes when read, with the same result.
ALTER TABLE ${database}.otel_traces ADD COLUMN IF NOT EXISTS Region LowCardinality(String)
    MATERIALIZED multiIf(
        match(ResourceAttributes['obsera.probe.region'], '\\S'), ResourceAttributes['obsera.probe.region'],
        match(ResourceAttributes['cloud.region'], '\\S'), ResourceAttributes['cloud.region'],
        'unknown');
ALTER TABLE ${database}.otel_traces MATERIALIZE COLUMN Region;
