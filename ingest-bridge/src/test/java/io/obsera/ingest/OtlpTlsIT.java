package io.obsera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SelfSignedCertificate;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Both OTLP listeners with OBSERA_TLS_CERT/OBSERA_TLS_KEY: TLS only, real SDK exporters. */
@ExtendWith(ObseraServersExtension.class)
class OtlpTlsIT {
  static final String TENANT = "tls-it-" + UUID.randomUUID().toString().substring(0, 8);
  static Path dir;
  static SelfSignedCertificate cert;
  static IngestService ingest;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("obsera-tls-it");
    cert = SelfSignedCertificate.create(dir);
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    ApiKeyToken token = TestTenants.createWithKey(kafka, TENANT, Set.of(Scope.INGEST));
    key = token.token();
    IngestConfig config =
        IngestConfig.fromEnv(
            Map.of(
                ControlTrust.VERIFY_KEYS_ENV,
                ControlTrust.encodePublic(TestControlKeys.pair().getPublic()),
                "OBSERA_KAFKA_BOOTSTRAP",
                kafka,
                "OBSERA_OTLP_HTTP_PORT",
                "0",
                "OBSERA_OTLP_GRPC_PORT",
                "0",
                "OBSERA_TLS_CERT",
                cert.certificate().toString(),
                "OBSERA_TLS_KEY",
                cert.privateKey().toString()));
    ingest = new IngestService(config).start();
  }

  @AfterAll
  static void stop() throws IOException {
    ingest.close();
    for (Path p :
        new Path[] {cert.certificate(), cert.privateKey(), dir.resolve("self-signed.p12")}) {
      Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  @Test
  void should_acceptGrpcExports_overTls() {
    String endpoint = "https://localhost:" + ingest.otlpGrpcPort();
    byte[] trusted = cert.certificatePem();
    String traceId;
    try (OtelSdkClient sdk =
        new OtelSdkClient(
            OtlpGrpcSpanExporter.builder()
                .setEndpoint(endpoint)
                .addHeader("Authorization", "Bearer " + key)
                .setTrustedCertificates(trusted)
                .build(),
            OtlpGrpcLogRecordExporter.builder()
                .setEndpoint(endpoint)
                .addHeader("Authorization", "Bearer " + key)
                .setTrustedCertificates(trusted)
                .build(),
            OtlpGrpcMetricExporter.builder()
                .setEndpoint(endpoint)
                .addHeader("Authorization", "Bearer " + key)
                .setTrustedCertificates(trusted)
                .build(),
            "tls-grpc")) {
      Span span = sdk.tracer().spanBuilder("over grpc+tls").startSpan();
      span.end();
      traceId = span.getSpanContext().getTraceId();
      assertThat(sdk.flush()).as("exports over TLS succeeded").isTrue();
      assertThat(sdk.exportsOk()).isEqualTo(1);
    }
    assertThat(TestKafka.readUntil(Topics.OTLP_SPANS, TENANT + "|" + traceId)).isNotEmpty();
  }

  @Test
  void should_acceptHttpExports_overTls() {
    String base = "https://localhost:" + ingest.otlpHttpPort();
    byte[] trusted = cert.certificatePem();
    String traceId;
    try (OtelSdkClient sdk =
        new OtelSdkClient(
            OtlpHttpSpanExporter.builder()
                .setEndpoint(base + "/v1/traces")
                .addHeader("Authorization", "Bearer " + key)
                .setTrustedCertificates(trusted)
                .build(),
            OtlpHttpLogRecordExporter.builder()
                .setEndpoint(base + "/v1/logs")
                .addHeader("Authorization", "Bearer " + key)
                .setTrustedCertificates(trusted)
                .build(),
            OtlpHttpMetricExporter.builder()
                .setEndpoint(base + "/v1/metrics")
                .addHeader("Authorization", "Bearer " + key)
                .setTrustedCertificates(trusted)
                .build(),
            "tls-http")) {
      Span span = sdk.tracer().spanBuilder("over https").startSpan();
      span.end();
      traceId = span.getSpanContext().getTraceId();
      assertThat(sdk.flush()).as("exports over TLS succeeded").isTrue();
      assertThat(sdk.exportsOk()).isEqualTo(1);
    }
    assertThat(TestKafka.readUntil(Topics.OTLP_SPANS, TENANT + "|" + traceId)).isNotEmpty();
  }

  @Test
  void should_refusePlaintext_onBothTlsPorts() {
    try (OtelSdkClient grpc =
        new OtelSdkClient(
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ingest.otlpGrpcPort())
                .addHeader("Authorization", "Bearer " + key)
                .setTimeout(Duration.ofSeconds(5))
                .build(),
            OtlpGrpcLogRecordExporter.builder().build(),
            OtlpGrpcMetricExporter.builder().build(),
            "plaintext-grpc")) {
      grpc.tracer().spanBuilder("plaintext").startSpan().end();
      assertThat(grpc.flush()).isFalse();
      assertThat(grpc.exportsFailed()).isEqualTo(1);
    }
    try (OtelSdkClient http =
        new OtelSdkClient("http://127.0.0.1:" + ingest.otlpHttpPort(), key, "plaintext-http")) {
      http.tracer().spanBuilder("plaintext").startSpan().end();
      assertThat(http.flush()).isFalse();
      assertThat(http.exportsFailed()).isEqualTo(1);
    }
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.otlpHttpPort() + "/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    assertThatThrownBy(
            () -> HttpClient.newHttpClient().send(ready, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }
}
