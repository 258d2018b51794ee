package io.obsera.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Trace export bytes whose one span has its name before its ids. Protobuf serialises fields in
 * number order, so a Kafka record holding the span's bytes as sent was cut from the request's bytes
 * (the zero-copy trace path), not serialised again from the parsed message.
 */
public final class OutOfOrderSpans {
  private OutOfOrderSpans() {}

  /** A span's bytes: name (field 5), then trace id (1) and span id (2). */
  public static byte[] span(byte[] traceId, String name) {
    ByteString nameFirst = Span.newBuilder().setName(name).build().toByteString();
    ByteString ids =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
            .build()
            .toByteString();
    return nameFirst.concat(ids).toByteArray();
  }

  /** An ExportTraceServiceRequest holding the encoded {@code span} under one resource and scope. */
  public static byte[] request(byte[] span) {
    byte[] scopeSpans = field(2, span);
    byte[] resourceSpans = field(2, scopeSpans);
    return field(1, resourceSpans);
  }

  private static byte[] field(int number, byte[] value) {
    byte[] out = new byte[CodedOutputStream.computeByteArraySize(number, value)];
    try {
      CodedOutputStream o = CodedOutputStream.newInstance(out);
      o.writeByteArray(number, value);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
