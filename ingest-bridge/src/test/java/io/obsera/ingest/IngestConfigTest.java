package io.obsera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.tls.TlsFiles;
import io.obsera.testing.SelfSignedCertificate;
import io.obsera.testing.TestControlKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {
  @Test
  void should_useDefaults_andPassKafkaOverrides() {
    IngestConfig c =
        IngestConfig.fromEnv(keys("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "KAFKA_LINGER_MS", "20"));
    assertThat(c.otlpHttpPort()).isEqualTo(4318);
    assertThat(c.otlpGrpcPort()).isEqualTo(4317);
    assertThat(c.tls()).isEmpty();
    assertThat(c.bindHost()).isEqualTo("127.0.0.1");
    assertThat(c.kafkaOverrides()).containsEntry("linger.ms", "20");
    assertThat(c.groupCommitMillis()).isEqualTo(2);
    assertThat(c.limits().maxAttributesPerItem()).isEqualTo(128);
    assertThat(c.headerTimeoutMillis()).isEqualTo(10_000);
  }

  @Test
  void should_readTheHeaderTimeout_andNameItWhenOutOfRange() {
    assertThat(
            IngestConfig.fromEnv(env("OBSERA_INGEST_HEADER_TIMEOUT_MS", "2500"))
                .headerTimeoutMillis())
        .isEqualTo(2500);
    assertThatThrownBy(() -> IngestConfig.fromEnv(env("OBSERA_INGEST_HEADER_TIMEOUT_MS", "50")))
        .hasMessageContaining("OBSERA_INGEST_HEADER_TIMEOUT_MS");
    assertThatThrownBy(() -> IngestConfig.fromEnv(env("OBSERA_INGEST_HEADER_TIMEOUT_MS", "x")))
        .hasMessageContaining("OBSERA_INGEST_HEADER_TIMEOUT_MS");
  }

  @Test
  void should_readTheAdminToken_checkItsLength_andNeverPrintIt() {
    assertThat(IngestConfig.fromEnv(env("OBSERA_KAFKA_BOOTSTRAP", "k:9092")).adminToken())
        .isEmpty();
    String token = "t".repeat(24);
    IngestConfig c = IngestConfig.fromEnv(env("OBSERA_ADMIN_TOKEN", " " + token + " "));
    assertThat(c.adminToken()).contains(token);
    assertThat(c.toString()).doesNotContain(token).contains("adminToken=***");
    assertThatThrownBy(() -> IngestConfig.fromEnv(env("OBSERA_ADMIN_TOKEN", "short")))
        .hasMessageContaining("OBSERA_ADMIN_TOKEN")
        .hasMessageNotContaining("short");
  }

  @Test
  void should_nameTheVariable_whenValueInvalid() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(keys()))
        .hasMessageContaining("OBSERA_KAFKA_BOOTSTRAP");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    keys("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_OTLP_HTTP_PORT", "abc")))
        .hasMessageContaining("OBSERA_OTLP_HTTP_PORT");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    keys("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_OTLP_HTTP_PORT", "70000")))
        .hasMessageContaining("OBSERA_OTLP_HTTP_PORT");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    keys("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_INGEST_RATE", "0")))
        .hasMessageContaining("OBSERA_INGEST_RATE");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    keys("OBSERA_KAFKA_BOOTSTRAP", "k:9092", "OBSERA_INGEST_INSTANCE_ID", "a b")))
        .hasMessageContaining("OBSERA_INGEST_INSTANCE_ID");
  }

  @Test
  void should_nameTheGrpcPortVariable_whenInvalidOrClashing() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(env("OBSERA_OTLP_GRPC_PORT", "-1")))
        .hasMessageContaining("OBSERA_OTLP_GRPC_PORT");
    assertThatThrownBy(() -> IngestConfig.fromEnv(env("OBSERA_OTLP_GRPC_PORT", "grpc")))
        .hasMessageContaining("OBSERA_OTLP_GRPC_PORT");
    assertThatThrownBy(() -> IngestConfig.fromEnv(env("OBSERA_OTLP_GRPC_PORT", "4318")))
        .hasMessageContaining("OBSERA_OTLP_HTTP_PORT")
        .hasMessageContaining("OBSERA_OTLP_GRPC_PORT");
    assertThat(IngestConfig.fromEnv(env("OBSERA_OTLP_GRPC_PORT", "0")).otlpGrpcPort()).isZero();
  }

  @Test
  void should_readTls_whenCertAndKeyAreSet(@TempDir Path dir) {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    IngestConfig c =
        IngestConfig.fromEnv(
            env(
                "OBSERA_TLS_CERT", cert.certificate().toString(),
                "OBSERA_TLS_KEY", cert.privateKey().toString()));
    assertThat(c.tls()).contains(new TlsFiles(cert.certificate(), cert.privateKey()));
  }

  @Test
  void should_nameBothVariables_whenOnlyOneTlsFileIsSet(@TempDir Path dir) {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    assertThatThrownBy(
            () -> IngestConfig.fromEnv(env("OBSERA_TLS_CERT", cert.certificate().toString())))
        .hasMessageContaining("OBSERA_TLS_CERT and OBSERA_TLS_KEY must be set together")
        .hasMessageContaining("only OBSERA_TLS_CERT is set");
    assertThatThrownBy(
            () -> IngestConfig.fromEnv(env("OBSERA_TLS_KEY", cert.privateKey().toString())))
        .hasMessageContaining("only OBSERA_TLS_KEY is set");
  }

  @Test
  void should_nameVariableAndPath_whenTlsFileUnreadableOrNotPem(@TempDir Path dir)
      throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    env(
                        "OBSERA_TLS_CERT", missing.toString(),
                        "OBSERA_TLS_KEY", cert.privateKey().toString())))
        .hasMessageContaining("OBSERA_TLS_CERT")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("not a readable file");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    env(
                        "OBSERA_TLS_CERT", cert.certificate().toString(),
                        "OBSERA_TLS_KEY", missing.toString())))
        .hasMessageContaining("OBSERA_TLS_KEY")
        .hasMessageContaining(missing.toString());

    Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    env(
                        "OBSERA_TLS_CERT", text.toString(),
                        "OBSERA_TLS_KEY", cert.privateKey().toString())))
        .hasMessageStartingWith("OBSERA_TLS_CERT: " + text);
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    env(
                        "OBSERA_TLS_CERT", cert.certificate().toString(),
                        "OBSERA_TLS_KEY", cert.certificate().toString())))
        .hasMessageStartingWith("OBSERA_TLS_KEY: " + cert.certificate())
        .hasMessageContaining("no PEM 'PRIVATE KEY' block");
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = keys(pairs);
    env.putIfAbsent("OBSERA_KAFKA_BOOTSTRAP", "k:9092");
    return env;
  }

  /** {@code kv} and the control-record public key every service needs. */
  private static Map<String, String> keys(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    m.put(
        ControlTrust.VERIFY_KEYS_ENV,
        ControlTrust.encodePublic(TestControlKeys.pair().getPublic()));
    return m;
  }
}
