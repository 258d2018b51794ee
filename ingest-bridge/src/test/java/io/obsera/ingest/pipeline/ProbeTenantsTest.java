package io.obsera.ingest.pipeline;

import static io.obsera.testing.EndpointBuilder.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.ingest.pipeline.ProbeTenants.Part;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeTenantsTest {
  static final Map<String, EndpointDefinition> ENDPOINTS =
      Map.of(
          "acme|home", endpoint("acme", "home", "https://acme.example/").regions("eu-west").build(),
          "acme|far", endpoint("acme", "far", "https://acme.example/").regions("ap-south").build(),
          "globex|shop",
              endpoint("globex", "shop", "https://globex.example/")
                  .regions("eu-west", "us-east")
                  .build());
  static final ProbeTenants.Catalog CATALOG =
      new ProbeTenants.Catalog() {
        @Override
        public boolean tenantExists(String tenant) {
          return Set.of("acme", "globex").contains(tenant);
        }

        @Override
        public Optional<EndpointDefinition> endpoint(String tenant, String endpointId) {
          return Optional.ofNullable(ENDPOINTS.get(tenant + "|" + endpointId));
        }
      };
  static final ApiKeyRecord EU_KEY = key(Set.of("eu-west"));

  static ApiKeyRecord key(Set<String> regions) {
    return new ApiKeyRecord(
        "k1",
        "ops",
        "0".repeat(64),
        Set.of(Scope.PROBE),
        "probe",
        Instant.EPOCH,
        null,
        "t",
        Set.of(),
        regions);
  }

  static KeyValue text(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static Resource resource(String service, AnyValue tenant, String region) {
    Resource.Builder r = Resource.newBuilder();
    if (service != null) {
      r.addAttributes(text("service.name", service));
    }
    if (tenant != null) {
      r.addAttributes(KeyValue.newBuilder().setKey(ProbeAttributes.TENANT).setValue(tenant));
    }
    if (region != null) {
      r.addAttributes(text(ProbeAttributes.REGION, region));
    }
    return r.build();
  }

  static Resource probe(String tenant) {
    return resource(ProbeAttributes.SERVICE_NAME, value(tenant), "eu-west");
  }

  static AnyValue value(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  /** A check span as the agent makes it: named by the endpoint id it carries. */
  static Span check(String endpointId) {
    return Span.newBuilder()
        .setName(endpointId)
        .addAttributes(text(ProbeAttributes.ENDPOINT_ID, endpointId))
        .build();
  }

  static ResourceSpans spans(Resource resource, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(resource)
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
        .build();
  }

  static ExportTraceServiceRequest traces(ResourceSpans... resources) {
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(resources)).build();
  }

  static Metric gauge(String name, String... endpointIds) {
    Gauge.Builder g = Gauge.newBuilder();
    for (String id : endpointIds) {
      g.addDataPoints(
          NumberDataPoint.newBuilder()
              .setAsInt(1)
              .addAttributes(text(ProbeAttributes.ENDPOINT_ID, id)));
    }
    return Metric.newBuilder().setName(name).setGauge(g).build();
  }

  static ExportMetricsServiceRequest metrics(Resource resource, Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }

  @Test
  void should_groupChecks_byTheTenantTheyName_inRequestOrder() {
    ExportTraceServiceRequest req =
        traces(
            spans(probe("globex"), check("shop")),
            spans(probe("acme"), check("home")),
            spans(probe("globex"), check("shop")));
    Map<String, Part<ExportTraceServiceRequest>> split = ProbeTenants.traces(req, EU_KEY, CATALOG);
    assertThat(split.keySet()).containsExactly("globex", "acme");
    assertThat(split.get("globex").request().getResourceSpansList())
        .containsExactly(req.getResourceSpans(0), req.getResourceSpans(2));
    assertThat(split.get("acme").request().getResourceSpansList())
        .containsExactly(req.getResourceSpans(1));
    assertThat(split.values()).allSatisfy(p -> assertThat(p.rejected()).isZero());
    assertThat(ProbeTenants.traces(traces(), EU_KEY, CATALOG)).isEmpty();

    ExportMetricsServiceRequest m =
        metrics(
            probe("acme"),
            gauge(ProbeAttributes.METRIC_UP, "home"),
            gauge(ProbeAttributes.METRIC_DURATION, "home"));
    assertThat(ProbeTenants.metrics(m, EU_KEY, CATALOG).get("acme").request()).isEqualTo(m);
  }

  @Test
  void should_refuseTheRequest_whenAResourceHasNoKnownTenant() {
    for (ExportTraceServiceRequest bad :
        List.of(
            traces(
                spans(probe("acme"), check("home")),
                spans(resource(ProbeAttributes.SERVICE_NAME, null, "eu-west"), check("home"))),
            traces(spans(probe(""), check("home"))),
            traces(
                spans(
                    resource(
                        ProbeAttributes.SERVICE_NAME,
                        AnyValue.newBuilder().setIntValue(7).build(),
                        "eu-west"),
                    check("home"))),
            traces(spans(probe("globex"), check("shop")), spans(probe("initech"), check("x"))))) {
      assertThatThrownBy(() -> ProbeTenants.traces(bad, EU_KEY, CATALOG))
          .isInstanceOfSatisfying(
              IngestError.class,
              e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_ARGUMENT))
          .hasMessageContaining(ProbeAttributes.TENANT);
    }
    assertThatThrownBy(() -> ProbeTenants.traces(traces(spans(probe("initech"))), EU_KEY, CATALOG))
        .hasMessageContaining("initech");
    assertThatThrownBy(
            () ->
                ProbeTenants.metrics(
                    metrics(resource(ProbeAttributes.SERVICE_NAME, null, "eu-west")),
                    EU_KEY,
                    CATALOG))
        .hasMessageContaining(ProbeAttributes.TENANT);
  }

  @Test
  void should_refuseTheRequest_whenAResourceIsNoProbeAgents() {
    for (Resource r :
        List.of(
            resource("checkout", value("acme"), "eu-west"),
            resource(null, value("acme"), "eu-west"))) {
      assertThatThrownBy(
              () -> ProbeTenants.traces(traces(spans(r, check("home"))), EU_KEY, CATALOG))
          .isInstanceOfSatisfying(
              IngestError.class,
              e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_ARGUMENT))
          .hasMessageContaining("service.name")
          .hasMessageContaining(ProbeAttributes.SERVICE_NAME);
    }
    assertThatThrownBy(
            () ->
                ProbeTenants.metrics(
                    metrics(
                        resource(ProbeAttributes.SERVICE_NAME, value("acme"), null),
                        gauge(ProbeAttributes.METRIC_UP, "home")),
                    EU_KEY,
                    CATALOG))
        .isInstanceOfSatisfying(
            IngestError.class,
            e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_ARGUMENT))
        .hasMessageContaining(ProbeAttributes.REGION);
  }

  @Test
  void should_denyTheRequest_whenARegionIsNotTheKeys() {
    ExportTraceServiceRequest fromUs =
        traces(
            spans(probe("acme"), check("home")),
            spans(
                resource(ProbeAttributes.SERVICE_NAME, value("globex"), "us-east"), check("shop")));
    assertThatThrownBy(() -> ProbeTenants.traces(fromUs, EU_KEY, CATALOG))
        .isInstanceOfSatisfying(
            IngestError.class,
            e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.PERMISSION_DENIED))
        .hasMessageContaining("'us-east'")
        .hasMessageContaining("[eu-west]");
    // a probe key written before regions existed reports from none
    assertThatThrownBy(
            () ->
                ProbeTenants.traces(
                    traces(spans(probe("acme"), check("home"))), key(Set.of()), CATALOG))
        .isInstanceOfSatisfying(
            IngestError.class,
            e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.PERMISSION_DENIED));
    assertThat(ProbeTenants.traces(fromUs, key(Set.of("eu-west", "us-east")), CATALOG).keySet())
        .containsExactly("acme", "globex");
  }

  @Test
  void should_dropSpansThatAreNoChecksOfTheRegionsEndpoints_andCountThem() {
    Span other = Span.newBuilder().setName("GET /cart").build();
    Span renamed = check("home").toBuilder().setName("GET /admin").build();
    ExportTraceServiceRequest req =
        traces(
            spans(probe("acme"), check("home"), check("far"), check("shop"), other, renamed),
            spans(probe("globex"), check("home"), check("shop")));
    Map<String, Part<ExportTraceServiceRequest>> split = ProbeTenants.traces(req, EU_KEY, CATALOG);
    assertThat(split.get("acme").request().getResourceSpans(0).getScopeSpans(0).getSpansList())
        .containsExactly(check("home"));
    assertThat(split.get("acme").rejected()).isEqualTo(4);
    assertThat(split.get("globex").request().getResourceSpans(0).getScopeSpans(0).getSpansList())
        .containsExactly(check("shop"));
    assertThat(split.get("globex").rejected()).isEqualTo(1);
    assertThat(split.get("globex").rejectReason())
        .isEqualTo("span 'home': tenant 'globex' has no endpoint 'home'");
  }

  @Test
  void should_refuseTheRequest_whenNoItemIsACheck_namingWhy() {
    assertThatThrownBy(
            () -> ProbeTenants.traces(traces(spans(probe("acme"), check("far"))), EU_KEY, CATALOG))
        .isInstanceOfSatisfying(
            IngestError.class,
            e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_ARGUMENT))
        .hasMessageContaining("'far'")
        .hasMessageContaining("not probed from region 'eu-west'");
    assertThatThrownBy(
            () ->
                ProbeTenants.traces(traces(spans(probe("globex"), check("home"))), EU_KEY, CATALOG))
        .hasMessageContaining("tenant 'globex' has no endpoint 'home'");
    assertThatThrownBy(
            () ->
                ProbeTenants.traces(
                    traces(spans(probe("acme"), Span.newBuilder().setName("x").build())),
                    EU_KEY,
                    CATALOG))
        .hasMessageContaining(ProbeAttributes.ENDPOINT_ID);
    Metric counter =
        Metric.newBuilder()
            .setName(ProbeAttributes.METRIC_UP)
            .setSum(Sum.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(1)))
            .build();
    for (Metric bad : List.of(gauge("http.server.duration", "home"), counter)) {
      assertThatThrownBy(() -> ProbeTenants.metrics(metrics(probe("acme"), bad), EU_KEY, CATALOG))
          .isInstanceOfSatisfying(
              IngestError.class,
              e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_ARGUMENT))
          .hasMessageContaining("is not a probe metric");
    }
    assertThatThrownBy(
            () ->
                ProbeTenants.metrics(
                    metrics(probe("acme"), gauge(ProbeAttributes.METRIC_UP, "far")),
                    EU_KEY,
                    CATALOG))
        .hasMessageContaining("not probed from region 'eu-west'");
  }

  @Test
  void should_keepOnlyTheValidPointsOfAProbeGauge() {
    Map<String, Part<ExportMetricsServiceRequest>> split =
        ProbeTenants.metrics(
            metrics(
                probe("acme"),
                gauge(ProbeAttributes.METRIC_UP, "home", "far", "nope"),
                gauge("custom.metric", "home")),
            EU_KEY,
            CATALOG);
    Part<ExportMetricsServiceRequest> acme = split.get("acme");
    List<Metric> kept = acme.request().getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(kept).containsExactly(gauge(ProbeAttributes.METRIC_UP, "home"));
    assertThat(acme.rejected()).isEqualTo(3);
  }
}
