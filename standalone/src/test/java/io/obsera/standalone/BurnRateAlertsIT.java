package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.alert.evaluate.EvaluationConfig;
import io.obsera.alert.evaluate.EvaluationTopology;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.Scope;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.obsera.model.facts.BurnRates;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.streams.StreamsService;
import io.obsera.streams.StreamsServiceConfig;
import io.obsera.streams.probe.OutageConfig;
import io.obsera.streams.slo.SloConfig;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestAlertRules;
import io.obsera.testing.TestAlerts;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestStreamsApp;
import io.obsera.testing.TestTenants;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Burn-rate alerting end to end on real parts: spans from the OpenTelemetry SDK (synthetic start
 * times relative to a {@link ManualClock}) -> the ingest bridge -> the streams topology ({@code
 * StreamsService} with that clock, burn rates every 500 ms) -> the evaluation topology in its own
 * KafkaStreams app with the same clock -> {@link Topics#ALERT_EVENTS}.
 *
 * <p>The SLO's objective is 99% (budget 1%); traffic is one span a minute. Each alert rule is
 * written once its traffic is counted (the burn rates' period total says so), so no emission with
 * half-counted traffic is ever evaluated.
 */
@ExtendWith(ObseraServersExtension.class)
class BurnRateAlertsIT {
  static final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
  static StreamsService streams;
  static IngestService ingest;
  static TestStreamsApp eval;
  static ControlPlaneWriter control;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    streams =
        new StreamsService(
            new StreamsServiceConfig(
                kafka,
                TestKafka.uniqueName("burn-streams"),
                Files.createTempDirectory("burn-state"),
                100,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                new SloConfig(Duration.ofMillis(200), Duration.ofMillis(500)),
                OutageConfig.defaults(),
                Map.of(),
                TestControlKeys.verifying()),
            clock);
    streams.start();
    ingest =
        new IngestService(
                IngestConfig.of(
                    "127.0.0.1",
                    0,
                    kafka,
                    TestKafka.uniqueName("burn"),
                    TestControlKeys.verifying()))
            .start();
    eval =
        TestStreamsApp.start(
            new EvaluationTopology(
                EvaluationConfig.defaults().withInterval(Duration.ofMillis(500)),
                clock,
                TestControlKeys.verifier()),
            "alert-eval-it");
    control = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
  }

  @AfterAll
  static void stop() {
    control.close();
    eval.close();
    ingest.close();
    streams.close();
  }

  @Test
  void should_pageOnce_andResolveOnce_whenErrorsBurnAt20xForAnHour_thenTrafficStops() {
    String tenant = TestKafka.uniqueName("burn20x");
    Instant now = clock.instant();
    // three days of good traffic, then an hour with every fifth span failing (20% = 20x): 1h, 30m
    // and 5m burn at 20, 6h at 3.3, 1d at 0.83, 3d at 0.28: the 1h/5m page holds, no ticket does
    int spans = traffic(tenant, now, 60 + 72 * 60, m -> m < 60 && m % 5 == 0);
    defineRule(tenant, spans);

    await().atMost(Duration.ofSeconds(60)).until(() -> pages(tenant, AlertState.FIRING) == 1);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> pages(tenant, AlertState.FIRING) == 1 && count(tenant) == 1);
    AlertEvent page = TestAlerts.of(tenant).get(0);
    assertThat(page.sequence()).isEqualTo(1);
    assertThat(page.value()).isCloseTo(20, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(page.labels()).containsEntry("slo", "checkout").containsEntry("severity", "page");

    clock.advance(Duration.ofMinutes(10)); // no more traffic: the 5m window is empty
    await().atMost(Duration.ofSeconds(60)).until(() -> pages(tenant, AlertState.RESOLVED) == 1);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> count(tenant) == 2);
    assertThat(TestAlerts.of(tenant))
        .allMatch(a -> a.severity() == Severity.PAGE && a.fingerprint().equals(page.fingerprint()));
  }

  @Test
  void should_openATicketAndNoPage_whenErrorsBurnAt2xForSevenHours() {
    String tenant = TestKafka.uniqueName("burn2x");
    // seven hours of traffic, every 50th span failing (about 2x): every window at about 2, so the
    // 3d/6h ticket (>= 1) holds, 1d/2h (>= 3) and the pages do not
    int spans = traffic(tenant, clock.instant(), 7 * 60, m -> m % 50 == 0);
    defineRule(tenant, spans);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> TestAlerts.count(tenant, a -> a.severity() == Severity.TICKET) == 1);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> count(tenant) == 1);
    AlertEvent ticket = TestAlerts.of(tenant).get(0);
    assertThat(ticket.state()).isEqualTo(AlertState.FIRING);
    assertThat(ticket.summary()).contains("over 3d", "over 6h");
  }

  /**
   * The tenant, its SLO, and one span a minute in the {@code minutes} minutes before {@code now}
   * (minute {@code m} ago failing when {@code failing.test(m)}), counted; returns the span count.
   */
  static int traffic(String tenant, Instant now, int minutes, IntPredicate failing) {
    String kafka = SharedServers.kafkaBootstrap();
    String key = TestTenants.createWithKey(kafka, tenant, Set.of(Scope.INGEST)).token();
    Instant created = now.minus(Duration.ofDays(10));
    control.putSlo(
        new SloDefinition(
            tenant,
            "checkout",
            "Checkout availability",
            SloKind.AVAILABILITY,
            "checkout",
            null,
            null,
            null,
            0.99,
            SloPeriod.ROLLING_30D,
            created,
            created,
            "it"));
    await().atMost(Duration.ofSeconds(30)).until(() -> streams.slo(tenant, "checkout").isPresent());
    try (OtelSdkClient sdk =
        OtelSdkClient.batching("http://127.0.0.1:" + ingest.otlpHttpPort(), key, "checkout")) {
      Tracer tracer = sdk.tracer();
      for (int m = minutes - 1; m >= 0; m--) {
        Instant start = now.minus(Duration.ofMinutes(m + 1)).plusSeconds(1);
        Span span =
            tracer
                .spanBuilder("POST /checkout")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(start)
                .startSpan();
        if (failing.test(m)) {
          span.setStatus(StatusCode.ERROR);
        }
        span.end(start.plusMillis(40));
      }
      assertThat(sdk.flush(Duration.ofSeconds(60))).isTrue();
    }
    await().atMost(Duration.ofSeconds(90)).until(() -> periodTotal(tenant) >= minutes);
    return minutes;
  }

  /** The default burn-rate policy on the tenant's SLO. */
  static void defineRule(String tenant, int countedSpans) {
    assertThat(periodTotal(tenant)).isEqualTo(countedSpans);
    AlertRule rule =
        TestAlertRules.burn(
            tenant, "checkout-burn", "checkout", null, true, Map.of(), clock.instant());
    control.put(Topics.CONTROL_ALERT_RULES, rule.key(), rule);
  }

  /** The period total of the tenant's latest burn-rate emission (0 before the first one). */
  static long periodTotal(String tenant) {
    String key = tenant + "|checkout";
    return TestKafka.readAll(SharedServers.kafkaBootstrap(), Topics.SLO_BURN_RATES, true).stream()
        .filter(r -> key.equals(r.key()))
        .map(r -> read(r.value()).periodTotal())
        .reduce((a, b) -> b)
        .orElse(0L);
  }

  static BurnRates read(byte[] json) {
    try {
      return Json.MAPPER.readValue(json, BurnRates.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long pages(String tenant, AlertState state) {
    return TestAlerts.count(tenant, a -> a.severity() == Severity.PAGE && a.state() == state);
  }

  static long count(String tenant) {
    return TestAlerts.of(tenant).size();
  }
}
