package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final RetryBackoff backoff =
      new RetryBackoff(now::get, Duration.ofMillis(500), Duration.ofSeconds(5));

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void should_beDue_untilAFailure_andAgainAfterTheDelay_doublingUpToTheMaximum() {
    assertThat(backoff.due()).isTrue();
    long[] expectedMillis = {500, 1000, 2000, 4000, 5000, 5000};
    for (long millis : expectedMillis) {
      backoff.failed();
      advance(Duration.ofMillis(millis - 1));
      assertThat(backoff.due()).as("1 ms before the %d ms delay ends", millis).isFalse();
      advance(Duration.ofMillis(1));
      assertThat(backoff.due()).as("when the %d ms delay ends", millis).isTrue();
    }
  }

  @Test
  void should_startOverFromTheFirstDelay_afterASuccess() {
    backoff.failed();
    advance(Duration.ofMillis(500));
    backoff.failed();
    advance(Duration.ofSeconds(1));
    backoff.succeeded();
    assertThat(backoff.due()).isTrue();
    backoff.failed();
    advance(Duration.ofMillis(499));
    assertThat(backoff.due()).isFalse();
    advance(Duration.ofMillis(1));
    assertThat(backoff.due()).isTrue();
  }

  @Test
  void should_giveTheSameCause_forTheSameClickHouseErrorWithDifferentQueryIds() {
    String first =
        "ClickHouse refused CREATE SETTINGS PROFILE: Code: 497. DB::Exception: obsera_admin: Not"
            + " enough privileges. (ACCESS_DENIED) (version 26.7.2.1)  (queryId="
            + " b2157d11-5c1a-49b4-bf6c-f1ca3926bfd0)";
    String second = first.replace("b2157d11-5c1a-49b4-bf6c-f1ca3926bfd0", "caabff91-6e1f-433e");
    assertThat(RetryBackoff.cause(first))
        .isEqualTo(RetryBackoff.cause(second))
        .endsWith("(ACCESS_DENIED) (version 26.7.2.1)");
    assertThat(RetryBackoff.cause("Connection refused"))
        .isNotEqualTo(RetryBackoff.cause(first))
        .isEqualTo("Connection refused");
  }
}
