package io.obsera.probe.report;

import io.obsera.model.probe.HealthCheck;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Results not yet accepted by the ingest bridge for one signal, oldest first, at most {@code max}:
 * beyond that the oldest are dropped and counted. Sending peeks at the head and removes only what
 * the bridge acknowledged (or refused for good), so a failed send is retried in order.
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
   * Removes the results of {@code done} (by identity) that are still queued (overflow may have
   * dropped some of them while they were being sent).
   */
  synchronized void remove(List<HealthCheck> done) {
    if (done.isEmpty()) {
      return;
    }
    Set<HealthCheck> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    gone.addAll(done);
    Iterator<HealthCheck> it = queue.iterator();
    int left = gone.size();
    while (it.hasNext() && left > 0) {
      if (gone.contains(it.next())) {
        it.remove();
        left--;
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
