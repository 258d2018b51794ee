package io.obsera.ingest.otlp;

import com.google.protobuf.Message;
import io.obsera.ingest.pipeline.ExportOutcome;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * One OTLP/HTTP encoding (protobuf or JSON): decodes request bodies and encodes responses in the
 * same encoding, as the OTLP specification requires. Decoding failures throw {@link IngestError} of
 * kind INVALID_ARGUMENT with a message naming the problem.
 */
interface OtlpCodec {
  /** The media type this codec reads and writes, e.g. {@code application/x-protobuf}. */
  String mediaType();

  /** The Export*ServiceRequest of {@code signal} in {@code body}. */
  default Message decode(Signal signal, byte[] body) {
    return switch (signal) {
      case TRACES -> traces(body);
      case LOGS -> logs(body);
      case METRICS -> metrics(body);
    };
  }

  ExportTraceServiceRequest traces(byte[] body);

  /** The body as protobuf bytes of the request (fragments can be cut from them), or null. */
  default byte[] protobuf(byte[] body) {
    return null;
  }

  ExportLogsServiceRequest logs(byte[] body);

  ExportMetricsServiceRequest metrics(byte[] body);

  /** The Export*ServiceResponse of a signal, with partial_success when items were rejected. */
  byte[] response(Signal signal, ExportOutcome outcome);

  /** A {@code google.rpc.Status} with the error's code and message. */
  byte[] error(int grpcCode, String message);
}
