package io.obsera.query.traces;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Lookups;
import io.obsera.query.api.Paging;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Trace lookups for one tenant; another tenant's trace is simply not found. Once the trace's time
 * bounds are known its spans, logs and exemplar points are read at once ({@link Lookups}); the
 * summary is built from what they return ({@link TraceDigest}).
 */
public final class TraceQueryService {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  private final TraceRepository repository;
  private final int maxSpans;

  /**
   * @param maxSpans spans in one answer ({@code OBSERA_TRACE_MAX_SPANS}); a longer trace comes in
   *     pages
   */
  public TraceQueryService(Client client, int maxSpans) {
    this.repository = new TraceRepository(client);
    this.maxSpans = maxSpans;
  }

  /** A trace id in canonical form; 400 naming {@code name} when malformed. */
  public static String traceId(String name, String raw) {
    String traceId = raw == null ? "" : raw.toLowerCase();
    if (!TRACE_ID.matcher(traceId).matches() || traceId.equals("0".repeat(32))) {
      throw ApiException.badRequest(
          "parameter '" + name + "' must be 32 hex characters (not all zero), got '" + raw + "'");
    }
    return traceId;
  }

  /**
   * A page of the trace: at most {@code maxSpans} spans in start order, {@code truncated} and a
   * {@code nextCursor} when it has more. Without {@code after} the first page, with its logs and
   * metric points; with the cursor of the previous page the spans after it (no logs or points).
   */
  public Optional<TraceView> trace(String tenant, String rawTraceId, Cursor after) {
    String traceId = traceId("traceId", rawTraceId);
    Optional<TraceRepository.Bounds> bounds = repository.bounds(tenant, traceId);
    CompletableFuture<List<GenericRecord>> spanQuery =
        bounds.isEmpty()
            ? CompletableFuture.completedFuture(List.of())
            : Lookups.async(
                () ->
                    repository.spans(
                        tenant, traceId, bounds.get(), after, Paging.rowsToRead(maxSpans)));
    CompletableFuture<List<GenericRecord>> logQuery =
        after != null
            ? CompletableFuture.completedFuture(List.of())
            : Lookups.async(() -> repository.logs(tenant, traceId, bounds));
    CompletableFuture<List<GenericRecord>> exemplarQuery =
        after != null
            ? CompletableFuture.completedFuture(List.of())
            : Lookups.async(() -> repository.exemplars(tenant, traceId, bounds));
    List<GenericRecord> read = Lookups.join(spanQuery);
    boolean truncated = read.size() > maxSpans;
    List<GenericRecord> spanRows = truncated ? read.subList(0, maxSpans) : read;
    String nextCursor = truncated ? cursor(spanRows.get(maxSpans - 1)).encode() : null;
    List<GenericRecord> logRows = Lookups.join(logQuery);
    List<TraceView.LogView> logs = logRows.stream().map(TraceQueryService::log).toList();
    if (spanRows.isEmpty() && logs.isEmpty() && (after == null || bounds.isEmpty())) {
      return Optional.empty();
    }
    Map<String, List<String>> children = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    for (GenericRecord r : spanRows) {
      ids.add(r.getString("SpanId"));
      children
          .computeIfAbsent(r.getString("ParentSpanId"), k -> new ArrayList<>())
          .add(r.getString("SpanId"));
    }
    List<String> roots = new ArrayList<>();
    List<TraceView.SpanView> spans = new ArrayList<>();
    List<TraceDigest.SpanFacts> facts = new ArrayList<>();
    for (GenericRecord r : spanRows) {
      if (!ids.contains(r.getString("ParentSpanId"))) {
        roots.add(r.getString("SpanId"));
      }
      TraceView.SpanView span = span(r, children.getOrDefault(r.getString("SpanId"), List.of()));
      spans.add(span);
      facts.add(facts(r, span));
    }
    List<TraceView.MetricPointView> points =
        Lookups.join(exemplarQuery).stream().map(TraceQueryService::point).toList();
    TraceSearch.Hit summary =
        TraceDigest.of(
            traceId, facts, logRows.stream().map(r -> r.getString("ServiceName")).toList());
    return Optional.of(
        new TraceView(
            traceId,
            roots,
            spans,
            logs,
            points,
            summary,
            TraceSearch.links(traceId),
            truncated,
            nextCursor));
  }

  private static Cursor cursor(GenericRecord span) {
    return new Cursor(Long.parseLong(span.getString("StartNs")), span.getString("SpanId"));
  }

  private static TraceView.SpanView span(GenericRecord r, List<String> children) {
    return new TraceView.SpanView(
        r.getString("SpanId"),
        r.getString("ParentSpanId"),
        children,
        r.getString("SpanName"),
        r.getString("ServiceName"),
        r.getString("StartNs"),
        r.getString("DurationNs"),
        new TraceView.StatusView(r.getString("StatusCode"), r.getString("StatusMessage")),
        stringMap(r.getObject("SpanAttributes")),
        r.getString("SpanKind"),
        stringMap(r.getObject("ResourceAttributes")),
        events(r),
        spanLinks(r));
  }

  private static List<TraceView.EventView> events(GenericRecord r) {
    List<?> times = r.getList("EventTimes");
    List<?> names = r.getList("EventNames");
    List<?> attributes = r.getList("EventAttributes");
    List<TraceView.EventView> out = new ArrayList<>(times.size());
    for (int i = 0; i < times.size(); i++) {
      out.add(
          new TraceView.EventView(
              String.valueOf(times.get(i)),
              String.valueOf(names.get(i)),
              stringMap(attributes.get(i))));
    }
    return out;
  }

  private static List<TraceView.LinkView> spanLinks(GenericRecord r) {
    List<?> traceIds = r.getList("LinkTraceIds");
    List<?> spanIds = r.getList("LinkSpanIds");
    List<?> states = r.getList("LinkTraceStates");
    List<?> attributes = r.getList("LinkAttributes");
    List<TraceView.LinkView> out = new ArrayList<>(traceIds.size());
    for (int i = 0; i < traceIds.size(); i++) {
      out.add(
          new TraceView.LinkView(
              String.valueOf(traceIds.get(i)),
              String.valueOf(spanIds.get(i)),
              String.valueOf(states.get(i)),
              stringMap(attributes.get(i))));
    }
    return out;
  }

  private static TraceDigest.SpanFacts facts(GenericRecord r, TraceView.SpanView span) {
    return new TraceDigest.SpanFacts(
        span.serviceName(),
        span.name(),
        span.parentSpanId().isEmpty(),
        Long.parseLong(span.startTimeUnixNano()),
        Long.parseLong(span.durationNanos()),
        "Error".equals(span.status().code()),
        r.getString("Region"));
  }

  private static TraceView.LogView log(GenericRecord r) {
    return new TraceView.LogView(
        r.getString("TimeNs"),
        r.getString("SeverityText"),
        r.getInteger("SeverityNumber"),
        r.getString("Body"),
        r.getString("SpanId"),
        stringMap(r.getObject("LogAttributes")));
  }

  private static TraceView.MetricPointView point(GenericRecord r) {
    long t = Long.parseLong(r.getString("TimeNs"));
    String name = r.getString("MetricName");
    String service = r.getString("ServiceName");
    return new TraceView.MetricPointView(
        name,
        service,
        stringMap(r.getObject("Attributes")),
        r.getString("TimeNs"),
        r.getDouble("Value"),
        r.getString("SpanId"),
        DeepLinks.metric(name, service, t - 300_000_000_000L, t + 300_000_000_000L));
  }

  public static Map<String, String> stringMap(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }
}
