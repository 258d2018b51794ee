package io.obsera.bench.pipeline;

import io.obsera.bench.Sender;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends pre-encoded requests from {@code threads} threads, either as fast as answers come (closed
 * loop) or each at its scheduled time, {@code intervalNanos} apart (open loop: a slow answer does
 * not delay the next request's schedule). Stops at the first failed request.
 */
final class LoadDriver {
  private LoadDriver() {}

  /** Sends every request; returns the wall time in nanoseconds until the last answer. */
  static long send(
      Sender sender,
      List<byte[]> requests,
      int firstSeq,
      int threads,
      long intervalNanos,
      ProbeWatcher probes)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(threads);
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  for (int i = next.getAndIncrement();
                      i < requests.size() && failure.get() == null;
                      i = next.getAndIncrement()) {
                    if (intervalNanos > 0) {
                      LockSupport.parkNanos(t0 + i * intervalNanos - System.nanoTime());
                    }
                    probes.sending(firstSeq + i);
                    String error = sender.send(requests.get(i));
                    if (error != null) {
                      failure.compareAndSet(null, "request " + i + ": " + error);
                    }
                  }
                } finally {
                  done.countDown();
                }
              },
              Sender.THREAD_PREFIX + "driver-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    done.await();
    if (failure.get() != null) {
      throw new IllegalStateException("the bench stops: " + failure.get());
    }
    return System.nanoTime() - t0;
  }
}
