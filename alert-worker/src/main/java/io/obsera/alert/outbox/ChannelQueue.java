package io.obsera.alert.outbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.TopicPartition;

/**
 * The notifications waiting for one channel ({@code tenant|channelId}), delivered one at a time in
 * outbox order; bounded, so a channel that is down for long fills its queue and the loop pauses the
 * partitions feeding it instead of holding everything in memory.
 */
final class ChannelQueue {
  /** One outbox record waiting; {@code record} is null when it could not be read. */
  record Pending(
      TopicPartition partition,
      PartitionProgress progress,
      long offset,
      OutboxRecord record,
      Instant enqueued) {}

  private final Deque<Pending> items = new ArrayDeque<>();
  private final int capacity;
  private boolean draining;

  ChannelQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds {@code p} unless the queue is full; returns whether it was added. */
  synchronized boolean offer(Pending p) {
    if (items.size() >= capacity) {
      return false;
    }
    items.add(p);
    return true;
  }

  /** Whether the caller should start draining (nobody is). */
  synchronized boolean claim() {
    if (draining || items.isEmpty()) {
      return false;
    }
    draining = true;
    return true;
  }

  /** The head, or null when empty (then the drainer lets go of the queue). */
  synchronized Pending headOrRelease() {
    Pending p = items.peek();
    if (p == null) {
      draining = false;
    }
    return p;
  }

  synchronized void removeHead(Pending p) {
    if (items.peek() == p) {
      items.poll();
    }
  }

  synchronized int size() {
    return items.size();
  }
}
