package io.obsera.query.traces;

import java.util.List;
import java.util.TreeSet;

/**
 * The summary of a trace built from the spans and logs that trace by id returns, with the rules of
 * the topology's {@code TraceSummary}: the root is a span without a parent (the greatest service
 * and name when there are several), start and duration span the earliest start to the latest end,
 * services come from spans and logs, regions from the spans' resources. Built here rather than read
 * from {@code trace_summaries}: one query less per lookup, and a trace shows complete even while
 * the topology that writes the summaries lags. Unlike the summary table, a span stored twice (a
 * replay) counts once, as it is shown once.
 */
final class TraceDigest {
  /** One span's part: its times, whether it is a root and an error, its service and region. */
  record SpanFacts(
      String service,
      String name,
      boolean root,
      long startNanos,
      long durationNanos,
      boolean error,
      String region) {}

  private TraceDigest() {}

  /** The summary; null without spans (a trace known only from its logs has no times). */
  static TraceSearch.Hit of(String traceId, List<SpanFacts> spans, List<String> logServices) {
    if (spans.isEmpty()) {
      return null;
    }
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long errors = 0;
    String rootService = "";
    String rootOperation = "";
    TreeSet<String> services = new TreeSet<>(logServices);
    TreeSet<String> regions = new TreeSet<>();
    for (SpanFacts s : spans) {
      start = Math.min(start, s.startNanos());
      end = Math.max(end, s.startNanos() + s.durationNanos());
      if (s.error()) {
        errors++;
      }
      if (s.root()) {
        rootService = max(rootService, s.service());
        rootOperation = max(rootOperation, s.name());
      }
      services.add(s.service());
      regions.add(s.region());
    }
    return new TraceSearch.Hit(
        traceId,
        rootService,
        rootOperation,
        Long.toString(start),
        Long.toString(end - start),
        spans.size(),
        errors,
        List.copyOf(services),
        List.copyOf(regions),
        TraceSearch.links(traceId));
  }

  /** ClickHouse's max(String), as the summary table uses: "" loses to any name. */
  private static String max(String a, String b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
