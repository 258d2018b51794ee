package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.opentelemetry.api.trace.Span;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Standalone against servers it does not own ({@code OBSERA_CLICKHOUSE_URL}, {@code
 * OBSERA_KAFKA_BOOTSTRAP}): nothing is fetched, and the operator's {@code OBSERA_API_KEY} works.
 */
@ExtendWith(ObseraServersExtension.class)
class ExternalServersIT {
  @Test
  void should_useConfiguredServers_withoutFetchingLibchdb_andAcceptTheOperatorsKey()
      throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "external-it-");
    Path cacheDir = dataDir.resolve("must-stay-absent");
    SharedServers.ClickHouseEndpoint ch = SharedServers.clickHouse();
    String operatorKey = "operator-chosen-key-" + dataDir.getFileName();
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    env.put("OBSERA_CACHE_DIR", cacheDir.toString());
    env.put("OBSERA_CLICKHOUSE_URL", ch.httpUrl());
    env.put("OBSERA_CLICKHOUSE_USER", ch.user());
    env.put("OBSERA_CLICKHOUSE_PASSWORD", ch.password());
    env.put("OBSERA_KAFKA_BOOTSTRAP", SharedServers.kafkaBootstrap());
    env.put("OBSERA_API_KEY", operatorKey);
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (Standalone obsera =
        Standalone.start(StandaloneConfig.fromEnv(env), new PrintStream(out, true))) {
      assertThat(out.toString())
          .contains("external server " + ch.httpUrl())
          .contains("external cluster");
      assertThat(cacheDir).doesNotExist();
      assertThat(obsera.apiKey()).isEqualTo(operatorKey);

      String traceId;
      try (OtelSdkClient sdk =
          new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), operatorKey, "ext")) {
        Span span = sdk.tracer().spanBuilder("external").startSpan();
        span.end();
        traceId = span.getSpanContext().getTraceId();
        assertThat(sdk.flush()).isTrue();
      }
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + obsera.apiPort() + "/api/v1/traces/" + traceId))
              .header("Authorization", "Bearer " + operatorKey)
              .build();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
  }
}
