package io.obsera.alert;

import io.obsera.alert.delivery.DeliveryConfig;
import io.obsera.alert.notify.Link;
import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.platform.net.TargetGuard;
import io.obsera.platform.send.ResilientDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Notifications and delivery settings for the alert-worker tests. */
public final class TestNotifications {
  public static final Instant STARTS = Instant.parse("2026-11-27T03:00:00Z");
  public static final Instant ENDS = Instant.parse("2026-11-27T03:25:00Z");

  private TestNotifications() {}

  public static Notification firing(String fingerprint, long sequence) {
    return Notification.of(
        "acme",
        "checkout-availability-page",
        fingerprint,
        sequence,
        AlertState.FIRING,
        Severity.PAGE,
        "checkout availability burning error budget at 14.4x",
        "Errors on POST /checkout are burning the 30-day budget <fast> & the 1h window agrees.",
        Map.of("service", "checkout", "region", "eu-west-1", "slo", "checkout-availability"),
        List.of(
            new Link("SLO", "https://obsera.example.com/slos/checkout-availability"),
            new Link("Traces", "https://obsera.example.com/traces?service=checkout&status=error")),
        STARTS,
        null);
  }

  public static Notification resolved(String fingerprint, long sequence) {
    Notification f = firing(fingerprint, sequence);
    return Notification.of(
        f.tenantId(),
        f.alertId(),
        f.fingerprint(),
        sequence,
        AlertState.RESOLVED,
        f.severity(),
        f.title(),
        "Burn rate back under 1x.",
        f.labels(),
        f.links(),
        f.startsAt(),
        ENDS);
  }

  /** Millisecond retries, a breaker that never opens, loopback allowed for the local receivers. */
  public static DeliveryConfig fast() {
    return new DeliveryConfig(
        new ResilientDelivery.Policy(
            5,
            Duration.ofMillis(20),
            2.0,
            0.2,
            Duration.ofMillis(200),
            Duration.ofSeconds(5),
            50,
            100,
            100,
            Duration.ofMillis(500),
            1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        true,
        loopbackAllowed());
  }

  public static TargetGuard loopbackAllowed() {
    return TargetGuard.allowing("127.0.0.0/8", "test");
  }
}
