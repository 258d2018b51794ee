package io.obsera.ingest.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import org.junit.jupiter.api.Test;

class LogFragmenterTest {
  static LogRecord log(byte[] traceId, String body) {
    LogRecord.Builder b =
        LogRecord.newBuilder()
            .setBody(AnyValue.newBuilder().setStringValue(body))
            .setTimeUnixNano(1);
    if (traceId != null) {
      b.setTraceId(ByteString.copyFrom(traceId));
    }
    return b.build();
  }

  @Test
  void should_keyByTrace_whenTraceIdPresent_elseByResource() throws Exception {
    ExportLogsServiceRequest req =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(log(TraceFragmenterTest.TRACE_A, "in trace"))
                            .addLogRecords(log(null, "free 1"))
                            .addLogRecords(log(null, "free 2"))
                            .addLogRecords(log(new byte[3], "bad"))))
            .build();

    Result r = LogFragmenter.fragment("acme", req);

    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.fragments()).hasSize(2);
    assertThat(r.fragments().get(0).key()).isEqualTo("acme|0af7651916cd43dd8448eb211c80319c");
    assertThat(r.fragments().get(1).key()).startsWith("acme|r:");
    assertThat(r.fragments().get(1).items()).isEqualTo(2);
    ExportLogsServiceRequest free =
        ExportLogsServiceRequest.parseFrom(r.fragments().get(1).value());
    assertThat(free.getResourceLogs(0).getScopeLogs(0).getLogRecordsList())
        .extracting(l -> l.getBody().getStringValue())
        .containsExactly("free 1", "free 2");
  }
}
