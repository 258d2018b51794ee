package io.obsera.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.Scope;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportRequestTest {
  static final ApiKeyRecord KEY =
      new ApiKeyRecord(
          "k1", "acme", "sha", Set.of(Scope.INGEST), "test", Instant.EPOCH, null, "test");

  @Test
  void should_giveTheDecodedRequestOfItsSignal_whenTheTypesMatch() {
    ExportTraceServiceRequest traces = ExportTraceServiceRequest.getDefaultInstance();
    ExportLogsServiceRequest logs = ExportLogsServiceRequest.getDefaultInstance();
    ExportMetricsServiceRequest metrics = ExportMetricsServiceRequest.getDefaultInstance();

    assertThat(request(Signal.TRACES, traces).traces()).isSameAs(traces);
    assertThat(request(Signal.LOGS, logs).logs()).isSameAs(logs);
    assertThat(request(Signal.METRICS, metrics).metrics()).isSameAs(metrics);
  }

  @Test
  void should_refuseARequest_whenItsMessageIsNotThatOfItsSignal() {
    assertThatThrownBy(() -> request(Signal.LOGS, ExportTraceServiceRequest.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LOGS export needs an ExportLogsServiceRequest, got ExportTraceServiceRequest");
  }

  static ExportRequest request(Signal signal, com.google.protobuf.Message decoded) {
    return new ExportRequest(signal, KEY, decoded, null, ExportRequest.NO_DEADLINE);
  }
}
