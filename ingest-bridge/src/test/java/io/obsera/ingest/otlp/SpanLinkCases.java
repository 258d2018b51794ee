package io.obsera.ingest.otlp;

import com.google.protobuf.ByteString;
import io.obsera.ingest.otlp.BadInputCase.Auth;
import io.obsera.ingest.otlp.BadInputItems.Item;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spans whose links carry a trace id that is not 16 bytes or a span id that is not 8 bytes (empty
 * included): as documented, the span is kept and the request fully accepted (200, nothing
 * rejected); each such link is dropped and counted in the span's dropped_links_count, and the valid
 * links are kept. Every link carries a marker attribute: dropped ones a must-not-land marker (the
 * Kafka check finds it if a dropped link leaks), kept ones an ok marker that must land once, and
 * the span's dropped count must land as {@code <span marker>#dropped-links=<n>}.
 */
final class SpanLinkCases extends BadInputFamily {
  static final String LINK_MARKER = "link.marker";
  static final String DROPPED_LINKS = "#dropped-links=";

  SpanLinkCases(BadInputFamily shared) {
    super(shared);
  }

  void wrongLinkIds(String type) {
    int id = nextId();
    int spans = 1 + random.nextInt(4);
    List<Item> list = new ArrayList<>();
    for (int i = 0; i < spans; i++) {
      list.add(items.valid(marker(id, i, true)));
    }
    ExportTraceServiceRequest.Builder request =
        ((ExportTraceServiceRequest) items.request(Signal.TRACES, list)).toBuilder();
    Set<String> landing = new LinkedHashSet<>();
    for (int i = 0; i < spans; i++) {
      Span.Builder span =
          request.getResourceSpansBuilder(i).getScopeSpansBuilder(0).getSpansBuilder(0);
      int before = random.nextInt(3);
      int dropped = 0;
      int links = 1 + random.nextInt(4);
      int badAt = random.nextInt(links);
      for (int l = 0; l < links; l++) {
        boolean valid = l != badAt && random.nextBoolean();
        String linkMarker = marker(id, i, valid) + ":link:" + l;
        span.addLinks(link(valid, linkMarker));
        if (valid) {
          landing.add(linkMarker);
        } else {
          dropped++;
        }
      }
      span.setDroppedLinksCount(before);
      landing.add(list.get(i).marker());
      landing.add(list.get(i).marker() + DROPPED_LINKS + (before + dropped));
    }
    ExportTraceServiceRequest built = request.build();
    cases.add(
        new BadInputCase(
            id,
            "wrong-link-ids",
            Signal.TRACES,
            type,
            Map.of(),
            Auth.INGEST,
            type.equals(JSON) ? BadInputItems.json(built) : built.toByteArray(),
            false,
            200,
            List.of(),
            0,
            landing,
            Map.of()));
  }

  /** A link with ids of the right lengths, or with at least one of a wrong length. */
  private Span.Link link(boolean valid, String marker) {
    int traceBytes = 16;
    int spanBytes = 8;
    if (!valid) {
      if (random.nextBoolean()) {
        traceBytes = wrongLength(16);
      } else {
        spanBytes = wrongLength(8);
      }
    }
    return Span.Link.newBuilder()
        .setTraceId(bytes(traceBytes))
        .setSpanId(bytes(spanBytes))
        .addAttributes(BadInputItems.string(LINK_MARKER, marker))
        .build();
  }

  private int wrongLength(int want) {
    int len;
    do {
      len = random.nextInt(33);
    } while (len == want);
    return len;
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    if (n > 0) {
      b[0] |= 1;
    }
    return ByteString.copyFrom(b);
  }
}
