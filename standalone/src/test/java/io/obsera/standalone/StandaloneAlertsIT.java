package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.ChannelRecord;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Standalone runs the alert worker in-process with the secret key of {@code <data>/secret-key}
 * (generated at first start): a channel sealed with that key receives the notification of an alert
 * event.
 */
@ExtendWith(ObseraServersExtension.class)
class StandaloneAlertsIT {

  @Test
  void should_deliverAnAlertToAChannelSealedWithTheGeneratedKey() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("alerts-it");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    env.put("OBSERA_ALERT_TICK_MS", "200");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    String tenant = TestKafka.uniqueName("alerts").replace('-', '_');
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    hook.createContext(
        "/hook",
        ex -> {
          received.add(Json.MAPPER.readTree(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    try (Standalone obsera =
        Standalone.start(
            StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream(), true))) {
      Path keyFile = Path.of(env.get("OBSERA_DATA_DIR")).resolve("secret-key");
      assertThat(keyFile).exists();
      SecretBox key =
          SecretBox.fromBase64("secret-key", Files.readString(keyFile, StandardCharsets.UTF_8));
      String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
      ChannelRecord channel =
          new ChannelSealer(key)
              .seal(
                  tenant,
                  "hook",
                  new WebhookChannel("hook", url, "whsec-standalone-0123456789"),
                  Instant.now(),
                  Instant.now(),
                  "test");
      AlertRouting routing =
          new AlertRouting(
              tenant,
              List.of(),
              List.of("hook"),
              null,
              0L,
              1000L,
              3_600_000L,
              null,
              Instant.now(),
              "test");
      Instant now = Instant.now();
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        send(p, Topics.CONTROL_CHANNELS, channel.key(), channel);
        send(p, Topics.CONTROL_ALERT_ROUTING, tenant, routing);
        // an update per poll, as the evaluator sends while an alert fires: one processed after
        // the worker has read the channel and the routing places the alert
        long[] sequence = {0};
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  sequence[0]++;
                  send(p, Topics.ALERT_EVENTS, tenant + "|fp-1", event(tenant, sequence[0], now));
                  return !received.isEmpty();
                });
      }
      JsonNode body = received.get(0);
      assertThat(body.path("title").asText()).isEqualTo("[FIRING:1] checkout availability");
      assertThat(body.path("tenantId").asText()).isEqualTo(tenant);
      assertThat(body.path("sequence").asLong()).isEqualTo(1);
    } finally {
      hook.stop(0);
    }
  }

  private static AlertEvent event(String tenant, long sequence, Instant startsAt) {
    return new AlertEvent(
        tenant,
        "fp-1",
        "checkout-burn",
        "checkout availability",
        AlertSource.BURN_RATE,
        Severity.PAGE,
        AlertState.FIRING,
        sequence,
        Map.of("severity", "page", "source", "burn_rate", "rule", "checkout-burn"),
        "Burn rate 20 over 1h",
        20.0,
        14.4,
        startsAt,
        null,
        Instant.now());
  }

  private static void send(KafkaProducer<String, byte[]> p, String topic, String key, Object v)
      throws Exception {
    p.send(TestControlKeys.producerRecord(topic, key, Json.MAPPER.writeValueAsBytes(v), false))
        .get();
  }
}
