package io.obsera.alert.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Topics;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.testing.TestControlKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertWorkerConfigTest {
  static final String KEY = SecretBox.newKeyBase64();

  static Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_KAFKA_BOOTSTRAP", "kafka:9092");
    env.put(
        ControlTrust.VERIFY_KEYS_ENV,
        ControlTrust.encodePublic(TestControlKeys.pair().getPublic()));
    env.put("OBSERA_SECRET_KEY", KEY);
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  @Test
  void should_takeDefaults_whenOnlyKafkaAndKeyAreSet() {
    AlertWorkerConfig c = AlertWorkerConfig.fromEnv(env());
    assertThat(c.applicationId()).isEqualTo("obsera-alert-worker");
    assertThat(c.outbox().groupId()).isEqualTo("obsera-alert-worker-outbox");
    assertThat(c.outbox().notificationsTopic()).isEqualTo(Topics.ALERT_NOTIFICATIONS);
    assertThat(c.routing().tick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.routing().publicUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(c.secretKey().keyId()).isEqualTo(SecretBox.fromBase64("k", KEY).keyId());
  }

  @Test
  void should_nameTheVariable_whenAValueIsMissingOrWrong() {
    Map<String, String> noKafka = env();
    noKafka.remove("OBSERA_KAFKA_BOOTSTRAP");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(noKafka))
        .hasMessageContaining("OBSERA_KAFKA_BOOTSTRAP");
    Map<String, String> noKey = env();
    noKey.remove("OBSERA_SECRET_KEY");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(noKey))
        .hasMessageContaining("OBSERA_SECRET_KEY");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(env("OBSERA_SECRET_KEY", "c2hvcnQ=")))
        .hasMessageContaining("OBSERA_SECRET_KEY")
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(env("OBSERA_ALERT_TICK_MS", "0")))
        .hasMessageContaining("OBSERA_ALERT_TICK_MS");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(env("OBSERA_PUBLIC_URL", "ftp://x")))
        .hasMessageContaining("OBSERA_PUBLIC_URL");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(env("OBSERA_ALERT_DELIVERY_THREADS", "0")))
        .hasMessageContaining("OBSERA_ALERT_DELIVERY_THREADS");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(env("OBSERA_ALERT_REDELIVERY_MS", "x")))
        .hasMessageContaining("OBSERA_ALERT_REDELIVERY_MS");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(env("OBSERA_ALERT_COMMIT_MS", "1")))
        .hasMessageContaining("OBSERA_ALERT_COMMIT_MS");
    assertThatThrownBy(() -> AlertWorkerConfig.fromEnv(env("OBSERA_ALERT_RETRY_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("OBSERA_ALERT_RETRY_MAX_ATTEMPTS");
  }

  @Test
  void should_stripTrailingSlashes_fromThePublicUrl() {
    assertThat(
            AlertWorkerConfig.fromEnv(env("OBSERA_PUBLIC_URL", "https://obsera.example.com//"))
                .routing()
                .publicUrl())
        .isEqualTo("https://obsera.example.com");
  }
}
