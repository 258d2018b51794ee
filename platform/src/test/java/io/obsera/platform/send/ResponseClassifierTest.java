package io.obsera.platform.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResponseClassifierTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T04:00:00Z"), ZoneOffset.UTC);

  private static DeliveryException failure(int status, String body, String retryAfter) {
    return catchThrowableOfType(
        DeliveryException.class,
        () -> ResponseClassifier.check("vendor", status, body, retryAfter, CLOCK));
  }

  @Test
  void should_accept_when2xx() {
    assertThatCode(() -> ResponseClassifier.check("v", 202, "", null, CLOCK))
        .doesNotThrowAnyException();
  }

  @Test
  void should_failPermanently_withVendorMessage_whenOther4xx() {
    DeliveryException e = failure(400, "{\"errors\":[\"'routing_key' is missing\"]}", "5");

    assertThat(e.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("vendor answered 400").contains("routing_key");
    assertThat(e.retryAfter()).isNull();
    assertThat(failure(404, null, null).kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
    assertThat(failure(302, null, null).kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
  }

  @Test
  void should_retry_when429Or5xxOr408() {
    assertThat(failure(429, "slow down", "30").retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(failure(503, "", null).kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
    assertThat(failure(500, "", null).retryAfter()).isNull();
    assertThat(failure(408, "", null).retryable()).isTrue();
  }

  @Test
  void should_readRetryAfterAsHttpDate() {
    assertThat(failure(503, "", "Fri, 27 Nov 2026 04:01:30 GMT").retryAfter())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(failure(503, "", "Fri, 27 Nov 2026 03:00:00 GMT").retryAfter())
        .isEqualTo(Duration.ZERO);
    assertThat(failure(503, "", "soon").retryAfter()).isNull();
    assertThat(failure(503, "", "-4").retryAfter()).isNull();
  }

  @Test
  void should_shortenLongVendorBodies() {
    assertThat(failure(400, "x".repeat(5000), null).getMessage()).hasSizeLessThan(600);
  }
}
