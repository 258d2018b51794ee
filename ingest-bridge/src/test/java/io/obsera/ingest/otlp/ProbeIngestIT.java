package io.obsera.ingest.otlp;

import static io.obsera.testing.EndpointBuilder.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.RecordHeaders;
import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.model.probe.ProbeAttributes;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestEndpoints;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Probe results sent with a probe key (bound to eu-west) over OTLP/HTTP (protobuf and JSON) and
 * gRPC: each resource is filed under the tenant its {@code obsera.tenant} names (Kafka key and
 * tenant header), a missing or unknown tenant refuses the whole request with nothing in Kafka, and
 * an ordinary ingest key cannot move its data to another tenant with that attribute. A probe key
 * sends checks of existing endpoints of its regions only: another region is 403, anything that is
 * no check (another tenant's or region's endpoint, an application's spans, other metrics, logs) is
 * 400 when nothing of the request is a check, dropped with partial success when some is.
 */
@ExtendWith(ObseraServersExtension.class)
class ProbeIngestIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT_A = "pi-a-" + RUN;
  static final String TENANT_B = "pi-b-" + RUN;
  static final String URL = "https://status.example/health";

  /** An endpoint of tenant A probed from eu-west (the probe key's region), one from us-east. */
  static final String EU = "ep-a-" + RUN + "-eu";

  static final String US = "ep-a-" + RUN + "-us";
  static IngestItServer server;
  static String probeKey;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    TestTenants.createWithKey(kafka, TENANT_A, Set.of(Scope.QUERY));
    TestTenants.createWithKey(kafka, TENANT_B, Set.of(Scope.QUERY));
    probeKey = TestTenants.createWithProbeKey(kafka, "pi-ops-" + RUN, Set.of("eu-west")).token();
    // the endpoints the checks are of; the bridge has read them when it starts
    List<EndpointDefinition> endpoints = new ArrayList<>();
    for (String transport : List.of("http", "grpc", "json", "refused-2", "refused-3", "eu")) {
      endpoints.add(endpoint(TENANT_A, "ep-a-" + RUN + "-" + transport, URL).build());
    }
    for (String transport : List.of("http", "grpc", "json", "mixed")) {
      endpoints.add(endpoint(TENANT_B, "ep-b-" + RUN + "-" + transport, URL).build());
    }
    endpoints.add(endpoint(TENANT_B, "ep-a-" + RUN + "-refused-4", URL).build());
    endpoints.add(endpoint(TENANT_A, US, URL).regions("us-east").build());
    TestEndpoints.define(kafka, endpoints.toArray(EndpointDefinition[]::new));
    server = new IngestItServer("pi-c");
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> post("/v1/traces", "application/json", "{}", probeKey).statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> post(String path, String contentType, Object body, String key)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(server.baseUrl + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", contentType)
            .POST(
                body instanceof byte[] b
                    ? HttpRequest.BodyPublishers.ofByteArray(b)
                    : HttpRequest.BodyPublishers.ofString((String) body));
    return IngestItServer.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the Prometheus scrape counts accepted items of {@code signal} for {@code tenant}. */
  static boolean accepted(String scrape, String tenant, String signal) {
    return scrape
        .lines()
        .anyMatch(
            l ->
                l.startsWith("obsera_ingest_items_accepted_total{")
                    && l.contains("tenant=\"" + tenant + "\"")
                    && l.contains("signal=\"" + signal + "\""));
  }

  static boolean sent(CompletableResultCode result) {
    return result.join(20, TimeUnit.SECONDS).isSuccess();
  }

  @Test
  void should_fileEachResource_underItsTenant_overHttpProtobuf() throws Exception {
    String a = "ep-a-" + RUN + "-http";
    String b = "ep-b-" + RUN + "-http";
    ProbeSdkData data = new ProbeSdkData().check(TENANT_A, a).check(TENANT_B, b);
    SpanExporter spans =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(server.baseUrl + "/v1/traces")
            .addHeader("Authorization", "Bearer " + probeKey)
            .build();
    MetricExporter metrics =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(server.baseUrl + "/v1/metrics")
            .addHeader("Authorization", "Bearer " + probeKey)
            .build();
    try {
      assertThat(sent(spans.export(data.spans))).isTrue();
      assertThat(sent(metrics.export(data.metrics))).isTrue();
    } finally {
      spans.shutdown();
      metrics.shutdown();
    }
    assertThat(landedSpans("-http")).isEqualTo(Map.of(a, List.of(TENANT_A), b, List.of(TENANT_B)));
    assertThat(landedPoints("-http")).isEqualTo(Map.of(a, List.of(TENANT_A), b, List.of(TENANT_B)));
    // usage is counted per resolved tenant, never under the probe key's own tenant
    String scrape = server.metrics();
    assertThat(accepted(scrape, TENANT_A, "traces")).isTrue();
    assertThat(accepted(scrape, TENANT_B, "metrics")).isTrue();
    assertThat(scrape.lines().filter(l -> l.startsWith("obsera_ingest_items_accepted_total{")))
        .noneMatch(l -> l.contains("tenant=\"pi-ops-" + RUN + "\""));
  }

  @Test
  void should_fileEachResource_underItsTenant_overGrpc_andRefuseLogs() throws Exception {
    String a = "ep-a-" + RUN + "-grpc";
    String b = "ep-b-" + RUN + "-grpc";
    ProbeSdkData data = new ProbeSdkData().check(TENANT_B, b).check(TENANT_A, a);
    SpanExporter spans =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(server.grpcEndpoint)
            .addHeader("Authorization", "Bearer " + probeKey)
            .build();
    MetricExporter metrics =
        OtlpGrpcMetricExporter.builder()
            .setEndpoint(server.grpcEndpoint)
            .addHeader("Authorization", "Bearer " + probeKey)
            .build();
    LogRecordExporter logs =
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint(server.grpcEndpoint)
            .addHeader("Authorization", "Bearer " + probeKey)
            .build();
    try {
      assertThat(sent(spans.export(data.spans))).isTrue();
      assertThat(sent(metrics.export(data.metrics))).isTrue();
      try (OtelSdkClient probeLogs = new OtelSdkClient(spans, logs, metrics, "obsera-probe")) {
        probeLogs.logger().logRecordBuilder().setBody("probe log " + RUN).emit();
        assertThat(probeLogs.flush()).isFalse();
        assertThat(probeLogs.exportedLogs()).isZero();
      }
    } finally {
      spans.shutdown();
      metrics.shutdown();
      logs.shutdown();
    }
    assertThat(landedSpans("-grpc")).isEqualTo(Map.of(a, List.of(TENANT_A), b, List.of(TENANT_B)));
    assertThat(landedPoints("-grpc")).isEqualTo(Map.of(a, List.of(TENANT_A), b, List.of(TENANT_B)));
  }

  @Test
  void should_fileEachResource_underItsTenant_overHttpJson_andRefuseLogs() throws Exception {
    String a = "ep-a-" + RUN + "-json";
    String b = "ep-b-" + RUN + "-json";
    HttpResponse<String> r =
        post(
            "/v1/traces",
            "application/json",
            ProbeRequests.json(TENANT_A, a, TENANT_B, b),
            probeKey);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(landedSpans("-json")).isEqualTo(Map.of(a, List.of(TENANT_A), b, List.of(TENANT_B)));

    HttpResponse<String> logs = post("/v1/logs", "application/json", "{}", probeKey);
    assertThat(logs.statusCode()).isEqualTo(400);
    assertThat(logs.body()).contains("probe key").contains("not logs");
  }

  @Test
  void should_refuseTheWholeRequest_whenATenantIsMissingOrUnknown() throws Exception {
    String unknown = "pi-nope-" + RUN;
    String valid = "ep-a-" + RUN + "-refused-";
    // protobuf: unknown tenant alone, and next to a valid one; a resource without the attribute
    for (byte[] body :
        List.of(
            ProbeRequests.traces(unknown, "ep-x-" + RUN + "-refused-1"),
            ProbeRequests.traces(TENANT_A, valid + "2", unknown, "ep-x-" + RUN + "-refused-2"),
            ProbeRequests.traces(TENANT_A, valid + "3", null, "ep-x-" + RUN + "-refused-3"))) {
      HttpResponse<String> r = post("/v1/traces", "application/x-protobuf", body, probeKey);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains(ProbeAttributes.TENANT);
    }
    HttpResponse<String> j =
        post(
            "/v1/traces",
            "application/json",
            ProbeRequests.json(TENANT_B, valid + "4", unknown, "ep-x-" + RUN + "-refused-4"),
            probeKey);
    assertThat(j.statusCode()).isEqualTo(400);
    assertThat(j.body()).contains(ProbeAttributes.TENANT).contains(unknown);
    HttpResponse<String> m =
        post(
            "/v1/metrics",
            "application/x-protobuf",
            ProbeRequests.gauge(null, valid + "5"),
            probeKey);
    assertThat(m.statusCode()).isEqualTo(400);
    assertThat(m.body()).contains(ProbeAttributes.TENANT);
    HttpResponse<String> m2 =
        post(
            "/v1/metrics",
            "application/x-protobuf",
            ProbeRequests.gauge(unknown, valid + "6"),
            probeKey);
    assertThat(m2.statusCode()).isEqualTo(400);

    assertThat(landedSpans("-refused-")).isEmpty();
    assertThat(landedPoints("-refused-")).isEmpty();
  }

  @Test
  void should_keepAnIngestKeysData_inItsOwnTenant_whateverTheResourceSays() throws Exception {
    String name = "ep-c-" + RUN + "-ingest";
    try (OtelSdkClient sdk =
        new OtelSdkClient(
            server.baseUrl,
            server.key,
            ProbeAttributes.SERVICE_NAME,
            Attributes.of(AttributeKey.stringKey(ProbeAttributes.TENANT), TENANT_A))) {
      sdk.tracer().spanBuilder(name).startSpan().end();
      sdk.meter()
          .gaugeBuilder(ProbeAttributes.METRIC_UP)
          .ofLongs()
          .build()
          .set(1, Attributes.of(AttributeKey.stringKey(ProbeAttributes.ENDPOINT_ID), name));
      assertThat(sdk.flush()).isTrue();
    }
    assertThat(landedSpans("-ingest")).isEqualTo(Map.of(name, List.of(server.tenant)));
    // closing the SDK exports the (cumulative) gauge once more: every copy stays in its tenant
    Map<String, List<String>> points = landedPoints("-ingest");
    assertThat(points).containsOnlyKeys(name);
    assertThat(points.get(name)).isNotEmpty().containsOnly(server.tenant);
  }

  @Test
  void should_denyTheWholeRequest_whenARegionIsNotTheKeys() throws Exception {
    // us-east is where US is probed, but the key is bound to eu-west: next to a valid eu-west check
    HttpResponse<String> r =
        post(
            "/v1/traces",
            "application/x-protobuf",
            concat(
                ProbeRequests.traces(TENANT_A, EU),
                ProbeRequests.tracesFrom("us-east", TENANT_A, US)),
            probeKey);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("'us-east'").contains("[eu-west]");
    assertThat(landedSpans("-eu")).isEmpty();
    assertThat(landedSpans("-us")).isEmpty();
  }

  @Test
  void should_refuseChecks_ofAnotherTenantsEndpoint_orOfAnotherRegions() throws Exception {
    // tenant B has no endpoint EU (it is tenant A's); US is tenant A's but probed from us-east only
    HttpResponse<String> other =
        post("/v1/traces", "application/x-protobuf", ProbeRequests.traces(TENANT_B, EU), probeKey);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(400);
    assertThat(other.body()).contains("tenant '" + TENANT_B + "' has no endpoint '" + EU + "'");
    HttpResponse<String> region =
        post("/v1/traces", "application/x-protobuf", ProbeRequests.traces(TENANT_A, US), probeKey);
    assertThat(region.statusCode()).as(region.body()).isEqualTo(400);
    assertThat(region.body()).contains("'" + US + "'").contains("not probed from region 'eu-west'");
    HttpResponse<String> point =
        post("/v1/metrics", "application/x-protobuf", ProbeRequests.gauge(TENANT_B, EU), probeKey);
    assertThat(point.statusCode()).as(point.body()).isEqualTo(400);
    assertThat(point.body()).contains("has no endpoint '" + EU + "'");
    assertThat(landedSpans("-eu")).isEmpty();
    assertThat(landedSpans("-us")).isEmpty();
    assertThat(landedPoints("-eu")).isEmpty();
  }

  @Test
  void should_refuseArbitrarySpansMetricsAndLogs_sentWithAProbeKey() throws Exception {
    // an application's telemetry, with the probe key, claiming tenant A from the key's region
    try (OtelSdkClient app =
        new OtelSdkClient(
            server.baseUrl,
            probeKey,
            "checkout",
            Attributes.of(
                AttributeKey.stringKey(ProbeAttributes.TENANT),
                TENANT_A,
                AttributeKey.stringKey(ProbeAttributes.REGION),
                "eu-west"))) {
      app.tracer().spanBuilder("GET /cart " + RUN + "-app").startSpan().end();
      assertThat(app.flush()).isFalse();
      assertThat(app.exportedSpans()).isZero();
    }
    HttpResponse<String> service =
        post(
            "/v1/traces",
            "application/json",
            ProbeRequests.json(TENANT_A, EU).replace(ProbeAttributes.SERVICE_NAME, "checkout"),
            probeKey);
    assertThat(service.statusCode()).as(service.body()).isEqualTo(400);
    assertThat(service.body()).contains("service.name").contains("'checkout'");
    // probe-shaped resource, but a span that is no check of an endpoint
    HttpResponse<String> span =
        post(
            "/v1/traces",
            "application/json",
            ProbeRequests.json(TENANT_A, EU).replace("\"" + ProbeAttributes.ENDPOINT_ID, "\"x"),
            probeKey);
    assertThat(span.statusCode()).as(span.body()).isEqualTo(400);
    assertThat(span.body()).contains(ProbeAttributes.ENDPOINT_ID);
    HttpResponse<String> metric =
        post(
            "/v1/metrics",
            "application/x-protobuf",
            ProbeRequests.gauge(TENANT_A, "http.server.active_requests", EU),
            probeKey);
    assertThat(metric.statusCode()).as(metric.body()).isEqualTo(400);
    assertThat(metric.body()).contains("'http.server.active_requests' is not a probe metric");
    HttpResponse<String> logs = post("/v1/logs", "application/json", "{}", probeKey);
    assertThat(logs.statusCode()).as(logs.body()).isEqualTo(400);
    assertThat(logs.body()).contains("not logs");
    assertThat(landedSpans("-app")).isEmpty();
    assertThat(landedSpans("-eu")).isEmpty();
    assertThat(landedPoints("-eu")).isEmpty();
  }

  @Test
  void should_dropWhatIsNoCheck_withPartialSuccess_whenTheRestIs() throws Exception {
    // an agent's batch in which one endpoint was just moved to another region still lands
    String mixed = "ep-b-" + RUN + "-mixed";
    HttpResponse<byte[]> r =
        IngestItServer.HTTP.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl + "/v1/traces"))
                .header("Authorization", "Bearer " + probeKey)
                .header("Content-Type", "application/x-protobuf")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        concat(
                            ProbeRequests.traces(TENANT_B, mixed),
                            ProbeRequests.traces(TENANT_A, US + "-mixed"))))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    ExportTracePartialSuccess partial =
        ExportTraceServiceResponse.parseFrom(r.body()).getPartialSuccess();
    assertThat(partial.getRejectedSpans()).isEqualTo(1);
    assertThat(partial.getErrorMessage()).contains("has no endpoint '" + US + "-mixed'");
    assertThat(landedSpans("-mixed")).isEqualTo(Map.of(mixed, List.of(TENANT_B)));
  }

  /** Two protobuf exports as one (repeated fields concatenate). */
  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Spans of this run whose name contains {@code marker}: name to the tenants (of key and header,
   * which must agree with each other) they landed under.
   */
  static Map<String, List<String>> landedSpans(String marker) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.OTLP_SPANS)) {
      String tenant = tenant(r);
      for (ResourceSpans rs :
          ExportTraceServiceRequest.parseFrom(r.value()).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            if (s.getName().contains(RUN) && s.getName().contains(marker)) {
              out.computeIfAbsent(s.getName(), k -> new ArrayList<>()).add(tenant);
            }
          }
        }
      }
    }
    return out;
  }

  /** The same for gauge points, by their endpoint id attribute. */
  static Map<String, List<String>> landedPoints(String marker) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(Topics.OTLP_METRICS)) {
      String tenant = tenant(r);
      for (ResourceMetrics rm :
          ExportMetricsServiceRequest.parseFrom(r.value()).getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
              for (KeyValue kv : p.getAttributesList()) {
                String id = kv.getValue().getStringValue();
                if (kv.getKey().equals(ProbeAttributes.ENDPOINT_ID)
                    && id.contains(RUN)
                    && id.contains(marker)) {
                  out.computeIfAbsent(id, k -> new ArrayList<>()).add(tenant);
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static String tenant(ConsumerRecord<String, byte[]> r) {
    String byKey = RecordKeys.tenantOf(r.key());
    String byHeader = RecordHeaders.read(r.headers(), RecordHeaders.TENANT).orElse(null);
    assertThat(byHeader).as("tenant header of " + r.key()).isEqualTo(byKey);
    return byKey;
  }
}
