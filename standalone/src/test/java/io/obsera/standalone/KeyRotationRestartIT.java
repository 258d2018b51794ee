package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.testing.TestApi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./obsera rotate-keys} on a standalone data directory with its own embedded Kafka and
 * ClickHouse: {@code begin}, a start that accepts old and new and moves every record to the new
 * keys, {@code finish}, and a start that refuses the old admin token.
 */
class KeyRotationRestartIT {
  static final String HOOK_SECRET = "rotation-standalone-0123456789";

  Standalone obsera;

  @AfterEach
  void stop() {
    if (obsera != null) {
      obsera.close();
    }
  }

  @Test
  void should_rotateEveryKeyOfTheDataDirectory_acceptingBothUntilFinish() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "rotation-it-").resolve("data");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OBSERA_DATA_DIR", dataDir.toString());
    env.put("OBSERA_STANDALONE_PROBES", "none");
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    List.of(
            "OBSERA_API_KEY",
            "OBSERA_ADMIN_TOKEN",
            "OBSERA_SECRET_KEY",
            "OBSERA_CONTROL_SIGNING_KEY",
            "OBSERA_KAFKA_BOOTSTRAP",
            "OBSERA_CLICKHOUSE_URL")
        .forEach(env::remove);

    obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
    String apiKey = obsera.apiKey();
    String oldToken = obsera.adminToken();
    String oldSecretKey = SecretBox.fromBase64("k", obsera.secretKey()).keyId();
    String oldSigningKey = obsera.controlKeys().requireSigner().keyId();
    expect(
        201,
        "POST",
        "/api/v1/channels",
        apiKey,
        "{\"id\":\"ops\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hook\","
            + "\"secret\":\""
            + HOOK_SECRET
            + "\"}}");
    assertThat(SecretBox.sealedUnder(storedChannel().value().sealedSecrets().get("secret")))
        .isEqualTo(oldSecretKey);
    obsera.close();

    assertThat(KeyRotationFiles.begin(dataDir))
        .containsExactly("admin-token", "secret-key", "control-signing-key");

    // The window: new keys, the old ones still accepted, every record moved at start.
    obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
    String newToken = obsera.adminToken();
    assertThat(newToken).isNotEqualTo(oldToken);
    expect(200, "GET", "/api/v1/admin/tenants/default", oldToken, null);
    expect(200, "GET", "/api/v1/admin/tenants/default", newToken, null);
    String newSecretKey = SecretBox.fromBase64("k", obsera.secretKey()).keyId();
    String newSigningKey = obsera.controlKeys().requireSigner().keyId();
    assertThat(newSecretKey).isNotEqualTo(oldSecretKey);
    assertThat(newSigningKey).isNotEqualTo(oldSigningKey);
    Stored<ChannelRecord> channel = storedChannel();
    assertThat(SecretBox.sealedUnder(channel.value().sealedSecrets().get("secret")))
        .isEqualTo(newSecretKey);
    assertThat(channel.signedBy()).isEqualTo(newSigningKey);
    obsera.close();

    assertThat(KeyRotationFiles.finish(dataDir))
        .containsExactly(
            "admin-token.previous", "secret-key.previous", "control-signing-key.previous");

    // After: only the new keys. The re-signed key and channel still work, the old token does not.
    obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out);
    assertThat(obsera.adminToken()).isEqualTo(newToken);
    expect(401, "GET", "/api/v1/admin/tenants/default", oldToken, null);
    expect(200, "GET", "/api/v1/admin/tenants/default", newToken, null);
    // a PUT that leaves the secret out keeps the stored one only if it opens under the new key
    expect(
        200,
        "PUT",
        "/api/v1/channels/ops",
        apiKey,
        "{\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"https://8.8.8.8/hooks/ops\"}}");
    assertThat(SecretBox.sealedUnder(storedChannel().value().sealedSecrets().get("secret")))
        .isEqualTo(newSecretKey);
  }

  record Stored<T>(T value, String signedBy) {}

  private Stored<ChannelRecord> storedChannel() throws Exception {
    String key = ChannelRecord.key("default", "ops");
    Map<String, Object> p = new HashMap<>(obsera.kafkaAdminSettings());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, obsera.kafkaBootstrap());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "rotation-it-" + UUID.randomUUID());
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(Topics.CONTROL_CHANNELS).stream()
              .map(pi -> new TopicPartition(Topics.CONTROL_CHANNELS, pi.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (key.equals(r.key())) {
            found.add(r);
          }
        }
      }
    }
    assertThat(found).isNotEmpty();
    ConsumerRecord<String, byte[]> last = found.get(found.size() - 1);
    return new Stored<>(
        Json.MAPPER.readValue(last.value(), ChannelRecord.class),
        new String(
            last.headers().lastHeader(ControlSignature.KEY_ID_HEADER).value(),
            StandardCharsets.US_ASCII));
  }

  private void expect(int status, String method, String path, String token, String body)
      throws Exception {
    HttpResponse<String> r =
        TestApi.call(method, "http://127.0.0.1:" + obsera.apiPort() + path, token, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
  }
}
