package io.obsera.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestTenants;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Kafka stopped under load (own broker, restart execution): clients get 503 with Retry-After, never
 * a 200 for data that was not stored; once Kafka is back, exports succeed again, and every
 * acknowledged request is in Kafka (read_committed), whole.
 */
class KafkaOutageRestartIT {
  static final String TENANT = "outage";
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void should_neverAcknowledgeUnstoredData_andRecoverWhenKafkaReturns() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "kafka-outage-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedKafka.Config kafkaConfig = new EmbeddedKafka.Config(dir, "127.0.0.1", port, 0);
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaConfig);
    String bootstrap = kafka.bootstrapServers();
    TopicProvisioner.ensure(bootstrap, Map.of(), Topics.all(2));
    ApiKeyToken token = TestTenants.createWithKey(bootstrap, TENANT, Set.of(Scope.INGEST));
    Map<String, String> fastFailure =
        Map.of("max.block.ms", "3000", "delivery.timeout.ms", "6000", "request.timeout.ms", "2000");
    IngestConfig config =
        IngestConfig.of("127.0.0.1", 0, bootstrap, "outage-it", TestControlKeys.verifying())
            .withKafkaOverrides(fastFailure);
    Map<Long, Integer> answers = new ConcurrentHashMap<>();
    List<Long> retryAfterMissing = new ArrayList<>();
    try (IngestService ingest = new IngestService(config).start()) {
      String url = "http://127.0.0.1:" + ingest.otlpHttpPort() + "/v1/traces";
      AtomicBoolean stop = new AtomicBoolean();
      Thread sender =
          new Thread(
              () -> {
                for (long n = 1; !stop.get(); n++) {
                  try {
                    HttpResponse<byte[]> r = post(url, token.token(), request(n));
                    answers.put(n, r.statusCode());
                    if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                      retryAfterMissing.add(n);
                    }
                  } catch (Exception e) {
                    answers.put(n, -1);
                  }
                }
              });
      sender.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> answers.values().stream().filter(c -> c == 200).count() >= 20);

      kafka.close();
      await().atMost(Duration.ofSeconds(60)).until(() -> answers.containsValue(503));

      kafka = EmbeddedKafka.start(kafkaConfig);
      long before = answers.size();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  answers.entrySet().stream()
                      .anyMatch(e -> e.getKey() > before && e.getValue() == 200));
      stop.set(true);
      sender.join(30_000);
    } finally {
      kafka.close();
      kafka = EmbeddedKafka.start(kafkaConfig);
    }
    try {
      assertThat(retryAfterMissing).isEmpty();
      Set<Long> acknowledged = new HashSet<>();
      answers.forEach(
          (n, code) -> {
            if (code == 200) {
              acknowledged.add(n);
            }
          });
      Map<Long, Integer> stored = storedSpansPerRequest(kafka.bootstrapServers());
      for (long n : acknowledged) {
        assertThat(stored.get(n)).as("spans of acknowledged request %d in Kafka", n).isEqualTo(3);
      }
      // Whatever was stored is whole: never part of a request.
      stored.values().forEach(count -> assertThat(count % 3).isZero());
    } finally {
      kafka.close();
    }
  }

  /** Request n: three spans of one trace whose id encodes n. */
  static byte[] request(long n) {
    byte[] trace = ByteBuffer.allocate(16).putLong(0x0bad).putLong(n).array();
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 1; i <= 3; i++) {
      ss.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n * 10 + i).array()))
              .setName("op"));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build()
        .toByteArray();
  }

  static HttpResponse<byte[]> post(String url, String key, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(40))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static Map<Long, Integer> storedSpansPerRequest(String bootstrap) throws Exception {
    Map<Long, Integer> out = new java.util.HashMap<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(Topics.OTLP_SPANS).stream()
              .map(p -> new TopicPartition(Topics.OTLP_SPANS, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                  ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(r.value());
                  for (ResourceSpans rs : req.getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                      for (Span s : ss.getSpansList()) {
                        long n = ByteBuffer.wrap(s.getTraceId().toByteArray()).getLong(8);
                        out.merge(n, 1, Integer::sum);
                      }
                    }
                  }
                }
                return parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
              });
    }
    return out;
  }
}
