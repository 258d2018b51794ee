package io.obsera.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.kafka.TelemetryPublisher;
import io.obsera.ingest.pipeline.IngestPipeline;
import io.obsera.ingest.pipeline.Signal;
import io.obsera.ingest.translate.Fragment;
import io.obsera.model.TopicProvisioner;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.ControlPlaneView;
import io.obsera.model.control.ControlPlaneWriter;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantRecord;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gRPC receiver when Kafka does not acknowledge: a real control plane (keys in the embedded
 * Kafka) with a scripted publisher standing in for a broker that is slow or down.
 */
@ExtendWith(ObseraServersExtension.class)
class OtlpGrpcKafkaFailureIT {
  static final String TENANT = "grpc-fail-" + UUID.randomUUID().toString().substring(0, 8);
  static final long ACK_TIMEOUT_MILLIS = 30_000;
  static final ScriptedPublisher publisher = new ScriptedPublisher();
  static ControlPlaneView controlPlane;
  static OtlpGrpcReceiver receiver;
  static RawGrpcClient raw;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    ApiKeyToken token = ApiKeyToken.generate();
    try (ControlPlaneWriter control = new ControlPlaneWriter(kafka, Map.of())) {
      control.putTenant(new TenantRecord(TENANT, TENANT, Instant.now(), "test"));
      control.putApiKey(
          new ApiKeyRecord(
              token.keyId(),
              TENANT,
              token.secretSha256(),
              Set.of(Scope.INGEST),
              "it",
              Instant.now(),
              null,
              "test"));
    }
    key = token.token();
    controlPlane = new ControlPlaneView(kafka, Map.of()).start();
    assertThat(controlPlane.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
    IngestPipeline pipeline =
        new IngestPipeline(
            controlPlane,
            publisher,
            io.obsera.ingest.limits.IngestLimits.defaults(),
            new io.obsera.ingest.metrics.IngestMetrics(),
            ACK_TIMEOUT_MILLIS);
    receiver =
        new OtlpGrpcReceiver(
                IngestConfig.of("127.0.0.1", 0, kafka, "grpc-failure-it")
                    .withMaxRequestBytes(1 << 20),
                pipeline)
            .start();
    raw = new RawGrpcClient(receiver.port());
    await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.authenticate(key).isPresent());
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    receiver.close();
    controlPlane.close();
  }

  @Test
  void should_answerDeadlineExceeded_andStopWaiting_whenKafkaIsSlowerThanTheDeadline() {
    long deadlineMillis = 1_500;
    NeverAcknowledged ack = new NeverAcknowledged();
    publisher.next = () -> ack;

    assertThatThrownBy(
            () ->
                raw.call(
                    OtlpGrpcMethods.TRACES,
                    key,
                    OtlpGrpcReceiverIT.traces(span()),
                    null,
                    deadlineMillis))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

    // The receiver waited for Kafka no longer than the call's deadline (not the 30 s ack timeout)
    // and then gave up, freeing its thread long before the ack timeout.
    await().atMost(Duration.ofSeconds(5)).until(() -> ack.waitsEnded.get() == 1);
    assertThat(ack.waits)
        .singleElement()
        .satisfies(w -> assertThat(w).isBetween(1L, deadlineMillis));
  }

  @Test
  void should_answerUnavailableWithRetryInfo_whenKafkaFails() throws Exception {
    publisher.next = () -> CompletableFuture.failedFuture(new IllegalStateException("broker down"));

    assertThatThrownBy(
            () -> raw.call(OtlpGrpcMethods.TRACES, key, OtlpGrpcReceiverIT.traces(span())))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("Kafka did not acknowledge the data; retry later");
              com.google.rpc.Status details = StatusProto.fromThrowable(e);
              assertThat(details).isNotNull();
              assertThat(details.getDetailsList()).hasSize(1);
              try {
                assertThat(
                        details.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds())
                    .isEqualTo(5);
              } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                throw new AssertionError(ex);
              }
            });
  }

  @Test
  void should_answerOk_onlyOnceKafkaAcknowledged() {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    publisher.next = () -> ack;
    int before = publisher.published.get();
    CompletableFuture<Object> call =
        CompletableFuture.supplyAsync(
            () -> raw.call(OtlpGrpcMethods.TRACES, key, OtlpGrpcReceiverIT.traces(span())));

    await().atMost(Duration.ofSeconds(5)).until(() -> publisher.published.get() > before);
    assertThat(call).isNotDone();
    ack.complete(null);
    assertThat(call).succeedsWithin(Duration.ofSeconds(5));
  }

  static io.opentelemetry.proto.trace.v1.Span span() {
    return OtlpGrpcReceiverIT.span(OtlpGrpcReceiverIT.traceId(), "checkout");
  }

  /** Answers each publish with the future {@link #next} supplies. */
  static final class ScriptedPublisher implements TelemetryPublisher {
    volatile Supplier<CompletableFuture<Void>> next = () -> CompletableFuture.completedFuture(null);
    final AtomicInteger published = new AtomicInteger();

    @Override
    public CompletableFuture<Void> publish(Signal signal, String tenant, List<Fragment> fragments) {
      published.incrementAndGet();
      return next.get();
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A Kafka acknowledgement that never comes; records how long the receiver waited for it. */
  static final class NeverAcknowledged extends CompletableFuture<Void> {
    final List<Long> waits = new CopyOnWriteArrayList<>();
    final AtomicInteger waitsEnded = new AtomicInteger();

    @Override
    public Void get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      waits.add(unit.toMillis(timeout));
      try {
        return super.get(timeout, unit);
      } finally {
        waitsEnded.incrementAndGet();
      }
    }
  }
}
