package io.obsera.ingest.fragment;

import io.opentelemetry.proto.trace.v1.Span;

/**
 * Span links whose trace id is not 16 bytes or whose span id is not 8 bytes point nowhere. Like the
 * OpenTelemetry SDKs, which do not record a link to an invalid span context, ingest drops such a
 * link and keeps the span, counting the link in the span's {@code dropped_links_count} (the field
 * the SDKs use for links they drop). The request is still answered with full success: the span
 * itself is stored.
 */
final class SpanLinks {
  private SpanLinks() {}

  static boolean allValid(Span span) {
    for (int i = 0; i < span.getLinksCount(); i++) {
      if (!valid(span.getLinks(i))) {
        return false;
      }
    }
    return true;
  }

  /** The span without its invalid links, each counted in dropped_links_count. */
  static Span dropInvalid(Span span) {
    Span.Builder b = span.toBuilder().clearLinks();
    int dropped = 0;
    for (Span.Link link : span.getLinksList()) {
      if (valid(link)) {
        b.addLinks(link);
      } else {
        dropped++;
      }
    }
    return b.setDroppedLinksCount(span.getDroppedLinksCount() + dropped).build();
  }

  private static boolean valid(Span.Link link) {
    return link.getTraceId().size() == 16 && link.getSpanId().size() == 8;
  }
}
