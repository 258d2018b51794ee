package io.obsera.streams.sink;

import java.util.List;

/**
 * Turns one Kafka record value into RowBinary rows of one table.
 *
 * @param <K> record key type
 * @param <V> record value type
 */
interface TableEncoder<K, V> {
  String table();

  /** Column names in the order {@link #encode} writes them. */
  List<String> columns();

  /**
   * Appends the rows of one record; returns how many. Throws {@link PoisonRecordException} when the
   * value cannot be decoded.
   */
  int encode(String tenant, K key, V value, RowBinaryOut out);
}
