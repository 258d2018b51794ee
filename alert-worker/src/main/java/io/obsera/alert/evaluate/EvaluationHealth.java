package io.obsera.alert.evaluate;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts of what evaluation skipped, shared by the topology's processors: control records kept out
 * of the stores, data records that could not be read, and evaluations of a rule that failed (each
 * rule's first failure is logged; the rule is tried again at the next evaluation, other rules are
 * not held up).
 */
public final class EvaluationHealth {
  private static final Logger log = LoggerFactory.getLogger(EvaluationHealth.class);

  final AtomicLong skippedControlRecords = new AtomicLong();
  private final AtomicLong skippedDataRecords = new AtomicLong();
  private final AtomicLong failedEvaluations = new AtomicLong();
  private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();

  /** Rule, SLO and endpoint records kept out of the stores (malformed or unusable) since start. */
  public long skippedControlRecords() {
    return skippedControlRecords.get();
  }

  /** Burn-rate, RED, metric and outage records that could not be read since start. */
  public long skippedDataRecords() {
    return skippedDataRecords.get();
  }

  /** Evaluations of one rule (or outage) that threw, since start. */
  public long failedEvaluations() {
    return failedEvaluations.get();
  }

  /** Turns the bytes of a data record into what a processor evaluates. */
  @FunctionalInterface
  interface Reader<T> {
    T read(byte[] value) throws Exception;
  }

  /**
   * {@code record}'s value as {@code reader} reads it; null when it cannot be read (counted, and
   * logged for the first of every 1000), so one bad record never stops a partition.
   */
  <T> T readOrSkip(String what, Record<String, byte[]> record, Reader<T> reader) {
    try {
      return reader.read(record.value());
    } catch (Exception e) {
      skippedData(what, record.key(), e);
      return null;
    }
  }

  private void skippedData(String what, String key, Exception e) {
    if (skippedDataRecords.incrementAndGet() % 1000 == 1) {
      log.warn("alert evaluation skips unreadable {} record {}: {}", what, key, e.toString());
    }
  }

  /** Runs one evaluation; a failure is counted and logged once per {@code what}. */
  void guard(String what, Runnable evaluation) {
    try {
      evaluation.run();
    } catch (RuntimeException e) {
      failedEvaluations.incrementAndGet();
      if (loggedFailures.add(what)) {
        log.error("alert evaluation of {} failed (logged once); other rules go on", what, e);
      }
    }
  }
}
