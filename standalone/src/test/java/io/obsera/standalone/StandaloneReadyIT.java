package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.testing.ObseraServersExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /ready} on the API port of the one-command runtime: 200 once it has started, with
 * every stage of the process ready; 503 naming the alert worker once that stage is stopped, and the
 * control plane once one of its views may no longer read its topic.
 */
@ExtendWith(ObseraServersExtension.class)
class StandaloneReadyIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void should_beReadyAfterStart_andNameAStageThatStops() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("ready");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    StandaloneConfig config = StandaloneConfig.fromEnv(env);
    try (Standalone obsera =
        Standalone.start(config, new PrintStream(new ByteArrayOutputStream(), true))) {
      URI ready = URI.create("http://127.0.0.1:" + obsera.apiPort() + "/ready");
      await().atMost(Duration.ofSeconds(60)).until(() -> get(ready).statusCode() == 200);
      JsonNode body = Json.MAPPER.readTree(get(ready).body());
      assertThat(body.get("status").asText()).isEqualTo("ready");
      assertThat(body.get("components").fieldNames())
          .toIterable()
          .containsExactly(
              "clickhouse", "schema", "kafka", "controlPlane", "topology", "writer", "alertWorker");
      body.get("components")
          .forEach(
              c -> assertThat(c.get("status").asText()).as(body.toString()).isEqualTo("ready"));

      obsera.alerts().close();

      await().atMost(Duration.ofSeconds(30)).until(() -> get(ready).statusCode() == 503);
      JsonNode down = Json.MAPPER.readTree(get(ready).body());
      assertThat(down.get("notReady").toString()).isEqualTo("[\"alertWorker\"]");
      assertThat(down.get("message").asText()).startsWith("not ready: alertWorker (");
      // liveness is unchanged: Kafka and ClickHouse answer
      assertThat(get(URI.create("http://127.0.0.1:" + obsera.apiPort() + "/health")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void should_nameTheControlPlane_whenAViewLosesItsRightToReadItsTopic() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("ready-acl");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    // its own broker, with a Kafka user and ACLs per service (the shared test broker has none)
    env.remove("OBSERA_KAFKA_BOOTSTRAP");
    try (Standalone obsera =
        Standalone.start(
            StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream(), true))) {
      URI ready = URI.create("http://127.0.0.1:" + obsera.apiPort() + "/ready");
      await().atMost(Duration.ofSeconds(60)).until(() -> get(ready).statusCode() == 200);

      // An operator (or a broken deployment) takes the query service's right to read dashboards.
      Map<String, Object> admin = new HashMap<>(obsera.kafkaAdminSettings());
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, obsera.kafkaBootstrap());
      try (Admin kafka = Admin.create(admin)) {
        kafka
            .createAcls(
                List.of(
                    new AclBinding(
                        new ResourcePattern(
                            ResourceType.TOPIC, Topics.CONTROL_DASHBOARDS, PatternType.LITERAL),
                        new AccessControlEntry(
                            "User:" + KafkaPrincipals.Service.QUERY.principal,
                            "*",
                            AclOperation.READ,
                            AclPermissionType.DENY))))
            .all()
            .get(30, TimeUnit.SECONDS);
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> get(ready).statusCode() == 503);
      JsonNode down = Json.MAPPER.readTree(get(ready).body());
      assertThat(down.get("notReady").toString()).isEqualTo("[\"controlPlane\"]");
      assertThat(down.get("components").get("controlPlane").get("reason").asText())
          .as("names the stopped view and why")
          .contains("stopped: dashboards (not authorized to read " + Topics.CONTROL_DASHBOARDS);
      // the other stages and liveness are unaffected
      assertThat(get(URI.create("http://127.0.0.1:" + obsera.apiPort() + "/health")).statusCode())
          .isEqualTo(200);
    }
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
