package io.obsera.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VisibilityTest {
  @Test
  void should_returnTrue_onceTheConditionHolds() {
    AtomicInteger checks = new AtomicInteger();

    assertThat(Visibility.awaitUpTo(Duration.ofSeconds(10), () -> checks.incrementAndGet() >= 3))
        .isTrue();
    assertThat(checks).hasValue(3);
  }

  @Test
  void should_returnFalse_whenTheTimeRunsOut() {
    assertThat(Visibility.awaitUpTo(Duration.ofMillis(30), () -> false)).isFalse();
  }

  @Test
  void should_returnFalse_andKeepTheInterruptFlag_whenInterrupted() {
    Thread.currentThread().interrupt();
    try {
      assertThat(Visibility.awaitUpTo(Duration.ofSeconds(10), () -> false)).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      Visibility.await(() -> false); // an interrupt ends the wait quietly, without a 503
    } finally {
      Thread.interrupted();
    }
  }
}
