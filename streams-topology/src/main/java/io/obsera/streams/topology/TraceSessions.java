package io.obsera.streams.topology;

import io.obsera.model.facts.TraceSummary;
import io.obsera.platform.kafka.OnDemandPunctuation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Trace sessions closed on wall-clock time. Partial summaries of a trace's spans and logs (key
 * {@code tenant|trace}) merge into its open session; a session with no new record for {@code gap}
 * is emitted and forgotten. An index store ordered by last activity lets the punctuation find idle
 * sessions without scanning every open one.
 *
 * <p>Why not session windows with suppress: they close on stream time, so when traffic stops the
 * last traces of a partition never close. Here they close {@code gap} after their last record
 * whatever else happens. A record of a trace whose session already closed opens a new one; the
 * summaries merge downstream ({@code trace_summaries} is an AggregatingMergeTree), so a late span
 * never replaces a full summary with a partial one.
 */
final class TraceSessions implements Processor<String, TraceSummary, String, TraceSummary> {
  private OnDemandPunctuation ticks;

  /** Most sessions emitted by one punctuation; the rest wait for the next (bounded pauses). */
  static final int MAX_EMITS_PER_PUNCTUATION = 50_000;

  /** An open session: what is known so far and when its last record arrived (wall clock). */
  record OpenSession(TraceSummary summary, long lastSeenMillis) {}

  private final String openStoreName;
  private final String idleIndexName;
  private final Duration gap;
  private ProcessorContext<String, TraceSummary> context;
  private KeyValueStore<String, OpenSession> open;
  private KeyValueStore<String, Long> idleIndex;

  TraceSessions(String openStoreName, String idleIndexName, Duration gap) {
    this.openStoreName = openStoreName;
    this.idleIndexName = idleIndexName;
    this.gap = gap;
  }

  /** How often idle sessions are looked for: a fraction of the gap, between 100 ms and 1 s. */
  static Duration punctuationInterval(Duration gap) {
    return Duration.ofMillis(Math.max(100, Math.min(gap.toMillis() / 4, 1_000)));
  }

  /** Index key: last activity, zero-padded so that string order is time order, then the trace. */
  static String indexKey(long lastSeenMillis, String traceKey) {
    return String.format("%019d|%s", lastSeenMillis, traceKey);
  }

  @Override
  public void init(ProcessorContext<String, TraceSummary> context) {
    this.context = context;
    this.open = context.getStateStore(openStoreName);
    this.idleIndex = context.getStateStore(idleIndexName);
    // runs while sessions are open: an idle application commits no transaction
    ticks =
        new OnDemandPunctuation(
            context,
            punctuationInterval(gap),
            now -> {
              closeIdle(now);
              return OnDemandPunctuation.holdsAny(idleIndex);
            });
    if (OnDemandPunctuation.holdsAny(idleIndex)) {
      ticks.start();
    }
  }

  @Override
  public void process(Record<String, TraceSummary> record) {
    ticks.start();
    long now = context.currentSystemTimeMs();
    OpenSession session = open.get(record.key());
    TraceSummary merged = record.value();
    if (session != null) {
      idleIndex.delete(indexKey(session.lastSeenMillis(), record.key()));
      merged = session.summary().merge(record.value());
    }
    open.put(record.key(), new OpenSession(merged, now));
    idleIndex.put(indexKey(now, record.key()), now);
  }

  private void closeIdle(long now) {
    long idleSince = now - gap.toMillis();
    if (idleSince < 0) {
      return;
    }
    List<KeyValue<String, Long>> idle = new ArrayList<>();
    try (KeyValueIterator<String, Long> it =
        idleIndex.range(indexKey(0, ""), indexKey(idleSince, "\uffff"))) {
      while (it.hasNext() && idle.size() < MAX_EMITS_PER_PUNCTUATION) {
        idle.add(it.next());
      }
    }
    for (KeyValue<String, Long> e : idle) {
      String traceKey = e.key.substring(e.key.indexOf('|') + 1);
      idleIndex.delete(e.key);
      OpenSession session = open.get(traceKey);
      if (session != null && session.lastSeenMillis() <= idleSince) {
        open.delete(traceKey);
        context.forward(new Record<>(traceKey, session.summary(), now));
      }
    }
  }
}
