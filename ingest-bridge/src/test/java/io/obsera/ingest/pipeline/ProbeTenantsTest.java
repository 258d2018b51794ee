package io.obsera.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ProbeTenantsTest {
  static final Predicate<String> KNOWN = Set.of("acme", "globex")::contains;

  static Resource resource(AnyValue tenant) {
    Resource.Builder r =
        Resource.newBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue("obsera-probe")));
    if (tenant != null) {
      r.addAttributes(KeyValue.newBuilder().setKey(ProbeAttributes.TENANT).setValue(tenant));
    }
    return r.build();
  }

  static AnyValue text(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static ExportTraceServiceRequest traces(AnyValue... tenants) {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    for (AnyValue t : tenants) {
      b.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(t)));
    }
    return b.build();
  }

  @Test
  void should_groupResources_byTheTenantTheyName_inRequestOrder() {
    ExportTraceServiceRequest req = traces(text("globex"), text("acme"), text("globex"));
    Map<String, ExportTraceServiceRequest> split = ProbeTenants.traces(req, KNOWN);
    assertThat(split.keySet()).containsExactly("globex", "acme");
    assertThat(split.get("globex").getResourceSpansList())
        .containsExactly(req.getResourceSpans(0), req.getResourceSpans(2));
    assertThat(split.get("acme").getResourceSpansList()).containsExactly(req.getResourceSpans(1));
    assertThat(ProbeTenants.traces(traces(), KNOWN)).isEmpty();

    ExportMetricsServiceRequest m =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(text("acme"))))
            .build();
    assertThat(ProbeTenants.metrics(m, KNOWN).get("acme").getResourceMetricsList())
        .containsExactlyElementsOf(m.getResourceMetricsList());
  }

  @Test
  void should_refuseTheRequest_whenAResourceHasNoKnownTenant() {
    for (ExportTraceServiceRequest bad :
        List.of(
            traces(text("acme"), (AnyValue) null),
            traces(text("acme"), text("")),
            traces(AnyValue.newBuilder().setIntValue(7).build()),
            traces(text("globex"), text("initech")))) {
      assertThatThrownBy(() -> ProbeTenants.traces(bad, KNOWN))
          .isInstanceOfSatisfying(
              IngestError.class,
              e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_ARGUMENT))
          .hasMessageContaining(ProbeAttributes.TENANT);
    }
    assertThatThrownBy(() -> ProbeTenants.traces(traces(text("initech")), KNOWN))
        .hasMessageContaining("initech");
    ExportMetricsServiceRequest m =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(null)))
            .build();
    assertThatThrownBy(() -> ProbeTenants.metrics(m, KNOWN))
        .hasMessageContaining(ProbeAttributes.TENANT);
  }
}
