package io.obsera.ingest.fragment;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the parts of an ExportTraceServiceRequest lie in its protobuf bytes, so that fragments can
 * copy spans, resources and scopes as they arrived instead of serialising them again. Reads only
 * tags and lengths. Used only for bytes that already parsed as the request: {@link #of} returns
 * null for anything it does not expect (a group, a length past the end), and the caller falls back
 * to serialising the parsed message.
 */
final class TraceWireLayout {
  private static final int LEN = 2;

  /** Bytes {@code [offset, offset + length)} of the wire. */
  record Part(int offset, int length) {}

  /**
   * One ResourceSpans: its fields other than scope_spans, each with tag and value ({@code head}:
   * resource, schema_url, unknown fields), and its ScopeSpans in order.
   */
  record ResourcePart(List<Part> head, List<ScopePart> scopes) {}

  /** One ScopeSpans: its fields other than spans (with tags), and each span's payload. */
  record ScopePart(List<Part> head, List<Part> spans) {}

  private final byte[] wire;
  private int pos;

  private TraceWireLayout(byte[] wire) {
    this.wire = wire;
  }

  /** The ResourceSpans of {@code wire} in order, or null when it cannot be laid out. */
  static List<ResourcePart> of(byte[] wire) {
    try {
      return new TraceWireLayout(wire).request();
    } catch (IllegalStateException e) {
      return null;
    }
  }

  private List<ResourcePart> request() {
    List<ResourcePart> resources = new ArrayList<>();
    int end = wire.length;
    while (pos < end) {
      Field f = field(end);
      if (f.number == 1 && f.wireType == LEN) {
        resources.add(resource(f.valueStart, f.valueEnd));
      }
    }
    return resources;
  }

  private ResourcePart resource(int start, int end) {
    List<Part> head = new ArrayList<>(2);
    List<ScopePart> scopes = new ArrayList<>(1);
    pos = start;
    while (pos < end) {
      Field f = field(end);
      if (f.number == 2 && f.wireType == LEN) {
        int after = pos;
        scopes.add(scope(f.valueStart, f.valueEnd));
        pos = after;
      } else {
        head.add(new Part(f.tagStart, pos - f.tagStart));
      }
    }
    return new ResourcePart(head, scopes);
  }

  private ScopePart scope(int start, int end) {
    List<Part> head = new ArrayList<>(2);
    List<Part> spans = new ArrayList<>();
    pos = start;
    while (pos < end) {
      Field f = field(end);
      if (f.number == 2 && f.wireType == LEN) {
        spans.add(new Part(f.valueStart, f.valueEnd - f.valueStart));
      } else {
        head.add(new Part(f.tagStart, pos - f.tagStart));
      }
    }
    return new ScopePart(head, spans);
  }

  /** A field: where its tag starts and, for length-delimited ones, where its value lies. */
  private record Field(int number, int wireType, int tagStart, int valueStart, int valueEnd) {}

  /** Reads one field within {@code end}; {@code pos} is after it. */
  private Field field(int end) {
    int tagStart = pos;
    long tag = varint(end);
    int wireType = (int) (tag & 7);
    int number = (int) (tag >>> 3);
    switch (wireType) {
      case 0 -> varint(end);
      case 1 -> skip(8, end);
      case LEN -> {
        long length = varint(end);
        if (length > end - pos) {
          throw new IllegalStateException("length past the end");
        }
        int valueStart = pos;
        pos += (int) length;
        return new Field(number, wireType, tagStart, valueStart, pos);
      }
      case 5 -> skip(4, end);
      default -> throw new IllegalStateException("wire type " + wireType);
    }
    return new Field(number, wireType, tagStart, pos, pos);
  }

  private void skip(int n, int end) {
    if (n > end - pos) {
      throw new IllegalStateException("field past the end");
    }
    pos += n;
  }

  private long varint(int end) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new IllegalStateException("varint past the end");
      }
      byte b = wire[pos++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalStateException("varint too long");
  }
}
