package io.obsera.ingest.limits;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Attribute limits over whole requests. Resources, spans, span events and links, and log records
 * carry a dropped_attributes_count, which is increased by what is dropped. The original request is
 * returned untouched when nothing exceeds a limit.
 */
final class RequestAttributeLimits {
  private final AttributeLimiter limiter;

  RequestAttributeLimits(AttributeLimiter limiter) {
    this.limiter = limiter;
  }

  ExportTraceServiceRequest traces(ExportTraceServiceRequest req) {
    ExportTraceServiceRequest.Builder b = null;
    for (int i = 0; i < req.getResourceSpansCount(); i++) {
      Resource limited = resource(req.getResourceSpans(i).getResource());
      if (limited != null) {
        b = b != null ? b : req.toBuilder();
        b.getResourceSpansBuilder(i).setResource(limited);
      }
      for (int j = 0; j < req.getResourceSpans(i).getScopeSpansCount(); j++) {
        for (int k = 0; k < req.getResourceSpans(i).getScopeSpans(j).getSpansCount(); k++) {
          Span span = req.getResourceSpans(i).getScopeSpans(j).getSpans(k);
          Span limitedSpan = span(span);
          if (limitedSpan != null) {
            b = b != null ? b : req.toBuilder();
            b.getResourceSpansBuilder(i).getScopeSpansBuilder(j).setSpans(k, limitedSpan);
          }
        }
      }
    }
    return b == null ? req : b.build();
  }

  ExportLogsServiceRequest logs(ExportLogsServiceRequest req) {
    ExportLogsServiceRequest.Builder b = null;
    for (int i = 0; i < req.getResourceLogsCount(); i++) {
      Resource limited = resource(req.getResourceLogs(i).getResource());
      if (limited != null) {
        b = b != null ? b : req.toBuilder();
        b.getResourceLogsBuilder(i).setResource(limited);
      }
      for (int j = 0; j < req.getResourceLogs(i).getScopeLogsCount(); j++) {
        for (int k = 0; k < req.getResourceLogs(i).getScopeLogs(j).getLogRecordsCount(); k++) {
          LogRecord log = req.getResourceLogs(i).getScopeLogs(j).getLogRecords(k);
          AttributeLimiter.Limited a = limiter.apply(log.getAttributesList());
          if (a != null) {
            b = b != null ? b : req.toBuilder();
            b.getResourceLogsBuilder(i)
                .getScopeLogsBuilder(j)
                .setLogRecords(
                    k,
                    log.toBuilder()
                        .clearAttributes()
                        .addAllAttributes(a.attributes())
                        .setDroppedAttributesCount(log.getDroppedAttributesCount() + a.dropped()));
          }
        }
      }
    }
    return b == null ? req : b.build();
  }

  /** Metric data points have no dropped count: only resources are limited and counted. */
  ExportMetricsServiceRequest metrics(ExportMetricsServiceRequest req) {
    ExportMetricsServiceRequest.Builder b = null;
    for (int i = 0; i < req.getResourceMetricsCount(); i++) {
      Resource limited = resource(req.getResourceMetrics(i).getResource());
      if (limited != null) {
        b = b != null ? b : req.toBuilder();
        b.getResourceMetricsBuilder(i).setResource(limited);
      }
    }
    return b == null ? req : b.build();
  }

  private Resource resource(Resource r) {
    AttributeLimiter.Limited a = limiter.apply(r.getAttributesList());
    return a == null
        ? null
        : r.toBuilder()
            .clearAttributes()
            .addAllAttributes(a.attributes())
            .setDroppedAttributesCount(r.getDroppedAttributesCount() + a.dropped())
            .build();
  }

  private Span span(Span span) {
    Span.Builder b = null;
    AttributeLimiter.Limited a = limiter.apply(span.getAttributesList());
    if (a != null) {
      b = span.toBuilder();
      b.clearAttributes()
          .addAllAttributes(a.attributes())
          .setDroppedAttributesCount(span.getDroppedAttributesCount() + a.dropped());
    }
    for (int e = 0; e < span.getEventsCount(); e++) {
      Span.Event event = span.getEvents(e);
      AttributeLimiter.Limited ea = limiter.apply(event.getAttributesList());
      if (ea != null) {
        b = b != null ? b : span.toBuilder();
        b.setEvents(
            e,
            event.toBuilder()
                .clearAttributes()
                .addAllAttributes(ea.attributes())
                .setDroppedAttributesCount(event.getDroppedAttributesCount() + ea.dropped()));
      }
    }
    for (int l = 0; l < span.getLinksCount(); l++) {
      Span.Link link = span.getLinks(l);
      AttributeLimiter.Limited la = limiter.apply(link.getAttributesList());
      if (la != null) {
        b = b != null ? b : span.toBuilder();
        b.setLinks(
            l,
            link.toBuilder()
                .clearAttributes()
                .addAllAttributes(la.attributes())
                .setDroppedAttributesCount(link.getDroppedAttributesCount() + la.dropped()));
      }
    }
    return b == null ? null : b.build();
  }
}
