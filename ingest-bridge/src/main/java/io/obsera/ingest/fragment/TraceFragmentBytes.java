package io.obsera.ingest.fragment;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The spans of one trace, collected as encoded pieces under their resource and scope, and written
 * out as one ExportTraceServiceRequest. A piece is either a slice of the request's own bytes or a
 * freshly serialised message: both are copied, never parsed again.
 */
final class TraceFragmentBytes {
  /** Bytes {@code [offset, offset + length)} of {@code bytes}. */
  record Piece(byte[] bytes, int offset, int length) {
    static Piece of(byte[] bytes) {
      return new Piece(bytes, 0, bytes.length);
    }
  }

  private static final class Group {
    final int index;
    final List<Piece> head;
    final List<Piece> children = new ArrayList<>();
    final List<Group> groups = new ArrayList<>(1);
    int size;

    Group(int index, List<Piece> head) {
      this.index = index;
      this.head = head;
    }
  }

  private final List<Group> resources = new ArrayList<>(1);
  private int spans;

  /**
   * Adds a span of resource {@code resource} and scope {@code scope} (indexes in the request, in
   * ascending order); the heads are the encoded fields of the resource and the scope other than
   * their children, taken only when this fragment has no span of them yet.
   */
  void add(
      int resource,
      Supplier<List<Piece>> resourceHead,
      int scope,
      Supplier<List<Piece>> scopeHead,
      Piece span) {
    Group r = resources.isEmpty() ? null : resources.get(resources.size() - 1);
    if (r == null || r.index != resource) {
      r = new Group(resource, resourceHead.get());
      resources.add(r);
    }
    Group s = r.groups.isEmpty() ? null : r.groups.get(r.groups.size() - 1);
    if (s == null || s.index != scope) {
      s = new Group(scope, scopeHead.get());
      r.groups.add(s);
    }
    s.children.add(span);
    spans++;
  }

  int spans() {
    return spans;
  }

  /**
   * ExportTraceServiceRequest { resource_spans (1) { head, scope_spans (2) { head, spans (2) } } }
   */
  byte[] toByteArray() {
    int total = 0;
    for (Group r : resources) {
      r.size = headSize(r.head);
      for (Group s : r.groups) {
        s.size = headSize(s.head);
        for (Piece span : s.children) {
          s.size += framed(span.length());
        }
        r.size += framed(s.size);
      }
      total += framed(r.size);
    }
    byte[] out = new byte[total];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      for (Group r : resources) {
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(r.size);
        writeAll(o, r.head);
        for (Group s : r.groups) {
          o.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          o.writeUInt32NoTag(s.size);
          writeAll(o, s.head);
          for (Piece span : s.children) {
            o.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            o.writeUInt32NoTag(span.length());
            o.writeRawBytes(span.bytes(), span.offset(), span.length());
          }
        }
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void writeAll(CodedOutputStream o, List<Piece> pieces) throws IOException {
    for (Piece p : pieces) {
      o.writeRawBytes(p.bytes(), p.offset(), p.length());
    }
  }

  private static int headSize(List<Piece> head) {
    int size = 0;
    for (Piece p : head) {
      size += p.length();
    }
    return size;
  }

  /** A length-delimited field of number 1 or 2: one tag byte, the length, the value. */
  private static int framed(int length) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
  }
}
