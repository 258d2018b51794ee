package io.obsera.writer.sink;

import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets {@code [first, end)} of one source partition that one writer batch covers. Before
 * inserting, the writer commits {@code first} with the cut in the commit metadata; a writer that
 * takes the partition over (after a crash or a rebalance) finds it there and re-inserts exactly
 * these records, with the same deduplication tokens, so ClickHouse drops what had already landed.
 * Offsets, not record counts: under read_committed, commit markers and aborted records occupy
 * offsets no consumer sees, and the range is the same for every reader.
 */
record BatchCut(long first, long end) {
  static final String METADATA_PREFIX = "obsera-cut:";

  BatchCut {
    if (first < 0 || end <= first) {
      throw new IllegalArgumentException("invalid batch cut [" + first + ", " + end + ")");
    }
  }

  /** What the writer stores in the commit metadata of {@code first}. */
  String metadata() {
    return METADATA_PREFIX + first + "-" + end;
  }

  /** The recorded cut when {@code metadata} holds one committed at {@code committedOffset}. */
  static Optional<BatchCut> recorded(long committedOffset, String metadata) {
    if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
      return Optional.empty();
    }
    String[] range = metadata.substring(METADATA_PREFIX.length()).split("-", 2);
    try {
      BatchCut cut = new BatchCut(Long.parseLong(range[0]), Long.parseLong(range[1]));
      return cut.first() == committedOffset ? Optional.of(cut) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The deduplication token of the rows this cut puts in {@code table}. */
  String token(String table, TopicPartition source) {
    return table + ":" + source.topic() + "-" + source.partition() + ":" + first + "-" + end;
  }
}
