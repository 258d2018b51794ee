package io.obsera.ingest.otlp;

import com.google.protobuf.Message;
import io.obsera.ingest.pipeline.ExportOutcome;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * The Export*ServiceResponse of a signal: empty on full success, with {@code partial_success}
 * (rejected count and message) when items were dropped.
 */
final class OtlpResponses {
  private OtlpResponses() {}

  static Message of(Signal signal, ExportOutcome outcome) {
    return switch (signal) {
      case TRACES -> {
        ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
        if (outcome.partial()) {
          b.setPartialSuccess(
              ExportTracePartialSuccess.newBuilder()
                  .setRejectedSpans(outcome.rejected())
                  .setErrorMessage(outcome.message()));
        }
        yield b.build();
      }
      case LOGS -> {
        ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
        if (outcome.partial()) {
          b.setPartialSuccess(
              ExportLogsPartialSuccess.newBuilder()
                  .setRejectedLogRecords(outcome.rejected())
                  .setErrorMessage(outcome.message()));
        }
        yield b.build();
      }
      case METRICS -> {
        ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
        if (outcome.partial()) {
          b.setPartialSuccess(
              ExportMetricsPartialSuccess.newBuilder()
                  .setRejectedDataPoints(outcome.rejected())
                  .setErrorMessage(outcome.message()));
        }
        yield b.build();
      }
    };
  }
}
