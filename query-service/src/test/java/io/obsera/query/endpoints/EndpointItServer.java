package io.obsera.query.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.query.quota.TenantQuotas;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestControlKeys;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/** A query service on the shared Kafka and ClickHouse with a given SSRF rule, for endpoint ITs. */
final class EndpointItServer implements AutoCloseable {
  final String adminToken = "admin-token-" + UUID.randomUUID();
  final QueryServer service;
  final String base;

  EndpointItServer(TargetGuard guard) throws InterruptedException {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), "default");
    service =
        new QueryServer(
                new QueryConfig(
                        "127.0.0.1",
                        0,
                        kafka,
                        ch,
                        adminToken,
                        "obsera-streams",
                        Map.of(),
                        null,
                        null,
                        null,
                        guard,
                        TestControlKeys.trust())
                    // the ITs use intervals of a few seconds, below the default quota
                    .withQuotas(
                        TenantQuotas.fromEnv(Map.of("OBSERA_QUOTA_MIN_PROBE_INTERVAL_MS", "1000"))))
            .start();
    base = "http://127.0.0.1:" + service.port();
  }

  HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return TestApi.call(method, base + path, token, body);
  }

  /** {@code PUT /api/v1/endpoints/{id}}. */
  HttpResponse<String> put(String token, String id, String body) throws Exception {
    return call("PUT", "/api/v1/endpoints/" + id, token, body);
  }

  JsonNode json(HttpResponse<String> r) throws Exception {
    return TestApi.json(r);
  }

  /** A minimal endpoint body: name, url and regions (the rest takes defaults). */
  static String endpoint(String url, String... regions) {
    StringBuilder r = new StringBuilder();
    for (String region : regions) {
      r.append(r.length() == 0 ? "" : ",").append('"').append(region).append('"');
    }
    return "{\"name\":\"Health\",\"url\":\"" + url + "\",\"regions\":[" + r + "]}";
  }

  @Override
  public void close() {
    service.close();
  }
}
