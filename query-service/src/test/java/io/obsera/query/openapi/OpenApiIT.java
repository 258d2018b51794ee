package io.obsera.query.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The served OpenAPI document against the routes Javalin actually registered, both ways. */
@ExtendWith(ObseraServersExtension.class)
class OpenApiIT {
  @Test
  void should_documentEveryRegisteredRoute_andRegisterEveryDocumentedOne() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch =
        new ClickHouseSettings(
            e.httpUrl(), e.user(), e.password(), TestClickHouse.createDatabase("openapi"));
    try (QueryServer service =
        new QueryServer(
                new QueryConfig(
                    "127.0.0.1",
                    0,
                    kafka,
                    ch,
                    "admin-token-openapi-" + java.util.UUID.randomUUID(),
                    "obsera-streams",
                    Map.of(),
                    TestControlKeys.trust()))
            .start()) {
      HttpResponse<String> r =
          TestApi.call("GET", "http://127.0.0.1:" + service.port() + "/openapi.json", null, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      JsonNode doc = Json.MAPPER.readTree(r.body());
      assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
      List<String> documented = new ArrayList<>();
      doc.get("paths")
          .fields()
          .forEachRemaining(
              path ->
                  path.getValue()
                      .fieldNames()
                      .forEachRemaining(
                          m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey())));
      List<String> registered = service.routes();
      assertThat(registered).contains("GET /api/v1/traces/{traceId}", "GET /health");
      assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
      doc.get("paths")
          .forEach(
              path ->
                  path.forEach(
                      op -> {
                        assertThat(op.has("summary")).isTrue();
                        assertThat(op.get("responses").size()).isPositive();
                      }));
    }
  }
}
