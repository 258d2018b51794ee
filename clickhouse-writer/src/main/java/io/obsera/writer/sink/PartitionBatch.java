package io.obsera.writer.sink;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The rows read from one source partition since its last commit, one RowBinary buffer per table.
 * When the partition was taken over with a recorded cut ({@link #resuming}), the batch is fixed to
 * exactly that cut: it is flushed once it reached the cut's end, never earlier or later. Only the
 * writer thread touches it.
 */
final class PartitionBatch implements TableOutputs {
  final TopicPartition source;
  private final Map<TableSpec, RowBinaryOut> tables = new LinkedHashMap<>();
  private final BatchCut recorded;
  private long first = -1;
  private long last = -1;
  private long rows;
  private long startedNanos;
  private boolean sealed;
  private boolean revoked;

  PartitionBatch(TopicPartition source) {
    this(source, null);
  }

  private PartitionBatch(TopicPartition source, BatchCut recorded) {
    this.source = source;
    this.recorded = recorded;
  }

  /** A batch that must re-insert exactly {@code cut} (found in the partition's commit metadata). */
  static PartitionBatch resuming(TopicPartition source, BatchCut cut) {
    return new PartitionBatch(source, cut);
  }

  @Override
  public RowBinaryOut table(TableSpec table) {
    return tables.computeIfAbsent(table, t -> new RowBinaryOut());
  }

  Map<TableSpec, RowBinaryOut> tables() {
    return tables;
  }

  /** Buffer sizes now, to undo what a poison record appended. */
  Map<TableSpec, Integer> mark() {
    Map<TableSpec, Integer> sizes = new HashMap<>();
    tables.forEach((t, out) -> sizes.put(t, out.size()));
    return sizes;
  }

  void reset(Map<TableSpec, Integer> mark) {
    tables.forEach((t, out) -> out.truncateTo(mark.getOrDefault(t, 0)));
  }

  /**
   * Whether a record at {@code offset} belongs to this batch. False past a recorded cut's end: the
   * batch is then sealed, and the record must be read again after the flush.
   */
  boolean accepts(long offset) {
    if (recorded != null && offset >= recorded.end()) {
      sealed = true;
      return false;
    }
    return true;
  }

  /** Counts a record read at {@code offset} that appended {@code rowCount} rows. */
  void track(long offset, int rowCount, long nowNanos) {
    if (first < 0) {
      first = offset;
      startedNanos = nowNanos;
    }
    last = offset;
    rows += rowCount;
    if (recorded != null && offset >= recorded.end() - 1) {
      sealed = true;
    }
  }

  boolean hasRecords() {
    return first >= 0;
  }

  long rows() {
    return rows;
  }

  long ageMillis(long nowNanos) {
    return first < 0 ? 0 : (nowNanos - startedNanos) / 1_000_000;
  }

  /** True while this batch re-inserts a recorded cut (no other flush trigger applies). */
  boolean replaysRecordedCut() {
    return recorded != null;
  }

  /** A recorded cut is due once every one of its offsets was read. */
  boolean sealed() {
    return sealed;
  }

  BatchCut cut() {
    return recorded != null ? recorded : new BatchCut(first, last + 1);
  }

  void revoke() {
    revoked = true;
  }

  boolean revoked() {
    return revoked;
  }
}
