package io.obsera.ingest.pipeline;

import com.google.protobuf.Message;
import io.obsera.model.control.ApiKeyRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Objects;

/**
 * One decoded OTLP export as a receiver hands it to {@link IngestPipeline#export}, whatever the
 * transport and encoding.
 *
 * @param signal what the request carries
 * @param key the authenticated key it was sent with
 * @param decoded the Export*ServiceRequest of {@code signal}
 * @param wire the protobuf bytes {@code decoded} was parsed from, or null (JSON, or a transport
 *     that did not keep them); trace fragments are cut from them rather than serialised again
 * @param maxWaitMillis the longest the caller waits for Kafka's acknowledgement, e.g. a gRPC call's
 *     remaining deadline ({@link #NO_DEADLINE} when it has none); the pipeline caps it at its own
 *     ack timeout
 */
public record ExportRequest(
    Signal signal, ApiKeyRecord key, Message decoded, byte[] wire, long maxWaitMillis) {

  /** {@link #maxWaitMillis} of a caller without a deadline: the pipeline's ack timeout applies. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  public ExportRequest {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(decoded, "decoded");
    Class<? extends Message> expected =
        switch (signal) {
          case TRACES -> ExportTraceServiceRequest.class;
          case LOGS -> ExportLogsServiceRequest.class;
          case METRICS -> ExportMetricsServiceRequest.class;
        };
    if (!expected.isInstance(decoded)) {
      throw new IllegalArgumentException(
          signal
              + " export needs an "
              + expected.getSimpleName()
              + ", got "
              + decoded.getClass().getSimpleName());
    }
  }

  ExportTraceServiceRequest traces() {
    return (ExportTraceServiceRequest) decoded;
  }

  ExportLogsServiceRequest logs() {
    return (ExportLogsServiceRequest) decoded;
  }

  ExportMetricsServiceRequest metrics() {
    return (ExportMetricsServiceRequest) decoded;
  }
}
