package io.obsera.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends pre-encoded requests from {@code threads} threads: {@link #warmUp} cycles through warm-up
 * bodies for a fixed time, untimed; {@link #run} sends the timed ones. In a timed run the threads
 * meet at a barrier before and after, where the CPU snapshots and the clock are taken (while every
 * client thread is alive). Any request that is not fully accepted is a failure: the run throws with
 * the count and the first answer.
 */
final class LoadRunner {
  private final int threads;

  LoadRunner(int threads) {
    this.threads = threads;
  }

  /**
   * Sends {@code bodies} round-robin from every thread until {@code seconds} have passed; returns
   * how many requests were sent (all of them accepted, or this throws).
   */
  long warmUp(Scenario scenario, Sender sender, List<byte[]> bodies, int seconds)
      throws InterruptedException {
    if (bodies.isEmpty() || seconds == 0) {
      return 0;
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong next = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      workers.add(
          new Thread(
              () -> {
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                  byte[] body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
                  record(sender.send(body), failures, firstFailure);
                }
              },
              Sender.THREAD_PREFIX + "warm-up-" + t));
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join();
    }
    throwOnFailures(scenario.id() + " warm-up", failures, next.get(), firstFailure);
    return next.get();
  }

  LoadResult run(Scenario scenario, Sender sender, List<byte[]> timed, int itemsPerBody)
      throws InterruptedException {
    CpuMeter meter = new CpuMeter(sender);
    long[] latencies = new long[timed.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    CpuMeter.Snapshot[] snapshots = new CpuMeter.Snapshot[2];
    long[] clock = new long[2];
    CyclicBarrier start =
        new CyclicBarrier(
            threads,
            () -> {
              snapshots[0] = meter.snapshot();
              clock[0] = System.nanoTime();
            });
    CyclicBarrier end =
        new CyclicBarrier(
            threads,
            () -> {
              clock[1] = System.nanoTime();
              snapshots[1] = meter.snapshot();
            });
    List<Thread> workers = new ArrayList<>(threads);
    AtomicReference<Throwable> crashed = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = next.getAndIncrement();
                      i < timed.size();
                      i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    String failure = sender.send(timed.get(i));
                    latencies[i] = System.nanoTime() - t0;
                    record(failure, failures, firstFailure);
                  }
                  end.await();
                } catch (InterruptedException | BrokenBarrierException | RuntimeException e) {
                  // Interrupting the others breaks the barriers, so that no thread waits forever.
                  if (crashed.compareAndSet(null, e)) {
                    workers.forEach(Thread::interrupt);
                  }
                }
              },
              Sender.THREAD_PREFIX + "sender-" + t);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join();
    }
    if (crashed.get() != null) {
      throw new IllegalStateException(scenario.id() + ": a sender thread failed", crashed.get());
    }
    throwOnFailures(scenario.id(), failures, timed.size(), firstFailure);
    Arrays.sort(latencies);
    return new LoadResult(
        scenario,
        (long) timed.size() * itemsPerBody,
        timed.size(),
        timed.stream().mapToLong(b -> b.length).sum(),
        clock[1] - clock[0],
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        CpuMeter.between(snapshots[0], snapshots[1]));
  }

  private static void throwOnFailures(
      String what, AtomicLong failures, long requests, AtomicReference<String> first) {
    if (failures.get() > 0) {
      throw new IllegalStateException(
          what
              + ": "
              + failures.get()
              + " of "
              + requests
              + " requests were not fully accepted; first: "
              + first.get());
    }
  }

  private static void record(String failure, AtomicLong failures, AtomicReference<String> first) {
    if (failure != null) {
      failures.incrementAndGet();
      first.compareAndSet(null, failure);
    }
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
