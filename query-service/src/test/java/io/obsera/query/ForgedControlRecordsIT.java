package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlSigner;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The second layer against forged API keys: someone who can write to the control topics (past the
 * broker's authentication and ACLs) still cannot mint, revive or delete a key, because every
 * service accepts only records signed by the query service's key, at a version above the key's
 * current one.
 */
@ExtendWith(ObseraServersExtension.class)
class ForgedControlRecordsIT {
  static final String ADMIN = "admin-token-for-forged-records-it";
  static QueryServer service;
  static String base;
  static String tenant;
  static String kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    tenant = TestKafka.uniqueName("victim");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch =
        new ClickHouseSettings(
            e.httpUrl(), e.user(), e.password(), TestClickHouse.createDatabase("forged"));
    service =
        new QueryServer(
                new QueryConfig(
                    "127.0.0.1",
                    0,
                    kafka,
                    ch,
                    ADMIN,
                    "obsera-streams",
                    Map.of(),
                    TestControlKeys.trust()))
            .start();
    base = "http://127.0.0.1:" + service.port();
    assertThat(call("POST", "/api/v1/admin/tenants", ADMIN, "{\"id\":\"" + tenant + "\"}"))
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void should_refuseAKeySignedByAnotherKey_orNotSignedAtAll() throws Exception {
    ApiKeyToken forged = ApiKeyToken.generate();
    ControlSigner attacker =
        ControlTrust.signing(ControlSignature.generate(), Clock.systemUTC(), List.of())
            .requireSigner();
    byte[] value = Json.MAPPER.writeValueAsBytes(keyRecord(forged));
    write(
        forged.keyId(),
        value,
        attacker.sign(Topics.CONTROL_API_KEYS, forged.keyId(), Long.MAX_VALUE - 1, false, value));
    ApiKeyToken unsigned = ApiKeyToken.generate();
    write(unsigned.keyId(), Json.MAPPER.writeValueAsBytes(keyRecord(unsigned)), null);

    awaitLaterRecordsRead();
    assertThat(slos(forged.token())).isEqualTo(401);
    assertThat(slos(unsigned.token())).isEqualTo(401);
  }

  @Test
  void should_notReviveARevokedKey_whenItsOldSignedRecordIsReplayed() throws Exception {
    String token = issueKey();
    String keyId = ApiKeyToken.parse(token).keyId();
    assertThat(slos(token)).isEqualTo(200);
    ConsumerRecord<String, byte[]> original =
        TestKafka.readAll(Topics.CONTROL_API_KEYS).stream()
            .filter(r -> keyId.equals(r.key()))
            .findFirst()
            .orElseThrow();
    assertThat(call("DELETE", "/api/v1/admin/tenants/" + tenant + "/keys/" + keyId, ADMIN, null))
        .isBetween(200, 204);
    await().atMost(Duration.ofSeconds(10)).until(() -> slos(token) == 401);

    write(keyId, original.value(), original.headers()); // the signed record, byte for byte
    awaitLaterRecordsRead();
    assertThat(slos(token)).isEqualTo(401);
  }

  @Test
  void should_ignoreABareTombstone_ofALiveKey() throws Exception {
    String token = issueKey();
    assertThat(slos(token)).isEqualTo(200);
    write(ApiKeyToken.parse(token).keyId(), null, null);
    awaitLaterRecordsRead();
    assertThat(slos(token)).isEqualTo(200);
  }

  /** Issues a key through the API and waits until the view has read it: later records read too. */
  private static void awaitLaterRecordsRead() throws Exception {
    String canary = issueKey();
    await().atMost(Duration.ofSeconds(10)).until(() -> slos(canary) == 200);
  }

  private static String issueKey() throws Exception {
    return TestApi.json(
            TestApi.call(
                "POST",
                base + "/api/v1/admin/tenants/" + tenant + "/keys",
                ADMIN,
                "{\"scopes\":[\"query\"]}"))
        .get("key")
        .asText();
  }

  private ApiKeyRecord keyRecord(ApiKeyToken t) {
    return new ApiKeyRecord(
        t.keyId(),
        tenant,
        t.secretSha256(),
        Set.of(Scope.QUERY, Scope.INGEST),
        "forged",
        Instant.now(),
        null,
        "attacker");
  }

  /** Writes as an attacker who reached the topic: raw bytes, the headers given (or none). */
  private static void write(String key, byte[] value, Headers headers) throws Exception {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(Topics.CONTROL_API_KEYS, null, key, value, headers))
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static int slos(String token) throws Exception {
    return TestApi.call("GET", base + "/api/v1/slos", token, null).statusCode();
  }

  private static int call(String method, String path, String token, String body) throws Exception {
    return TestApi.call(method, base + path, token, body).statusCode();
  }
}
