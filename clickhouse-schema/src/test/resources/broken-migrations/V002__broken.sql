CREATE TABLE ${database}.broken (x UInt8 ENGINE = MergeTree ORDER BY x;
