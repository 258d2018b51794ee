CREATE TABLE IF NOT EXISTS ${database}.ok_table (TenantId LowCardinality(String), x UInt8) ENGINE = MergeTree ORDER BY (TenantId, x);
