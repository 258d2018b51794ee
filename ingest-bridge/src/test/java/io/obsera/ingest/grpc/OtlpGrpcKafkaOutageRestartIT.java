package io.obsera.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestTenants;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * OTLP/gRPC with the real broker stopped (own broker, restart execution): a call whose deadline is
 * shorter than Kafka's failure gets DEADLINE_EXCEEDED as soon as the deadline passes, a longer one
 * UNAVAILABLE with RetryInfo, never OK; after Kafka returns, exports succeed again.
 */
class OtlpGrpcKafkaOutageRestartIT {
  static final String TENANT = "grpc-outage";

  @Test
  void should_answerDeadlineExceededOrUnavailable_whileKafkaIsDown_andOkAfter() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "grpc-kafka-outage-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedKafka.Config kafkaConfig = new EmbeddedKafka.Config(dir, "127.0.0.1", port, 0);
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaConfig);
    String bootstrap = kafka.bootstrapServers();
    TopicProvisioner.ensure(bootstrap, Map.of(), Topics.all(1));
    ApiKeyToken token = TestTenants.createWithKey(bootstrap, TENANT, Set.of(Scope.INGEST));
    IngestConfig config =
        IngestConfig.of("127.0.0.1", 0, bootstrap, "grpc-outage-it", TestControlKeys.verifying())
            .withKafkaOverrides(
                Map.of(
                    "max.block.ms",
                    "3000",
                    "delivery.timeout.ms",
                    "6000",
                    "request.timeout.ms",
                    "2000"));
    try (IngestService ingest = new IngestService(config).start();
        RawGrpcClient raw = new RawGrpcClient(ingest.otlpGrpcPort())) {
      String key = token.token();
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> raw.call(OtlpGrpcMethods.TRACES, key, traces()) != null);

      kafka.close();

      long started = System.nanoTime();
      assertThatThrownBy(() -> raw.call(OtlpGrpcMethods.TRACES, key, traces(), null, 1_500))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));

      assertThatThrownBy(() -> raw.call(OtlpGrpcMethods.TRACES, key, traces(), null, 30_000))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                com.google.rpc.Status details = StatusProto.fromThrowable(e);
                assertThat(details).isNotNull();
                try {
                  assertThat(
                          details
                              .getDetails(0)
                              .unpack(RetryInfo.class)
                              .getRetryDelay()
                              .getSeconds())
                      .isEqualTo(5);
                } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                  throw new AssertionError(ex);
                }
              });

      kafka = EmbeddedKafka.start(kafkaConfig);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> raw.call(OtlpGrpcMethods.TRACES, key, traces(), null, 10_000) != null);
    } finally {
      kafka.close();
    }
  }

  static io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest traces() {
    return OtlpGrpcReceiverIT.traces(
        OtlpGrpcReceiverIT.span(OtlpGrpcReceiverIT.traceId(), "checkout"));
  }
}
