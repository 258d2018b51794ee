package io.obsera.platform.kafka;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every state store a Kafka Streams application restores from its changelog, logged (store,
 * changelog partition, records) and counted. After a clean stop the stores start from their
 * checkpoints and nothing is restored; a restore at start means the previous run did not stop
 * cleanly (or the local state directory was lost).
 */
public final class StoreRestores implements StateRestoreListener {
  private static final Logger log = LoggerFactory.getLogger(StoreRestores.class);

  private final String what;
  private final AtomicLong restored = new AtomicLong();

  public StoreRestores(String what) {
    this.what = what;
  }

  /** Records restored from changelogs (and global store topics) since this application started. */
  public long restoredRecords() {
    return restored.get();
  }

  @Override
  public void onRestoreStart(
      TopicPartition partition, String store, long startingOffset, long endingOffset) {
    if (endingOffset <= startingOffset) {
      return; // nothing to restore (an empty changelog, or the store is up to date)
    }
    log.info(
        "{}: restoring store {} from {} (offsets {} to {})",
        what,
        store,
        partition,
        startingOffset,
        endingOffset);
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    restored.addAndGet(numRestored);
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    if (totalRestored == 0) {
      return;
    }
    log.info("{}: restored store {} from {}: {} records", what, store, partition, totalRestored);
  }
}
