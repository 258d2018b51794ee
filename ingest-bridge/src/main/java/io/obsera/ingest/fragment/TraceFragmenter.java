package io.obsera.ingest.fragment;

import com.google.protobuf.ByteString;
import io.obsera.ingest.fragment.TraceFragmentBytes.Piece;
import io.obsera.ingest.fragment.TraceWireLayout.Part;
import io.obsera.ingest.fragment.TraceWireLayout.ResourcePart;
import io.obsera.ingest.fragment.TraceWireLayout.ScopePart;
import io.obsera.model.RecordKeys;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Splits an OTLP trace export into one fragment per (tenant, trace id): each fragment is itself a
 * valid ExportTraceServiceRequest holding that trace's spans under their resource and scope. Spans
 * with ids of the wrong length are rejected; links with ids of the wrong length are dropped and
 * counted in the span's dropped_links_count (see {@link SpanLinks}). Given the protobuf bytes the
 * request was parsed from, the fragments copy spans, resources and scopes from them rather than
 * serialising the parsed messages again. Pure function, no I/O.
 */
public final class TraceFragmenter {
  private TraceFragmenter() {}

  public static Result fragment(String tenant, ExportTraceServiceRequest request) {
    return fragment(tenant, request, null);
  }

  /**
   * @param wire the protobuf bytes {@code request} was parsed from, unchanged since, or null (JSON,
   *     or a request changed by attribute limits)
   */
  public static Result fragment(String tenant, ExportTraceServiceRequest request, byte[] wire) {
    List<ResourcePart> layout = wire == null ? null : TraceWireLayout.of(wire);
    if (layout != null && !matches(layout, request)) {
      layout = null;
    }
    Map<ByteString, TraceFragmentBytes> byTrace = new LinkedHashMap<>();
    int rejected = 0;
    String reason = null;
    for (int i = 0; i < request.getResourceSpansCount(); i++) {
      ResourceSpans rs = request.getResourceSpans(i);
      ResourcePart rp = layout == null ? null : layout.get(i);
      Supplier<List<Piece>> resourceHead =
          memo(() -> rp == null ? encoded(resourceHead(rs)) : pieces(wire, rp.head()));
      for (int j = 0; j < rs.getScopeSpansCount(); j++) {
        ScopeSpans ss = rs.getScopeSpans(j);
        ScopePart sp = rp == null ? null : rp.scopes().get(j);
        Supplier<List<Piece>> scopeHead =
            memo(() -> sp == null ? encoded(scopeHead(ss)) : pieces(wire, sp.head()));
        for (int k = 0; k < ss.getSpansCount(); k++) {
          Span span = ss.getSpans(k);
          String problem = idProblem(span);
          if (problem != null) {
            rejected++;
            reason = problem;
            continue;
          }
          Piece piece;
          if (!SpanLinks.allValid(span)) {
            piece = Piece.of(SpanLinks.dropInvalid(span).toByteArray());
          } else if (sp != null) {
            Part part = sp.spans().get(k);
            piece = new Piece(wire, part.offset(), part.length());
          } else {
            piece = Piece.of(span.toByteArray());
          }
          byTrace
              .computeIfAbsent(span.getTraceId(), t -> new TraceFragmentBytes())
              .add(i, resourceHead, j, scopeHead, piece);
        }
      }
    }
    List<Fragment> out = new ArrayList<>(byTrace.size());
    byTrace.forEach(
        (traceId, bytes) ->
            out.add(
                new Fragment(
                    RecordKeys.traceKey(tenant, traceId.toByteArray()),
                    bytes.toByteArray(),
                    bytes.spans())));
    return new Result(out, rejected, reason);
  }

  /** Why a span is invalid, or null. */
  private static String idProblem(Span span) {
    if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
      return "span with trace id of "
          + span.getTraceId().size()
          + " bytes and span id of "
          + span.getSpanId().size()
          + " bytes (want 16 and 8)";
    }
    int parent = span.getParentSpanId().size();
    if (parent != 0 && parent != 8) {
      return "span with a parent span id of " + parent + " bytes (want 8, or none)";
    }
    return null;
  }

  /** Whether the layout has the parsed request's resources, scopes and spans, one for one. */
  private static boolean matches(List<ResourcePart> layout, ExportTraceServiceRequest request) {
    if (layout.size() != request.getResourceSpansCount()) {
      return false;
    }
    for (int i = 0; i < layout.size(); i++) {
      ResourceSpans rs = request.getResourceSpans(i);
      List<ScopePart> scopes = layout.get(i).scopes();
      if (scopes.size() != rs.getScopeSpansCount()) {
        return false;
      }
      for (int j = 0; j < scopes.size(); j++) {
        if (scopes.get(j).spans().size() != rs.getScopeSpans(j).getSpansCount()) {
          return false;
        }
      }
    }
    return true;
  }

  /** A ResourceSpans' fields other than scope_spans, encoded with their tags. */
  private static byte[] resourceHead(ResourceSpans rs) {
    ResourceSpans.Builder head = ResourceSpans.newBuilder().setSchemaUrl(rs.getSchemaUrl());
    if (rs.hasResource()) {
      head.setResource(rs.getResource());
    }
    return head.build().toByteArray();
  }

  /** A ScopeSpans' fields other than spans, encoded with their tags. */
  private static byte[] scopeHead(ScopeSpans ss) {
    ScopeSpans.Builder head = ScopeSpans.newBuilder().setSchemaUrl(ss.getSchemaUrl());
    if (ss.hasScope()) {
      head.setScope(ss.getScope());
    }
    return head.build().toByteArray();
  }

  private static List<Piece> encoded(byte[] bytes) {
    return List.of(Piece.of(bytes));
  }

  private static List<Piece> pieces(byte[] wire, List<Part> parts) {
    List<Piece> pieces = new ArrayList<>(parts.size());
    for (Part p : parts) {
      pieces.add(new Piece(wire, p.offset(), p.length()));
    }
    return pieces;
  }

  private static <T> Supplier<T> memo(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
