package io.obsera.bench;

import static io.obsera.bench.OtlpValues.num;
import static io.obsera.bench.OtlpValues.str;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.SplittableRandom;

/**
 * Realistic OTLP export requests: traces of a few services, 8 spans each (server, client, db), HTTP
 * and DB attributes, some errors; 512 spans per request like the SDK's batch processor.
 */
public final class SpanGenerator {
  private static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "inventory"};
  private static final String[] ROUTES = {
    "/api/cart", "/api/checkout", "/api/items/{id}", "/health"
  };
  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-south-1"};

  private final SplittableRandom random;

  public SpanGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public ExportTraceServiceRequest request(int spans, long nowNanos) {
    String service = SERVICES[random.nextInt(SERVICES.length)];
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.okhttp-3.0")
                    .setVersion("2.9.0"));
    int perTrace = 8;
    for (int t = 0; t < spans / perTrace; t++) {
      byte[] traceId = OtlpValues.id(random, 16);
      byte[] rootId = OtlpValues.id(random, 8);
      long start = nowNanos - random.nextLong(5_000_000_000L);
      for (int i = 0; i < perTrace; i++) {
        boolean root = i == 0;
        boolean db = i % 3 == 2;
        long duration = 200_000 + random.nextLong(root ? 400_000_000 : 50_000_000);
        Span.Builder s =
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(
                    root
                        ? ByteString.copyFrom(rootId)
                        : ByteString.copyFrom(OtlpValues.id(random, 8)))
                .setParentSpanId(root ? ByteString.EMPTY : ByteString.copyFrom(rootId))
                .setName(
                    db
                        ? "SELECT inventory.items"
                        : (root ? "GET " : "POST ") + ROUTES[random.nextInt(ROUTES.length)])
                .setKind(root ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(start + i * 1_000_000L)
                .setEndTimeUnixNano(start + i * 1_000_000L + duration)
                .addAttributes(str("http.request.method", root ? "GET" : "POST"))
                .addAttributes(str("url.path", ROUTES[random.nextInt(ROUTES.length)]))
                .addAttributes(
                    num("http.response.status_code", random.nextInt(100) < 3 ? 500 : 200))
                .addAttributes(
                    str(
                        "server.address",
                        SERVICES[random.nextInt(SERVICES.length)] + ".svc.cluster.local"))
                .addAttributes(
                    str(
                        "user_agent.original",
                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"));
        if (db) {
          s.addAttributes(str("db.system", "postgresql"))
              .addAttributes(
                  str(
                      "db.statement",
                      "SELECT id, sku, qty FROM items WHERE sku = $1 AND warehouse = $2"));
        }
        if (random.nextInt(100) < 3) {
          s.setStatus(
              Status.newBuilder()
                  .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                  .setMessage("upstream timeout"));
        }
        scope.addSpans(s);
      }
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(str("service.name", service))
                        .addAttributes(str("service.version", "1.4." + random.nextInt(20)))
                        .addAttributes(
                            str(
                                "host.name",
                                "ip-10-0-" + random.nextInt(255) + "-" + random.nextInt(255)))
                        .addAttributes(str("cloud.region", REGIONS[random.nextInt(REGIONS.length)]))
                        .addAttributes(
                            str("k8s.pod.name", service + "-7d9f8c6b5-" + random.nextInt(100000)))
                        .addAttributes(str("telemetry.sdk.language", "java")))
                .addScopeSpans(scope))
        .build();
  }
}
