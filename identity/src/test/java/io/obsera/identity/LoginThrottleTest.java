package io.obsera.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(clock, 3, 10);

  @Test
  void should_refuseWithGrowingBackoff_whenAnAccountKeepsFailing() {
    for (int i = 0; i < 3; i++) {
      throttle.check("a@x.io", "10.0.0." + i);
      throttle.failed("a@x.io", "10.0.0." + i);
    }
    assertThatThrownBy(() -> throttle.check("a@x.io", "10.0.0.9"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(IdentityException.Kind.THROTTLED);
              assertThat(e.retryAfterSeconds()).isEqualTo(1);
            });
    clock.advance(Duration.ofSeconds(1));
    throttle.check("a@x.io", "10.0.0.9");
    throttle.failed("a@x.io", "10.0.0.9");
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> throttle.check("a@x.io", "10.0.0.9"))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
    clock.advance(Duration.ofSeconds(1));
    throttle.check("a@x.io", "10.0.0.9");
    throttle.check("other@x.io", "10.0.0.9");
  }

  @Test
  void should_throttleAnAddress_whenItTriesManyAccounts() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("user" + i + "@x.io", "192.0.2.1");
    }
    assertThatThrownBy(() -> throttle.check("fresh@x.io", "192.0.2.1"))
        .isInstanceOf(IdentityException.class);
    throttle.check("fresh@x.io", "192.0.2.2");
  }

  @Test
  void should_forgetFailures_afterSuccessOrQuietTime() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("a@x.io", "10.0.0.1");
    }
    throttle.succeeded("a@x.io");
    throttle.check("a@x.io", "10.0.0.2");
    for (int i = 0; i < 30; i++) {
      throttle.failed("b@x.io", "10.0.0.3");
    }
    assertThatThrownBy(() -> throttle.check("b@x.io", "10.0.0.4"))
        .isInstanceOfSatisfying(
            IdentityException.class,
            e ->
                assertThat(e.retryAfterSeconds()).isEqualTo(LoginThrottle.MAX_BACKOFF.toSeconds()));
    clock.advance(LoginThrottle.MAX_BACKOFF.plusSeconds(1));
    throttle.check("b@x.io", "10.0.0.4");
  }
}
