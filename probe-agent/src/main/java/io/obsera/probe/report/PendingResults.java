package io.obsera.probe.report;

import io.obsera.model.probe.HealthCheck;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Results not yet accepted by the ingest bridge for one signal, oldest first, at most {@code max}:
 * beyond that the oldest are dropped and counted. Sending peeks at the head and removes only what
 * the bridge acknowledged, so a failed send is retried in order.
 */
final class PendingResults {
  private final int max;
  private final Deque<HealthCheck> queue = new ArrayDeque<>();
  private long dropped;

  PendingResults(int max) {
    this.max = max;
  }

  synchronized void add(HealthCheck c) {
    queue.addLast(c);
    while (queue.size() > max) {
      queue.removeFirst();
      dropped++;
    }
  }

  /** Up to {@code n} of the oldest results, left in place. */
  synchronized List<HealthCheck> peek(int n) {
    List<HealthCheck> out = new ArrayList<>(Math.min(n, queue.size()));
    Iterator<HealthCheck> it = queue.iterator();
    while (it.hasNext() && out.size() < n) {
      out.add(it.next());
    }
    return out;
  }

  /**
   * Removes {@code batch} from the head, as far as it is still there (overflow may have dropped
   * part of it while it was being sent).
   */
  synchronized void remove(List<HealthCheck> batch) {
    for (HealthCheck c : batch) {
      if (queue.peekFirst() == c) {
        queue.removeFirst();
      }
    }
  }

  synchronized int size() {
    return queue.size();
  }

  /** Results dropped because the buffer was full. */
  synchronized long dropped() {
    return dropped;
  }
}
