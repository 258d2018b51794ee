package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.embedded.ChdbLibrary;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /health} names ClickHouse as down while it is stopped, and recovers when it is back. */
class ClickHouseDownRestartIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void should_answer503NamingClickHouse_whileItIsDown() throws Exception {
    EmbeddedClickHouse.Config chConfig =
        new EmbeddedClickHouse.Config(
            Files.createTempDirectory(Path.of("target"), "health-clickhouse-"),
            ChdbLibrary.ensure(ChdbLibrary.defaultCacheDir(System.getenv()), System.out::println),
            "127.0.0.1",
            0,
            0,
            "admin",
            "admin-password-1",
            "analyst",
            "analyst-password-1",
            1L << 30);
    EmbeddedClickHouse clickHouse = EmbeddedClickHouse.start(chConfig, System.out::println);
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(1));
    QueryConfig config =
        new QueryConfig(
            "127.0.0.1",
            0,
            kafka,
            new ClickHouseSettings(clickHouse.httpUrl(), "admin", "admin-password-1", "default"),
            "admin-" + UUID.randomUUID(),
            "obsera-streams",
            Map.of(),
            TestControlKeys.trust());
    try (QueryServer service = new QueryServer(config).start()) {
      URI health = URI.create("http://127.0.0.1:" + service.port() + "/health");
      await().atMost(Duration.ofSeconds(10)).until(() -> get(health).statusCode() == 200);

      clickHouse.close();

      await().atMost(Duration.ofSeconds(15)).until(() -> get(health).statusCode() == 503);
      JsonNode body = Json.MAPPER.readTree(get(health).body());
      assertThat(body.get("status").asText()).isEqualTo("down");
      assertThat(body.get("message").asText()).isEqualTo("down: clickhouse");
      assertThat(body.get("components").get("kafka").get("status").asText()).isEqualTo("up");
      assertThat(body.get("components").get("clickhouse").get("status").asText()).isEqualTo("down");
    } finally {
      clickHouse.close();
    }
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
