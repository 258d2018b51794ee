package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestKafka;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenTelemetry JS SDK's OTLP/HTTP exporters (JSON, the reference client of OTLP/JSON) against
 * the real receiver: {@code src/test/js/otlp-json-client} is installed with {@code npm ci} into
 * {@code target/} and run with {@code node}; all three signals must land in Kafka under the
 * tenant's keys.
 */
@ExtendWith(ObseraServersExtension.class)
class OtlpJsonSdkClientIT {
  static final Path SOURCE = Path.of("src", "test", "js", "otlp-json-client");
  static final Path CLIENT = Path.of("target", "otlp-json-client");
  static IngestItServer server;

  @BeforeAll
  static void start() throws Exception {
    installClient();
    server = new IngestItServer("js-it");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Copies the client next to the build output and installs its locked dependencies. */
  static void installClient() throws IOException, InterruptedException {
    Files.createDirectories(CLIENT);
    for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
      Files.copy(SOURCE.resolve(file), CLIENT.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    Run npm = run(CLIENT, 300, "npm", "ci", "--no-audit", "--no-fund");
    assertThat(npm.exitCode).as("npm ci in %s:%n%s", CLIENT, npm.output).isZero();
  }

  record Run(int exitCode, String output, String stdout) {}

  /** Runs a command with a deadline; output goes to files so a chatty process never blocks. */
  static Run run(Path dir, int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("otlp-json-client", ".out");
    Path err = Files.createTempFile("otlp-json-client", ".err");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "'" + command[0] + "' must be on PATH for this test (Node.js 18+ with npm): " + e, e);
    }
    boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String output = stdout + Files.readString(err, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    if (!done) {
      throw new AssertionError(
          String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + output);
    }
    return new Run(process.exitValue(), output, stdout);
  }

  @Test
  void should_ingestSpanLogAndMetrics_sentByTheJsSdkAsJson() throws Exception {
    Run client = run(CLIENT, 120, "node", "client.mjs", server.baseUrl, server.key);
    assertThat(client.exitCode).as("node client.mjs:%n%s", client.output).isZero();

    JsonNode printed = new ObjectMapper().readTree(client.stdout.strip());
    String traceId = printed.get("traceId").asText();
    String spanId = printed.get("spanId").asText();
    assertThat(traceId).hasSize(32);
    String traceKey = server.tenant + "|" + traceId;

    ConsumerRecord<String, byte[]> spanRecord =
        TestKafka.readUntil(Topics.OTLP_SPANS, traceKey).get(0);
    assertThat(RecordHeaders.read(spanRecord.headers(), RecordHeaders.TENANT))
        .contains(server.tenant);
    Span span =
        ExportTraceServiceRequest.parseFrom(spanRecord.value())
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);
    assertThat(span.getName()).isEqualTo("GET /basket");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray())).isEqualTo(spanId);
    assertThat(span.getEvents(0).getName()).isEqualTo("basket loaded");

    ConsumerRecord<String, byte[]> logRecord =
        TestKafka.readUntil(Topics.OTLP_LOGS, traceKey).get(0);
    assertThat(RecordHeaders.read(logRecord.headers(), RecordHeaders.TENANT))
        .contains(server.tenant);
    LogRecord log =
        ExportLogsServiceRequest.parseFrom(logRecord.value())
            .getResourceLogs(0)
            .getScopeLogs(0)
            .getLogRecords(0);
    assertThat(log.getBody().getStringValue()).isEqualTo("basket almost full");
    assertThat(log.getSpanId()).isEqualTo(span.getSpanId());

    List<String> metricNames = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.OTLP_METRICS)) {
      if (r.key().startsWith(server.tenant + "|m:")) {
        assertThat(RecordHeaders.read(r.headers(), RecordHeaders.TENANT)).contains(server.tenant);
        Metric metric =
            ExportMetricsServiceRequest.parseFrom(r.value())
                .getResourceMetrics(0)
                .getScopeMetrics(0)
                .getMetrics(0);
        assertThat(r.key()).endsWith(":" + metric.getName());
        metricNames.add(metric.getName());
        if (metric.getName().equals("js.latency")) {
          assertThat(metric.getHistogram().getDataPoints(0).getSum()).isEqualTo(42.5);
        }
      }
    }
    assertThat(metricNames).contains("js.orders", "js.latency");
  }
}
