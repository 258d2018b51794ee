package io.obsera.platform.kafka;

import java.time.Duration;
import java.util.function.LongPredicate;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A wall-clock punctuation that runs only while its processor has something for it to do.
 *
 * <p>Under exactly_once_v2 every punctuation that runs makes Kafka Streams commit a transaction at
 * the next commit interval, even when it found nothing to do: a punctuation scheduled for the life
 * of a task kept an idle application committing transactions (and the broker writing their markers)
 * once per interval and task. Here the processor calls {@link #start()} whenever it stores
 * something a later punctuation must handle (and at {@code init} when its restored store already
 * holds some); the punctuation returns whether work is left, and is cancelled when none is, until
 * the next {@link #start()}.
 */
public final class OnDemandPunctuation {
  private final ProcessingContext context;
  private final Duration interval;
  private final LongPredicate tick;
  private Cancellable scheduled;

  /**
   * @param tick the punctuation, given the wall-clock time; returns whether work is left (false
   *     stops the punctuation until the next {@link #start()})
   */
  public OnDemandPunctuation(ProcessingContext context, Duration interval, LongPredicate tick) {
    this.context = context;
    this.interval = interval;
    this.tick = tick;
  }

  /** Schedules the punctuation unless it is scheduled already. */
  public void start() {
    if (scheduled == null) {
      scheduled = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::run);
    }
  }

  /** Whether the punctuation is scheduled now. */
  public boolean running() {
    return scheduled != null;
  }

  /** Whether {@code store} holds any entry (work for a punctuation that handles its entries). */
  public static boolean holdsAny(ReadOnlyKeyValueStore<?, ?> store) {
    try (KeyValueIterator<?, ?> it = store.all()) {
      return it.hasNext();
    }
  }

  private void run(long now) {
    if (!tick.test(now) && scheduled != null) {
      scheduled.cancel();
      scheduled = null;
    }
  }
}
