package io.obsera.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.obsera.ingest.pipeline.IngestError;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class RequestLimiterTest {
  static final IngestLimits SMALL = new IngestLimits(10, 3, 5, 2, 25);

  static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static AnyValue nested(int depth) {
    AnyValue v = AnyValue.newBuilder().setIntValue(1).build();
    for (int i = 0; i < depth; i++) {
      v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    return v;
  }

  static ExportTraceServiceRequest spans(int count, Span template) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < count; i++) {
      ss.addSpans(
          template.toBuilder()
              .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i})));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build();
  }

  @Test
  void should_returnTheSameRequest_whenWithinLimits() {
    ExportTraceServiceRequest req =
        spans(2, Span.newBuilder().addAttributes(str("a", "short")).build());
    assertThat(new RequestLimiter(SMALL).apply("t", req)).isSameAs(req);
  }

  @Test
  void should_truncateLongValues_dropExtraAndDeepAttributes_andCountThem() {
    Span span =
        Span.newBuilder()
            .addAttributes(str("long", "abcdefghij"))
            .addAttributes(KeyValue.newBuilder().setKey("deep").setValue(nested(3)))
            .addAttributes(str("b", "x"))
            .addAttributes(str("c", "y"))
            .addAttributes(str("d", "z"))
            .setDroppedAttributesCount(1)
            .addEvents(Span.Event.newBuilder().setName("e").addAttributes(str("msg", "0123456789")))
            .build();

    Span limited =
        new RequestLimiter(SMALL)
            .apply("t", spans(1, span))
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);

    assertThat(limited.getAttributesList())
        .extracting(KeyValue::getKey)
        .containsExactly("long", "b", "c");
    assertThat(limited.getAttributes(0).getValue().getStringValue()).isEqualTo("abcde");
    assertThat(limited.getDroppedAttributesCount())
        .isEqualTo(1 + 2); // "deep" (depth 3 > 2) and "d"
    assertThat(limited.getEvents(0).getAttributes(0).getValue().getStringValue())
        .isEqualTo("01234");
  }

  @Test
  void should_limitLogAndResourceAttributes() {
    ExportLogsServiceRequest req =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(str("r1", "1"))
                            .addAttributes(str("r2", "2"))
                            .addAttributes(str("r3", "3"))
                            .addAttributes(str("r4", "4")))
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder().addAttributes(str("k", "0123456789")))))
            .build();

    ExportLogsServiceRequest out = new RequestLimiter(SMALL).apply("t", req);

    assertThat(out.getResourceLogs(0).getResource().getAttributesCount()).isEqualTo(3);
    assertThat(out.getResourceLogs(0).getResource().getDroppedAttributesCount()).isEqualTo(1);
    assertThat(
            out.getResourceLogs(0)
                .getScopeLogs(0)
                .getLogRecords(0)
                .getAttributes(0)
                .getValue()
                .getStringValue())
        .isEqualTo("01234");
  }

  @Test
  void should_reject_tooManyItemsInOneRequest_withTheLimitNamed() {
    assertThatThrownBy(
            () -> new RequestLimiter(SMALL).apply("t", spans(11, Span.getDefaultInstance())))
        .isInstanceOfSatisfying(
            IngestError.class, e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.TOO_LARGE))
        .hasMessageContaining("11 spans")
        .hasMessageContaining("OBSERA_INGEST_MAX_ITEMS_PER_REQUEST");
  }

  @Test
  void should_applyATenantsOverrides_overTheDefaults() {
    java.util.Map<String, io.obsera.model.control.TenantLimits> overrides =
        new java.util.HashMap<>();
    overrides.put("small", new io.obsera.model.control.TenantLimits(2, null, null, null, null));
    RequestLimiter limiter = new RequestLimiter(SMALL, overrides::get, BrowserLimits.defaults());

    limiter.apply("other", spans(10, Span.getDefaultInstance()));
    assertThatThrownBy(() -> limiter.apply("small", spans(3, Span.getDefaultInstance())))
        .hasMessageContaining("limit of 2");

    overrides.put("small", new io.obsera.model.control.TenantLimits(null, null, null, null, null));
    limiter.apply("small", spans(3, Span.getDefaultInstance()));
  }

  @Test
  void should_rateLimitPerTenant_withRetryAfter() {
    RequestLimiter limiter = new RequestLimiter(SMALL);
    limiter.apply("busy", spans(10, Span.getDefaultInstance()));
    limiter.apply("busy", spans(10, Span.getDefaultInstance()));

    assertThatThrownBy(() -> limiter.apply("busy", spans(10, Span.getDefaultInstance())))
        .isInstanceOfSatisfying(
            IngestError.class,
            e -> {
              assertThat(e.kind()).isEqualTo(IngestError.Kind.RATE_LIMITED);
              assertThat(e.retryAfterSeconds()).isEqualTo(1);
            })
        .hasMessageContaining("tenant busy");
    // Another tenant has its own budget.
    limiter.apply("quiet", spans(10, Span.getDefaultInstance()));
  }

  @Test
  void should_rateLimitABrowserKeyOnItsOwnRate_apartFromItsTenants() {
    RequestLimiter limiter =
        new RequestLimiter(
            SMALL,
            tenant -> null,
            new BrowserLimits(BrowserLimits.defaults().maxRequestBytes(), 8));
    limiter.apply("shop", "web1", spans(8, Span.getDefaultInstance()));

    assertThatThrownBy(() -> limiter.apply("shop", "web1", spans(1, Span.getDefaultInstance())))
        .isInstanceOfSatisfying(
            IngestError.class, e -> assertThat(e.kind()).isEqualTo(IngestError.Kind.RATE_LIMITED))
        .hasMessageContaining("browser key web1 is over its rate of 8 items/s")
        .hasMessageContaining("OBSERA_INGEST_BROWSER_RATE");
    // the tenant's other keys keep the tenant's whole rate (25/s), another browser key its own
    limiter.apply("shop", spans(10, Span.getDefaultInstance()));
    limiter.apply("shop", spans(10, Span.getDefaultInstance()));
    limiter.apply("shop", "web2", spans(8, Span.getDefaultInstance()));
  }
}
