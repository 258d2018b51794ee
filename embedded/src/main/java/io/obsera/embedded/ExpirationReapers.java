package io.obsera.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.server.util.ShutdownableThread;
import org.apache.kafka.server.util.timer.Timer;
import org.apache.kafka.server.util.timer.TimerTask;

/**
 * The embedded broker's expiration reapers, woken when a timeout is due rather than every 200 ms.
 *
 * <p>A broker expires its delayed operations (held fetches, produce and delete-records requests,
 * the group and share-group coordinators' timers, the raft client's request timeouts) through
 * timing wheels, each driven by a reaper thread that calls {@code advanceClock(200)} in a loop.
 * That call waits on the wheel's {@code DelayQueue}, which already wakes the reaper when the
 * earliest bucket is due and when an earlier bucket is added; the 200 ms only bounds the wait when
 * nothing is due. A combined node has 14 such reapers: 70 wake-ups a second at idle for nothing
 * (0.3 to 0.5% of one core here). Each reaper's timer is wrapped so that it waits up to {@code
 * idleWait} instead: operations still expire on time, and only the idle wake-ups go.
 *
 * <p>To stop a reaper, Kafka adds a task due at once to its timer. That relied on the 200 ms bound:
 * a task due at once goes to the timer's executor, not its queue, and wakes no one. So the wrapper
 * wakes its reaper itself when such a task comes. The raft client's reaper is stopped without one:
 * {@link #close()}, called before the broker stops, puts Kafka's 200 ms back and wakes every
 * reaper.
 *
 * <p>The reapers are found among the threads the broker started (their classes are Kafka's) and
 * their timers replaced in private final fields by reflection. If that fails (another Kafka
 * version), those reapers keep Kafka's cadence, which costs idle CPU and nothing else; {@code
 * EmbeddedKafkaIT} checks that every reaper was found.
 */
final class ExpirationReapers implements AutoCloseable {
  /** The wait Kafka's reapers ask for (in {@code doWork}). */
  static final long KAFKA_WAIT_MS = 200;

  /**
   * Reaper thread class, and the field of its owner (the thread's {@code this$0}) with the timer.
   */
  static final Map<String, String> TIMER_FIELD_BY_REAPER =
      Map.of(
          "org.apache.kafka.server.purgatory.DelayedOperationPurgatory$ExpiredOperationReaper",
              "timeoutTimer",
          "org.apache.kafka.server.util.timer.SystemTimerReaper$Reaper", "timer",
          "org.apache.kafka.raft.TimingWheelExpirationService$ExpiredOperationReaper", "timer");

  private final List<IdleTimer> timers;
  private final List<String> missed;

  private ExpirationReapers(List<IdleTimer> timers, List<String> missed) {
    this.timers = timers;
    this.missed = missed;
  }

  /**
   * Wraps the timers of the reapers among {@code threads} (the threads a broker started) so that
   * each waits up to {@code idleWait} when nothing is due.
   */
  static ExpirationReapers calm(Set<Thread> threads, Duration idleWait) {
    List<IdleTimer> timers = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    for (Thread thread : threads) {
      String timerField = TIMER_FIELD_BY_REAPER.get(thread.getClass().getName());
      if (timerField == null || !thread.isAlive()) {
        continue;
      }
      try {
        Object owner = PrivateFields.enclosing(thread);
        Timer current = (Timer) PrivateFields.get(owner, timerField);
        if (current instanceof IdleTimer) {
          continue;
        }
        IdleTimer timer = new IdleTimer(current, idleWait.toMillis(), (ShutdownableThread) thread);
        PrivateFields.set(owner, timerField, timer);
        timers.add(timer);
      } catch (ReflectiveOperationException | RuntimeException e) {
        missed.add(thread.getName() + " (" + e + ")");
      }
    }
    return new ExpirationReapers(List.copyOf(timers), List.copyOf(missed));
  }

  /** Names of the reaper threads that now wait up to the idle wait. */
  List<String> calmed() {
    return timers.stream().map(t -> t.reaper.getName()).sorted().toList();
  }

  /** Reaper threads whose timer could not be wrapped, with the reason. */
  List<String> missed() {
    return missed;
  }

  /**
   * How many times each calmed reaper has advanced its clock, by thread name ({@code #2} and on for
   * a name that repeats: the broker and the controller each have an AlterAcls reaper).
   */
  Map<String, Long> advances() {
    Map<String, Long> advances = new java.util.LinkedHashMap<>();
    for (IdleTimer t : timers) {
      String name = t.reaper.getName();
      for (int n = 2; advances.containsKey(name); n++) {
        name = t.reaper.getName() + "#" + n;
      }
      advances.put(name, t.advances.get());
    }
    return advances;
  }

  /** Puts back Kafka's 200 ms and wakes every reaper, so that a broker shutdown finds them. */
  @Override
  public void close() {
    timers.forEach(IdleTimer::kafkaCadence);
  }

  /** A reaper's timer that waits up to {@code idleWaitMs} instead of the reaper's 200 ms. */
  static final class IdleTimer implements Timer {
    private final Timer delegate;
    private final long idleWaitMs;
    private final ShutdownableThread reaper;
    private final AtomicLong advances = new AtomicLong();
    private volatile boolean idle = true;

    IdleTimer(Timer delegate, long idleWaitMs, ShutdownableThread reaper) {
      this.delegate = delegate;
      this.idleWaitMs = idleWaitMs;
      this.reaper = reaper;
    }

    @Override
    public void add(TimerTask task) {
      delegate.add(task);
      if (task.delayMs <= 0) {
        // Kafka's way to wake a stopping reaper; a task due at once does not reach the queue.
        wake();
      }
    }

    @Override
    public boolean advanceClock(long timeoutMs) throws InterruptedException {
      advances.incrementAndGet();
      return delegate.advanceClock(idle ? Math.max(timeoutMs, idleWaitMs) : timeoutMs);
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public void close() throws Exception {
      delegate.close();
    }

    void kafkaCadence() {
      idle = false;
      wake();
    }

    /** Ends the reaper's wait: a task due in 1 ms goes to the queue, which signals the reaper. */
    private void wake() {
      try {
        delegate.add(
            new TimerTask(1) {
              @Override
              public void run() {}
            });
      } catch (RuntimeException closed) {
        // the timer's executor has stopped: so has its reaper
      }
    }
  }
}
