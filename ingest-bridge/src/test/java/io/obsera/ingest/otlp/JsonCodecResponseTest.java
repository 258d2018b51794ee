package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obsera.ingest.pipeline.ExportOutcome;
import io.obsera.ingest.pipeline.Signal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What an OTLP/JSON client gets back: Export*ServiceResponse and google.rpc.Status in JSON. */
class JsonCodecResponseTest {
  private final JsonCodec codec = new JsonCodec();

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void should_answerEmptyObject_whenNothingWasRejected() {
    for (Signal signal : Signal.values()) {
      assertThat(text(codec.response(signal, new ExportOutcome(5, 0, ""))))
          .as("%s", signal)
          .isEqualTo("{}");
    }
    assertThat(codec.mediaType()).isEqualTo("application/json");
  }

  @Test
  void should_printPartialSuccess_inCamelCase_perSignal() throws Exception {
    ExportOutcome outcome =
        new ExportOutcome(
            3, 2, "2 spans rejected: span with trace id of 15 bytes and span id of 8 bytes");

    assertThat(text(codec.response(Signal.TRACES, outcome)))
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":"
                + "\"2 spans rejected: span with trace id of 15 bytes and span id of 8 bytes\"}}");

    JsonNode logs =
        new ObjectMapper()
            .readTree(
                codec.response(Signal.LOGS, new ExportOutcome(0, 1, "1 log records rejected")));
    assertThat(logs.at("/partialSuccess/rejectedLogRecords").asLong()).isEqualTo(1);
    assertThat(logs.at("/partialSuccess/errorMessage").asText())
        .isEqualTo("1 log records rejected");

    JsonNode metrics =
        new ObjectMapper()
            .readTree(
                codec.response(Signal.METRICS, new ExportOutcome(4, 7, "7 data points rejected")));
    assertThat(metrics.at("/partialSuccess/rejectedDataPoints").asLong()).isEqualTo(7);
    assertThat(metrics.get("partialSuccess").fieldNames())
        .toIterable()
        .containsExactly("rejectedDataPoints", "errorMessage");
  }

  @Test
  void should_encodeErrorsAsGoogleRpcStatusJson_escapingTheMessage() throws Exception {
    byte[] body = codec.error(3, "body is not \"valid\"\n: résumé");

    assertThat(text(body))
        .isEqualTo("{\"code\":3,\"message\":\"body is not \\\"valid\\\"\\n: résumé\"}");
    JsonNode status = new ObjectMapper().readTree(body);
    assertThat(status.get("code").asInt()).isEqualTo(3);
    assertThat(status.get("message").asText()).isEqualTo("body is not \"valid\"\n: résumé");
  }
}
