package io.obsera.alert.outbox;

import java.util.TreeSet;

/**
 * The offsets of one outbox partition that were read and are not yet delivered or failed: the
 * offset to commit is the lowest of them, or the one after the last read when none is left.
 */
final class PartitionProgress {
  private final TreeSet<Long> pending = new TreeSet<>();
  private long next = -1;
  private long committed = -1;

  synchronized void read(long offset) {
    pending.add(offset);
    next = Math.max(next, offset + 1);
  }

  synchronized void done(long offset) {
    pending.remove(offset);
  }

  synchronized int pending() {
    return pending.size();
  }

  /** The offset to commit now, or -1 when it would not move the committed one. */
  synchronized long toCommit() {
    long c = pending.isEmpty() ? next : pending.first();
    return c > committed ? c : -1;
  }

  synchronized void committed(long offset) {
    committed = Math.max(committed, offset);
  }
}
