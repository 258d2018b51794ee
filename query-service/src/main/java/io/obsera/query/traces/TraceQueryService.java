package io.obsera.query.traces;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Trace lookups for one tenant; another tenant's trace is simply not found. */
public final class TraceQueryService {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  private final TraceRepository repository;

  public TraceQueryService(Client client) {
    this.repository = new TraceRepository(client);
  }

  public Optional<TraceView> trace(String tenant, String rawTraceId) {
    String traceId = rawTraceId == null ? "" : rawTraceId.toLowerCase();
    if (!TRACE_ID.matcher(traceId).matches() || traceId.equals("0".repeat(32))) {
      throw ApiException.badRequest(
          "traceId must be 32 hex characters (not all zero), got '" + rawTraceId + "'");
    }
    List<TraceView.SpanView> spans =
        repository.spans(tenant, traceId).stream().map(TraceQueryService::span).toList();
    List<TraceView.LogView> logs =
        repository.logs(tenant, traceId).stream().map(TraceQueryService::log).toList();
    if (spans.isEmpty() && logs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TraceView(traceId, spans, logs));
  }

  private static TraceView.SpanView span(GenericRecord r) {
    return new TraceView.SpanView(
        r.getString("SpanId"),
        r.getString("ParentSpanId"),
        r.getString("SpanName"),
        r.getString("ServiceName"),
        r.getString("StartNs"),
        r.getString("DurationNs"),
        new TraceView.StatusView(r.getString("StatusCode"), r.getString("StatusMessage")),
        stringMap(r.getObject("SpanAttributes")));
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

  static Map<String, String> stringMap(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }
}
