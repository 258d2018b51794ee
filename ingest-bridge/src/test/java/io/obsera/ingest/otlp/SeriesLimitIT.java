package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.ingest.limits.IngestLimits;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.TestKafka;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Metric cardinality over OTLP/HTTP against a real ingest bridge and Kafka: past {@code
 * OBSERA_INGEST_MAX_SERIES_PER_METRIC} (3 here) points of new series are refused with a partial
 * success naming the metric and the limit, known series keep landing, and once the window has
 * passed (manual clock) new series are accepted again.
 */
@ExtendWith(ObseraServersExtension.class)
class SeriesLimitIT {
  private static final String METRIC = "checkout.requests";
  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
  private static IngestItServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new IngestItServer(
            "series", c -> c.withLimits(IngestLimits.defaults().withSeries(3, 1_000)), CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void should_refuseNewSeriesPastTheLimit_keepKnownOnes_andAcceptNewOnesAfterTheWindow()
      throws Exception {
    ExportMetricsServiceResponse first = export("u0", "u1", "u2", "u3", "u4");
    assertThat(first.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
    assertThat(first.getPartialSuccess().getErrorMessage())
        .contains("2 data points rejected")
        .contains("metric " + METRIC)
        .contains("limit of 3 series per hour")
        .contains("OBSERA_INGEST_MAX_SERIES_PER_METRIC");
    assertThat(landedUsers(METRIC)).containsExactlyInAnyOrder("u0", "u1", "u2");

    // known series keep flowing after the limit was hit; another new one is refused
    ExportMetricsServiceResponse second = export("u2", "u0", "u5", "u1");
    assertThat(second.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
    assertThat(landedUsers(METRIC)).containsExactlyInAnyOrder("u0", "u1", "u2", "u2", "u0", "u1");

    // the refused points are counted for the tenant, and the operator sees the metric's series
    assertThat(server.metrics())
        .contains(
            "obsera_ingest_items_rejected_total{reason=\"series_limit\",signal=\"metrics\",tenant=\""
                + server.tenant
                + "\"} 3.0");
    assertThat(server.adminGet("/series/" + server.tenant))
        .contains("\"series\":3")
        .contains("{\"metric\":\"" + METRIC + "\",\"series\":3}");

    // two hours later the old series have left the window: new series are accepted again
    CLOCK.advance(Duration.ofHours(2));
    ExportMetricsServiceResponse later = export("u6", "u7");
    assertThat(later.hasPartialSuccess()).isFalse();
    assertThat(landedUsers(METRIC))
        .containsExactlyInAnyOrder("u0", "u1", "u2", "u2", "u0", "u1", "u6", "u7");
  }

  @Test
  void should_storeOnlyTheFirstSeriesOfAnSdkCounter_inEveryExport() throws Exception {
    try (OtelSdkClient sdk = new OtelSdkClient(server.baseUrl, server.key, "shop")) {
      LongCounter logins = sdk.meter().counterBuilder("sdk.logins").build();
      for (int i = 0; i < 5; i++) {
        logins.add(1, Attributes.of(AttributeKey.stringKey("user.id"), "s" + i));
      }
      assertThat(sdk.flush()).isTrue();
      logins.add(1, Attributes.of(AttributeKey.stringKey("user.id"), "s0"));
      assertThat(sdk.flush()).isTrue();
      assertThat(sdk.exportsFailed()).isZero();
    }
    // cumulative: every export (two flushes, then shutdown) carries all 5 series; 3 are stored
    List<String> users = landedUsers("sdk.logins");
    assertThat(users).hasSizeGreaterThanOrEqualTo(6);
    assertThat(users.size() % 3).isZero();
    assertThat(java.util.Set.copyOf(users)).hasSize(3);
    assertThat(server.adminGet("/series/" + server.tenant))
        .contains("{\"metric\":\"sdk.logins\",\"series\":3}");
  }

  @Test
  void should_answer401_forSeriesWithoutTheAdminToken() throws Exception {
    HttpResponse<String> r =
        IngestItServer.HTTP.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.baseUrl + "/series/" + server.tenant))
                .header("Authorization", "Bearer " + server.key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("OBSERA_ADMIN_TOKEN");
  }

  /** One gauge point of {@link #METRIC} per user id, in one OTLP/HTTP protobuf request. */
  private static ExportMetricsServiceResponse export(String... users) throws Exception {
    Gauge.Builder gauge = Gauge.newBuilder();
    for (String user : users) {
      gauge.addDataPoints(
          NumberDataPoint.newBuilder()
              .setTimeUnixNano(CLOCK.millis() * 1_000_000L)
              .setAsInt(1)
              .addAttributes(BadInputItems.string("user.id", user))
              .addAttributes(BadInputItems.string("http.route", "/checkout")));
    }
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(BadInputItems.string("service.name", "shop")))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(Metric.newBuilder().setName(METRIC).setGauge(gauge))))
            .build();
    HttpResponse<byte[]> response =
        server.post("/v1/metrics", "application/x-protobuf", request.toByteArray(), Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    return ExportMetricsServiceResponse.parseFrom(response.body());
  }

  /** The user ids of every point of {@code metric} of the tenant in Kafka, one per point landed. */
  private static List<String> landedUsers(String metric) throws Exception {
    List<String> users = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.OTLP_METRICS)) {
      if (RecordHeaders.read(r.headers(), RecordHeaders.TENANT)
          .filter(server.tenant::equals)
          .isEmpty()) {
        continue;
      }
      for (ResourceMetrics rm :
          ExportMetricsServiceRequest.parseFrom(r.value()).getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            if (!m.getName().equals(metric)) {
              continue;
            }
            List<NumberDataPoint> points = new ArrayList<>(m.getGauge().getDataPointsList());
            points.addAll(m.getSum().getDataPointsList());
            for (NumberDataPoint p : points) {
              p.getAttributesList().stream()
                  .filter(kv -> kv.getKey().equals("user.id"))
                  .forEach(kv -> users.add(kv.getValue().getStringValue()));
            }
          }
        }
      }
    }
    return users;
  }
}
