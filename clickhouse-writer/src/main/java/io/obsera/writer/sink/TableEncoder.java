package io.obsera.writer.sink;

/** Turns one Kafka record value into RowBinary rows of one or more tables. */
interface TableEncoder {
  /**
   * Appends the rows of one record; returns how many. Throws {@link PoisonRecordException} when the
   * value cannot be decoded (the writer then discards whatever this call appended).
   */
  int encode(String tenant, String key, byte[] value, TableOutputs out);
}
