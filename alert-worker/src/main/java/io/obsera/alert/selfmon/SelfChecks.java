package io.obsera.alert.selfmon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one {@link HealthSample} against the thresholds: whether each {@link SelfCheck} holds now
 * (null: not known from this sample). Keeps what needs more than one sample: the writer's last
 * committed offsets and when the dead-letter count and the failed deliveries last grew.
 */
final class SelfChecks {
  /** Whether {@code check} holds, with the value that decided and a sentence for people. */
  record Verdict(SelfCheck check, Boolean holds, Double value, Double threshold, String summary) {}

  private final SelfMonitorConfig config;
  private Long lastCommitted;
  private Long lastDeadLetters;
  private Instant deadLetterGrewAt;
  private long newDeadLetters;
  private long seenFailed;
  private long baseFailed;
  private Instant failureAt;

  SelfChecks(SelfMonitorConfig config) {
    this.config = config;
  }

  /**
   * A check found firing at start, its last event at {@code lastEvent}: a windowed check keeps
   * firing until its window after that has passed without anything new.
   */
  void restoredFiring(SelfCheck check, Instant lastEvent) {
    if (check == SelfCheck.DEAD_LETTERS) {
      deadLetterGrewAt = lastEvent;
    } else if (check == SelfCheck.DELIVERY_FAILING) {
      failureAt = lastEvent;
    }
  }

  /** How long {@code check} must hold before it fires. */
  Duration holdFor(SelfCheck check) {
    return switch (check) {
      case KAFKA_DOWN, CLICKHOUSE_DOWN -> config.downFor();
      case WRITER_STALLED -> config.writerStallFor();
      case WRITER_LAG -> config.writerLagFor();
      case DEAD_LETTERS, DISK_LOW, DELIVERY_FAILING -> Duration.ZERO;
    };
  }

  List<Verdict> judge(HealthSample s, Instant now) {
    List<Verdict> out = new ArrayList<>();
    out.add(
        new Verdict(
            SelfCheck.KAFKA_DOWN,
            !s.kafkaUp(),
            null,
            null,
            "Kafka does not answer: " + s.kafkaError()));
    out.add(
        new Verdict(
            SelfCheck.CLICKHOUSE_DOWN,
            s.clickHouseUp() == null ? null : !s.clickHouseUp(),
            null,
            null,
            "ClickHouse does not answer at "
                + config.clickHouseUrl()
                + ": "
                + s.clickHouseError()));
    out.add(stalled(s));
    out.add(
        new Verdict(
            SelfCheck.WRITER_LAG,
            s.writerLag() == null ? null : s.writerLag() >= config.writerLagRecords(),
            s.writerLag() == null ? null : s.writerLag().doubleValue(),
            (double) config.writerLagRecords(),
            "The ClickHouse writer (group "
                + config.writerGroup()
                + ") is "
                + s.writerLag()
                + " records behind"));
    out.add(deadLetters(s, now));
    out.add(disk(s));
    out.add(deliveries(s, now));
    return out;
  }

  /**
   * Lag and no committed progress since the previous sample (unknown at the first sample: progress
   * needs two).
   */
  private Verdict stalled(HealthSample s) {
    Boolean holds = null;
    if (s.writerLag() != null && s.writerCommitted() != null) {
      holds =
          lastCommitted == null
              ? null
              : s.writerLag() > 0 && s.writerCommitted().equals(lastCommitted);
      lastCommitted = s.writerCommitted();
    }
    return new Verdict(
        SelfCheck.WRITER_STALLED,
        holds,
        s.writerLag() == null ? null : s.writerLag().doubleValue(),
        0.0,
        "The ClickHouse writer (group "
            + config.writerGroup()
            + ") has committed nothing for "
            + seconds(config.writerStallFor())
            + " while "
            + s.writerLag()
            + " records wait: data is accepted but not stored");
  }

  private Verdict deadLetters(HealthSample s, Instant now) {
    if (s.deadLetters() == null) {
      return new Verdict(SelfCheck.DEAD_LETTERS, null, null, 0.0, "");
    }
    if (lastDeadLetters != null && s.deadLetters() > lastDeadLetters) {
      deadLetterGrewAt = now;
      newDeadLetters += s.deadLetters() - lastDeadLetters;
    }
    lastDeadLetters = s.deadLetters();
    boolean holds = recent(deadLetterGrewAt, now);
    if (!holds) {
      newDeadLetters = 0;
    }
    return new Verdict(
        SelfCheck.DEAD_LETTERS,
        holds,
        (double) newDeadLetters,
        0.0,
        newDeadLetters
            + " new records in obsera.dead-letter (the reason is in each record's headers), the"
            + " latest at "
            + deadLetterGrewAt);
  }

  private Verdict disk(HealthSample s) {
    boolean watched = config.minFreeDisk() > 0 && s.minFreeDisk() != null;
    return new Verdict(
        SelfCheck.DISK_LOW,
        watched ? s.minFreeDisk() < config.minFreeDisk() : null,
        s.minFreeDisk(),
        config.minFreeDisk(),
        String.format(
            Locale.ROOT,
            "%s has %.1f%% free disk, below %.1f%% (ingest refuses data below"
                + " OBSERA_INGEST_MIN_FREE_DISK)",
            s.diskWhere(),
            s.minFreeDisk() == null ? 0.0 : s.minFreeDisk() * 100,
            config.minFreeDisk() * 100));
  }

  private Verdict deliveries(HealthSample s, Instant now) {
    if (s.failedDeliveries() > seenFailed) {
      failureAt = now;
    }
    seenFailed = s.failedDeliveries();
    boolean holds = recent(failureAt, now);
    if (!holds) {
      baseFailed = s.failedDeliveries();
    }
    long failedSince = s.failedDeliveries() - baseFailed;
    return new Verdict(
        SelfCheck.DELIVERY_FAILING,
        holds,
        (double) failedSince,
        0.0,
        failedSince + " notifications failed for good, the latest: " + s.lastFailure());
  }

  private boolean recent(Instant at, Instant now) {
    return at != null && now.isBefore(at.plus(config.recentWindow()));
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }
}
