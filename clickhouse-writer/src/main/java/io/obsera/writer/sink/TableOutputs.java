package io.obsera.writer.sink;

/** Where an encoder appends rows: one RowBinary buffer per table of the current batch. */
interface TableOutputs {
  RowBinaryOut table(TableSpec table);
}
