package io.obsera.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.coordinator.common.runtime.EventAccumulator;

/**
 * The event queues of the embedded broker's group and share-group coordinators, polled by their
 * threads with a long wait while no event comes instead of every 300 ms.
 *
 * <p>Each coordinator runs its events on threads that take them from an {@code EventAccumulator}
 * with {@code poll(300 ms)} in a loop (the group coordinator's four threads, the share
 * coordinator's one). The accumulator already wakes a waiting thread when an event is added, when a
 * partition's event is done and when it closes; the 300 ms only bounds the wait of an idle thread,
 * which makes 17 wake-ups a second for nothing. Each coordinator's accumulator is wrapped so that
 * its threads wait up to {@code idleWait} instead; every other call goes to Kafka's accumulator
 * unchanged, so no event is held back.
 *
 * <p>The accumulators are found through the coordinators' threads among the threads the broker
 * started, and replaced in a private final field by reflection. If that fails (another Kafka
 * version), those threads keep Kafka's 300 ms, which costs idle CPU and nothing else; {@code
 * EmbeddedKafkaIT} checks that both coordinators were found.
 */
final class CoordinatorEventQueues {
  /** The coordinators' event threads (their {@code this$0} is the processor). */
  static final String PROCESSOR_THREAD =
      "org.apache.kafka.coordinator.common.runtime.MultiThreadedEventProcessor$EventProcessorThread";

  private final List<String> calmed;
  private final List<String> missed;
  private final List<IdleAccumulator<?, ?>> accumulators;

  private CoordinatorEventQueues(
      List<String> calmed, List<String> missed, List<IdleAccumulator<?, ?>> accumulators) {
    this.calmed = calmed;
    this.missed = missed;
    this.accumulators = accumulators;
  }

  /**
   * Wraps the accumulators of the coordinators whose threads are among {@code threads} (the threads
   * a broker started) so that an idle thread waits up to {@code idleWait}.
   */
  static CoordinatorEventQueues calm(Set<Thread> threads, Duration idleWait) {
    List<String> calmed = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    List<IdleAccumulator<?, ?>> accumulators = new ArrayList<>();
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    for (Thread thread : threads) {
      if (!thread.getClass().getName().equals(PROCESSOR_THREAD) || !thread.isAlive()) {
        continue;
      }
      try {
        Object processor = PrivateFields.enclosing(thread);
        if (seen.put(processor, Boolean.TRUE) != null) {
          continue;
        }
        Object current = PrivateFields.get(processor, "accumulator");
        if (current instanceof IdleAccumulator) {
          continue;
        }
        IdleAccumulator<?, ?> idle = wrap((EventAccumulator<?, ?>) current, idleWait.toMillis());
        PrivateFields.set(processor, "accumulator", idle);
        accumulators.add(idle);
        calmed.add(processorName(thread.getName()));
      } catch (ReflectiveOperationException | RuntimeException e) {
        missed.add(thread.getName() + " (" + e + ")");
      }
    }
    calmed.sort(null);
    return new CoordinatorEventQueues(List.copyOf(calmed), List.copyOf(missed), accumulators);
  }

  private static <K, T extends EventAccumulator.Event<K>> IdleAccumulator<K, T> wrap(
      EventAccumulator<K, T> accumulator, long idleWaitMs) {
    return new IdleAccumulator<>(accumulator, idleWaitMs);
  }

  /** "group-coordinator-event-processor-2" → "group-coordinator-event-processor". */
  private static String processorName(String threadName) {
    return threadName.replaceAll("-\\d+$", "");
  }

  /** The coordinators whose threads now wait up to the idle wait, by their threads' name. */
  List<String> calmed() {
    return calmed;
  }

  /** Coordinator threads whose queue could not be wrapped, with the reason. */
  List<String> missed() {
    return missed;
  }

  /** How many times the coordinators' threads have polled their queue, in all. */
  long polls() {
    return accumulators.stream().mapToLong(a -> a.polls.get()).sum();
  }

  /** Kafka's accumulator, polled with at least {@code idleWaitMs} by the coordinator's threads. */
  static final class IdleAccumulator<K, T extends EventAccumulator.Event<K>>
      extends EventAccumulator<K, T> {
    private final EventAccumulator<K, T> delegate;
    private final long idleWaitMs;
    private final AtomicLong polls = new AtomicLong();

    IdleAccumulator(EventAccumulator<K, T> delegate, long idleWaitMs) {
      this.delegate = delegate;
      this.idleWaitMs = idleWaitMs;
    }

    @Override
    public void addLast(T event) throws RejectedExecutionException {
      delegate.addLast(event);
    }

    @Override
    public void addFirst(T event) throws RejectedExecutionException {
      delegate.addFirst(event);
    }

    @Override
    public T poll() {
      return delegate.poll();
    }

    @Override
    public T poll(long timeout, TimeUnit unit) {
      polls.incrementAndGet();
      return delegate.poll(Math.max(unit.toMillis(timeout), idleWaitMs), TimeUnit.MILLISECONDS);
    }

    @Override
    public void done(T event) {
      delegate.done(event);
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
