package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Topics;
import io.obsera.model.control.Scope;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.platform.net.TargetGuard;
import io.obsera.query.QueryConfig;
import io.obsera.query.QueryServer;
import io.obsera.testing.ManualClock;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/**
 * A query service on the shared Kafka and ClickHouse with a given SSRF rule, a known secret key and
 * a hand-moved clock, plus two tenants with query keys, for the alerting control-plane ITs.
 */
final class AlertItServer implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-27T08:00:00Z");

  final String secretKey;
  final ManualClock clock = new ManualClock(START);
  final QueryServer service;
  final String base;

  AlertItServer(TargetGuard guard) throws InterruptedException {
    this(guard, SecretBox.newKeyBase64());
  }

  /** With {@code secretKey}: instances sharing it open each other's channels. */
  AlertItServer(TargetGuard guard, String secretKey) throws InterruptedException {
    this.secretKey = secretKey;
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
                    "admin-token-" + UUID.randomUUID(),
                    "obsera-streams",
                    Map.of(),
                    null,
                    null,
                    null,
                    guard,
                    SecretBox.fromBase64(QueryConfig.SECRET_KEY_ENV, secretKey),
                    TestControlKeys.trust()),
                null,
                clock)
            .start();
    base = "http://127.0.0.1:" + service.port();
  }

  /**
   * A new tenant {@code prefix-<random>} and its query key's bearer token, once every one of {@code
   * servers} accepts the key.
   */
  static Tenant tenant(String prefix, AlertItServer... servers) {
    String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    Tenant t =
        new Tenant(
            id,
            TestTenants.createWithKey(SharedServers.kafkaBootstrap(), id, Set.of(Scope.QUERY))
                .token());
    for (AlertItServer s : servers) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> s.call("GET", "/api/v1/alert-routing", t, null).statusCode() == 200);
    }
    return t;
  }

  record Tenant(String id, String key) {}

  HttpResponse<String> call(String method, String path, Tenant t, String body) throws Exception {
    return TestApi.call(method, base + path, t == null ? null : t.key(), body);
  }

  /** The JSON answer of a call that must have {@code status}. */
  JsonNode expect(int status, String method, String path, Tenant t, String body) throws Exception {
    HttpResponse<String> r = call(method, path, t, body);
    if (r.statusCode() != status) {
      throw new AssertionError(
          method
              + " "
              + path
              + ": expected "
              + status
              + ", got "
              + r.statusCode()
              + ": "
              + r.body());
    }
    return r.body().isEmpty() ? null : TestApi.json(r);
  }

  /** The message of a 400 (error bad_request) answer. */
  String badRequest(String method, String path, Tenant t, String body) throws Exception {
    JsonNode j = expect(400, method, path, t, body);
    if (!"bad_request".equals(j.get("error").asText())) {
      throw new AssertionError("expected error bad_request: " + j);
    }
    return j.get("message").asText();
  }

  /** Every record of {@code topic} with {@code key}, oldest first (the whole topic is read). */
  static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
    return TestKafka.readAll(topic).stream().filter(r -> key.equals(r.key())).toList();
  }

  /** The latest value of {@code key} in {@code topic} (null: a tombstone). */
  static byte[] latest(String topic, String key) {
    List<ConsumerRecord<String, byte[]>> all = records(topic, key);
    if (all.isEmpty()) {
      throw new AssertionError("no record " + key + " in " + topic);
    }
    return all.get(all.size() - 1).value();
  }

  @Override
  public void close() {
    service.close();
  }
}
