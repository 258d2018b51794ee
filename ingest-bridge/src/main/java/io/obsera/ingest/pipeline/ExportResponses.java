package io.obsera.ingest.pipeline;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * The OTLP Export*ServiceResponse of an {@link ExportOutcome}, with {@code partial_success} when
 * items were rejected. Shared by every transport and encoding so they answer alike.
 */
public final class ExportResponses {
  private ExportResponses() {}

  public static Message of(Signal signal, ExportOutcome outcome) {
    return switch (signal) {
      case TRACES -> traces(outcome);
      case LOGS -> logs(outcome);
      case METRICS -> metrics(outcome);
    };
  }

  public static ExportTraceServiceResponse traces(ExportOutcome outcome) {
    ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
    if (outcome.partial()) {
      b.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(outcome.rejected())
              .setErrorMessage(outcome.message()));
    }
    return b.build();
  }

  public static ExportLogsServiceResponse logs(ExportOutcome outcome) {
    ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
    if (outcome.partial()) {
      b.setPartialSuccess(
          ExportLogsPartialSuccess.newBuilder()
              .setRejectedLogRecords(outcome.rejected())
              .setErrorMessage(outcome.message()));
    }
    return b.build();
  }

  public static ExportMetricsServiceResponse metrics(ExportOutcome outcome) {
    ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
    if (outcome.partial()) {
      b.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(outcome.rejected())
              .setErrorMessage(outcome.message()));
    }
    return b.build();
  }
}
