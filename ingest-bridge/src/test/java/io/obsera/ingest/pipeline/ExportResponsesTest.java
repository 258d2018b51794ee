package io.obsera.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;

class ExportResponsesTest {
  @Test
  void should_answerWithoutPartialSuccess_whenNothingWasRejected() {
    ExportOutcome all = new ExportOutcome(3, 0, "");

    assertThat(ExportResponses.traces(all).hasPartialSuccess()).isFalse();
    assertThat(ExportResponses.logs(all).hasPartialSuccess()).isFalse();
    assertThat(ExportResponses.metrics(all).hasPartialSuccess()).isFalse();
  }

  @Test
  void should_countRejectedItems_inEachSignalsPartialSuccess() {
    ExportOutcome partial = new ExportOutcome(2, 1, "1 spans rejected: bad trace id");

    ExportTraceServiceResponse traces =
        (ExportTraceServiceResponse) ExportResponses.of(Signal.TRACES, partial);
    ExportLogsServiceResponse logs =
        (ExportLogsServiceResponse) ExportResponses.of(Signal.LOGS, partial);
    ExportMetricsServiceResponse metrics =
        (ExportMetricsServiceResponse) ExportResponses.of(Signal.METRICS, partial);

    assertThat(traces.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(traces.getPartialSuccess().getErrorMessage())
        .isEqualTo("1 spans rejected: bad trace id");
    assertThat(logs.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
    assertThat(metrics.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
  }
}
