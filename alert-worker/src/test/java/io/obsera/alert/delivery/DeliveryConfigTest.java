package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {
  @Test
  void should_useDefaults_whenNothingIsSet() {
    DeliveryConfig c = DeliveryConfig.defaults();

    assertThat(c.policy().maxAttempts()).isEqualTo(6);
    assertThat(c.policy().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.policy().breakerOpenDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.smsEnabled()).isFalse();
    assertThat(c.targetGuard().isAllowed(InetAddress.getLoopbackAddress())).isFalse();
  }

  @Test
  void should_readTheEnvironment() throws Exception {
    DeliveryConfig c =
        DeliveryConfig.fromEnv(
            Map.of(
                "OBSERA_ALERT_RETRY_MAX_ATTEMPTS", "3",
                "OBSERA_ALERT_BREAKER_OPEN_MS", "250",
                "OBSERA_ALERT_SMS_ENABLED", "true",
                "OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8"));

    assertThat(c.policy().maxAttempts()).isEqualTo(3);
    assertThat(c.policy().breakerOpenDuration()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.smsEnabled()).isTrue();
    assertThat(c.targetGuard().isAllowed(InetAddress.getByName("127.0.0.1"))).isTrue();
  }

  @Test
  void should_nameTheVariable_whenAValueIsBad() {
    assertThatThrownBy(() -> DeliveryConfig.fromEnv(Map.of("OBSERA_ALERT_RETRY_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("OBSERA_ALERT_RETRY_MAX_ATTEMPTS");
    assertThatThrownBy(() -> DeliveryConfig.fromEnv(Map.of("OBSERA_ALERT_RETRY_JITTER", "1.5")))
        .hasMessageContaining("OBSERA_ALERT_RETRY_JITTER");
    assertThatThrownBy(() -> DeliveryConfig.fromEnv(Map.of("OBSERA_ALERT_SMS_ENABLED", "yes")))
        .hasMessageContaining("OBSERA_ALERT_SMS_ENABLED");
    assertThatThrownBy(() -> DeliveryConfig.fromEnv(Map.of("OBSERA_ALERT_BREAKER_OPEN_MS", "x")))
        .hasMessageContaining("OBSERA_ALERT_BREAKER_OPEN_MS");
    assertThatThrownBy(
            () -> DeliveryConfig.fromEnv(Map.of("OBSERA_TARGET_ALLOWLIST", "10.0.0.0/99")))
        .hasMessageContaining("OBSERA_TARGET_ALLOWLIST");
    assertThatThrownBy(
            () ->
                DeliveryConfig.fromEnv(
                    Map.of(
                        "OBSERA_ALERT_RETRY_INITIAL_MS", "5000",
                        "OBSERA_ALERT_RETRY_MAX_BACKOFF_MS", "1000")))
        .hasMessageContaining("OBSERA_ALERT_RETRY_MAX_BACKOFF_MS");
  }
}
