package io.obsera.probe.schedule;

import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.HealthCheck;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each assigned endpoint's check every {@code intervalMs} at its {@link CheckPhase} offset, on
 * a pool of worker threads, and hands every result to the sink. {@link #update} replaces the
 * assignment: new endpoints are scheduled, changed ones rescheduled with their new definition,
 * removed or disabled ones stopped. A check still running when its next one is due makes that one
 * skip (counted), so a slow endpoint never piles up checks.
 */
public final class ProbeScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeScheduler.class);

  private final String region;
  private final Clock clock;
  private final Function<EndpointDefinition, HealthCheck> check;
  private final Consumer<HealthCheck> sink;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Map<String, Entry> entries = new HashMap<>();
  private final AtomicLong skipped = new AtomicLong();

  public ProbeScheduler(
      String region,
      Clock clock,
      Function<EndpointDefinition, HealthCheck> check,
      Consumer<HealthCheck> sink,
      int workers) {
    this.region = region;
    this.clock = clock;
    this.check = check;
    this.sink = sink;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "probe-timer-" + region));
    this.workers = Executors.newFixedThreadPool(workers, r -> daemon(r, "probe-check-" + region));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Makes {@code endpoints} (those enabled, valid and assigned to this region) the schedule. */
  public synchronized void update(List<EndpointDefinition> endpoints) {
    Map<String, EndpointDefinition> wanted = new HashMap<>();
    for (EndpointDefinition raw : endpoints) {
      EndpointDefinition e = raw.withDefaults();
      List<String> problems = e.validate();
      if (!problems.isEmpty()) {
        LOG.warn("endpoint {} not probed: {}", e.key(), problems);
      } else if (e.enabled() && e.regions().contains(region)) {
        wanted.put(e.key(), e);
      }
    }
    entries
        .entrySet()
        .removeIf(
            en -> {
              EndpointDefinition w = wanted.get(en.getKey());
              if (w != null && w.equals(en.getValue().endpoint)) {
                return false;
              }
              en.getValue().cancel();
              return true;
            });
    wanted.forEach(
        (key, e) -> {
          if (!entries.containsKey(key)) {
            Entry entry = new Entry(e);
            entries.put(key, entry);
            entry.arm();
          }
        });
  }

  /** The endpoint keys now scheduled. */
  public synchronized java.util.Set<String> scheduled() {
    return java.util.Set.copyOf(entries.keySet());
  }

  /** Checks skipped because the previous check of the same endpoint was still running. */
  public long skipped() {
    return skipped.get();
  }

  @Override
  public synchronized void close() {
    entries.values().forEach(Entry::cancel);
    entries.clear();
    timer.shutdownNow();
    workers.shutdownNow();
  }

  /** One scheduled endpoint; cancelled for good when replaced or removed. */
  private final class Entry {
    final EndpointDefinition endpoint;
    final long offset;
    final AtomicBoolean running = new AtomicBoolean();
    volatile boolean cancelled;
    volatile ScheduledFuture<?> next;
    volatile long lastSlot = Long.MIN_VALUE;

    Entry(EndpointDefinition endpoint) {
      this.endpoint = endpoint;
      this.offset = CheckPhase.offset(endpoint.key(), endpoint.intervalMs());
    }

    void arm() {
      if (cancelled) {
        return;
      }
      long now = clock.millis();
      long at = CheckPhase.nextRun(now, offset, endpoint.intervalMs());
      if (lastSlot != Long.MIN_VALUE && at <= lastSlot) {
        // the timer fired a little before the wall clock reached the slot: take the next one
        at = lastSlot + endpoint.intervalMs();
      }
      lastSlot = at;
      try {
        next = timer.schedule(this::fire, Math.max(0, at - now), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }

    void fire() {
      if (cancelled) {
        return;
      }
      if (running.compareAndSet(false, true)) {
        try {
          workers.execute(this::run);
        } catch (RejectedExecutionException e) {
          running.set(false);
        }
      } else {
        skipped.incrementAndGet();
      }
      arm();
    }

    void run() {
      try {
        HealthCheck result = check.apply(endpoint);
        if (!cancelled) {
          sink.accept(result);
        }
      } catch (RuntimeException e) {
        LOG.warn("check of {} failed: {}", endpoint.key(), e.toString());
      } finally {
        running.set(false);
      }
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> f = next;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
