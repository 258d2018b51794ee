package io.obsera.query.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /ready} of a query service over real sockets: 503 naming ClickHouse while it is
 * pointed at a closed port, 503 naming the schema on a database without migrations, 200 once
 * ClickHouse, the schema, Kafka and the control-plane views are all there.
 */
@ExtendWith(ObseraServersExtension.class)
class ReadinessIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void topics() {
    TopicProvisioner.ensure(SharedServers.kafkaBootstrap(), Map.of(), Topics.all(2));
  }

  static QueryServer server(String clickHouseUrl, String database) throws Exception {
    SharedServers.ClickHouseEndpoint ch = SharedServers.clickHouse();
    return new QueryServer(
            new QueryConfig(
                "127.0.0.1",
                0,
                SharedServers.kafkaBootstrap(),
                new ClickHouseSettings(clickHouseUrl, ch.user(), ch.password(), database),
                "admin-" + UUID.randomUUID(),
                "obsera-streams",
                Map.of(),
                TestControlKeys.trust()))
        .start();
  }

  static HttpResponse<String> get(QueryServer s, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_answer503NamingClickHouse_whileItIsUnreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String database = TestClickHouse.createDatabase("ready_down");
    try (QueryServer service = server("http://127.0.0.1:" + closed, database)) {
      HttpResponse<String> r = get(service, "/ready");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      JsonNode body = Json.MAPPER.readTree(r.body());
      assertThat(body.get("status").asText()).isEqualTo("not_ready");
      assertThat(body.get("notReady").toString()).isEqualTo("[\"clickhouse\",\"schema\"]");
      assertThat(body.get("message").asText())
          .startsWith("not ready: clickhouse (does not answer); schema (");
      assertThat(body.get("components").get("clickhouse").get("status").asText())
          .isEqualTo("not_ready");
      assertThat(body.get("components").get("kafka").get("status").asText()).isEqualTo("ready");
      assertThat(body.get("components").get("controlPlane").get("status").asText())
          .isEqualTo("ready");
      // liveness keeps its meaning: the process answers, naming ClickHouse as down
      HttpResponse<String> health = get(service, "/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(Json.MAPPER.readTree(health.body()).get("message").asText())
          .isEqualTo("down: clickhouse");
    }
  }

  @Test
  void should_answer503NamingTheSchema_untilTheMigrationsAreApplied_then200() throws Exception {
    String database = TestClickHouse.createDatabase("ready_up");
    try (QueryServer service = server(SharedServers.clickHouse().httpUrl(), database)) {
      HttpResponse<String> before = get(service, "/ready");
      assertThat(before.statusCode()).as(before.body()).isEqualTo(503);
      JsonNode body = Json.MAPPER.readTree(before.body());
      assertThat(body.get("notReady").toString()).isEqualTo("[\"schema\"]");
      assertThat(body.get("components").get("clickhouse").get("status").asText())
          .isEqualTo("ready");

      try (Client client = TestClickHouse.adminClient()) {
        new SchemaMigrator(client, database).migrate();
      }

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> get(service, "/ready").statusCode() == 200);
      JsonNode ready = Json.MAPPER.readTree(get(service, "/ready").body());
      assertThat(ready.get("status").asText()).isEqualTo("ready");
      assertThat(ready.has("notReady")).isFalse();
      assertThat(ready.get("components").fieldNames())
          .toIterable()
          .containsExactly("clickhouse", "schema", "kafka", "controlPlane");
      ready.get("components").forEach(c -> assertThat(c.get("status").asText()).isEqualTo("ready"));
      assertThat(get(service, "/health").statusCode()).isEqualTo(200);
    }
  }
}
