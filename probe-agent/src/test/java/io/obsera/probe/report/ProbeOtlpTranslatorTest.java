package io.obsera.probe.report;

import static io.obsera.testing.ProbeResults.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProbeOtlpTranslatorTest {
  static final Instant T = Instant.parse("2026-11-27T03:00:00.123456789Z");

  static Map<String, AnyValue> attrs(List<KeyValue> kvs) {
    return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  @Test
  void should_groupByTenant_withTheContractsResourceAttributes() {
    List<HealthCheck> checks =
        List.of(
            result("acme", "home", "eu-west", CheckOutcome.UP, T),
            result("globex", "api", "eu-west", CheckOutcome.DOWN, T),
            result("acme", "login", "eu-west", CheckOutcome.DEGRADED, T));

    ExportTraceServiceRequest traces = ProbeOtlpTranslator.traces(checks);

    assertThat(traces.getResourceSpansCount()).isEqualTo(2);
    ResourceSpans acme = traces.getResourceSpans(0);
    Map<String, AnyValue> res = attrs(acme.getResource().getAttributesList());
    assertThat(res.get(ProbeAttributes.TENANT).getStringValue()).isEqualTo("acme");
    assertThat(res.get(ProbeAttributes.REGION).getStringValue()).isEqualTo("eu-west");
    assertThat(res.get(ProbeAttributes.AGENT).getStringValue()).isEqualTo("agent-eu-west");
    assertThat(res.get("service.name").getStringValue()).isEqualTo(ProbeAttributes.SERVICE_NAME);
    assertThat(acme.getScopeSpans(0).getSpansList())
        .extracting(Span::getName)
        .containsExactly("home", "login");
    assertThat(
            attrs(traces.getResourceSpans(1).getResource().getAttributesList())
                .get(ProbeAttributes.TENANT)
                .getStringValue())
        .isEqualTo("globex");
  }

  @Test
  void should_describeTheCheck_inTheSpan() {
    HealthCheck down = result("globex", "api", "us-east", CheckOutcome.DOWN, T);
    Span s = ProbeOtlpTranslator.span(down);

    assertThat(s.getName()).isEqualTo("api");
    assertThat(s.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(HexFormat.of().formatHex(s.getTraceId().toByteArray())).isEqualTo(down.traceId());
    assertThat(s.getSpanId().size()).isEqualTo(8);
    assertThat(s.getStartTimeUnixNano()).isEqualTo(1_795_748_400_123_456_789L);
    assertThat(s.getEndTimeUnixNano() - s.getStartTimeUnixNano()).isEqualTo(12_250_000L);
    assertThat(s.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(s.getStatus().getMessage()).isEqualTo("expected status 200-299, got 503");
    Map<String, AnyValue> a = attrs(s.getAttributesList());
    assertThat(a.get(ProbeAttributes.ENDPOINT_ID).getStringValue()).isEqualTo("api");
    assertThat(a.get(ProbeAttributes.OUTCOME).getStringValue()).isEqualTo("DOWN");
    assertThat(a.get("url.full").getStringValue()).isEqualTo("https://api.example/health");
    assertThat(a.get("http.request.method").getStringValue()).isEqualTo("GET");
    assertThat(a.get("http.response.status_code").getIntValue()).isEqualTo(503);
    assertThat(a.get(ProbeAttributes.ERROR).getStringValue()).contains("got 503");
    assertThat(a.get(ProbeAttributes.DNS_MS).getDoubleValue()).isEqualTo(1.5);
    assertThat(a.get(ProbeAttributes.CONNECT_MS).getDoubleValue()).isEqualTo(2.5);
    assertThat(a.get(ProbeAttributes.TLS_MS).getDoubleValue()).isEqualTo(3.5);
    assertThat(a.get(ProbeAttributes.TTFB_MS).getDoubleValue()).isEqualTo(10.0);
    assertThat(a.get(ProbeAttributes.TOTAL_MS).getDoubleValue()).isEqualTo(12.25);
    assertThat(a.get(ProbeAttributes.BODY_MATCHED).getBoolValue()).isTrue();
    assertThat(a.get(ProbeAttributes.CERT_EXPIRES_AT).getIntValue()).isEqualTo(1_900_000_000L);

    Span up = ProbeOtlpTranslator.span(result("acme", "home", "us-east", CheckOutcome.UP, T));
    assertThat(up.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(attrs(up.getAttributesList())).doesNotContainKey(ProbeAttributes.ERROR);
  }

  @Test
  void should_leaveOutPhasesThatDidNotHappen() {
    HealthCheck r = result("acme", "home", "eu-west", CheckOutcome.DOWN, T);
    HealthCheck refused =
        new HealthCheck(
            r.tenantId(),
            r.endpointId(),
            r.region(),
            r.agent(),
            r.time(),
            r.url(),
            r.method(),
            CheckOutcome.DOWN,
            null,
            "refused",
            null,
            null,
            null,
            null,
            0.5,
            null,
            null,
            r.traceId());
    Map<String, AnyValue> a = attrs(ProbeOtlpTranslator.span(refused).getAttributesList());
    assertThat(a)
        .doesNotContainKeys(
            "http.response.status_code",
            ProbeAttributes.DNS_MS,
            ProbeAttributes.CONNECT_MS,
            ProbeAttributes.TLS_MS,
            ProbeAttributes.TTFB_MS,
            ProbeAttributes.BODY_MATCHED,
            ProbeAttributes.CERT_EXPIRES_AT)
        .containsKey(ProbeAttributes.TOTAL_MS);
  }

  @Test
  void should_emitOnePointOfEachGauge_perCheck() {
    List<HealthCheck> checks =
        List.of(
            result("acme", "home", "eu-west", CheckOutcome.UP, T),
            result("acme", "home", "eu-west", CheckOutcome.DOWN, T.plusSeconds(30)),
            result("acme", "login", "eu-west", CheckOutcome.DEGRADED, T));

    ExportMetricsServiceRequest m = ProbeOtlpTranslator.metrics(checks);

    assertThat(m.getResourceMetricsCount()).isEqualTo(1);
    List<Metric> metrics = m.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(metrics)
        .extracting(Metric::getName)
        .containsExactly(ProbeAttributes.METRIC_UP, ProbeAttributes.METRIC_DURATION);
    List<NumberDataPoint> up = metrics.get(0).getGauge().getDataPointsList();
    assertThat(up).extracting(NumberDataPoint::getAsInt).containsExactly(1L, 0L, 1L);
    assertThat(up)
        .extracting(p -> p.getAttributes(0).getValue().getStringValue())
        .containsExactly("home", "home", "login");
    assertThat(up.get(1).getTimeUnixNano()).isEqualTo(1_795_748_430_123_456_789L);
    assertThat(metrics.get(1).getGauge().getDataPointsList())
        .extracting(NumberDataPoint::getAsDouble)
        .containsExactly(12.25, 12.25, 12.25);
    assertThat(metrics.get(1).getUnit()).isEqualTo("ms");
  }
}
