package io.obsera.probe.report;

import static io.obsera.testing.ProbeResults.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.testing.LocalHttpServer;
import io.obsera.testing.LocalHttpServer.Reply;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reporter against a local server playing the ingest bridge's answers. */
class ResultReporterTest {
  static final String KEY = "probe-key-1";
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  ResultReporter reporter(String url, int bufferMax, int batchMax) {
    ResultReporter r = new ResultReporter(URI.create(url), KEY, bufferMax, batchMax, 100, 400);
    toClose.add(0, r);
    return r;
  }

  LocalHttpServer server(LocalHttpServer s) {
    toClose.add(s);
    return s;
  }

  static List<HealthCheck> results(int n) {
    List<HealthCheck> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(result("acme", "e" + (i % 3), "eu-west", CheckOutcome.UP, Instant.now()));
    }
    return out;
  }

  /** Trace ids of the spans in the requests to /v1/traces that got {@code status}. */
  static List<String> spanTraceIds(List<LocalHttpServer.Seen> seen) throws Exception {
    List<String> ids = new ArrayList<>();
    for (LocalHttpServer.Seen s : seen) {
      if (s.path().equals("/v1/traces")) {
        for (var rs : ExportTraceServiceRequest.parseFrom(s.body()).getResourceSpansList()) {
          for (var ss : rs.getScopeSpansList()) {
            ss.getSpansList()
                .forEach(sp -> ids.add(HexFormat.of().formatHex(sp.getTraceId().toByteArray())));
          }
        }
      }
    }
    return ids;
  }

  static int metricPoints(List<LocalHttpServer.Seen> seen) throws Exception {
    int n = 0;
    for (LocalHttpServer.Seen s : seen) {
      if (s.path().equals("/v1/metrics")) {
        for (var rm : ExportMetricsServiceRequest.parseFrom(s.body()).getResourceMetricsList()) {
          for (var sm : rm.getScopeMetricsList()) {
            for (var m : sm.getMetricsList()) {
              n += m.getGauge().getDataPointsCount();
            }
          }
        }
      }
    }
    return n;
  }

  static List<String> ids(List<HealthCheck> checks) {
    return checks.stream().map(HealthCheck::traceId).toList();
  }

  @Test
  void should_sendBothSignals_inBatches_withTheProbeKey() throws Exception {
    LocalHttpServer ingest = server(LocalHttpServer.http().respond(s -> Reply.of(200, "")));
    ResultReporter r = reporter(ingest.url(""), 1_000, 10);
    List<HealthCheck> checks = results(25);
    checks.forEach(r::accept);
    r.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> r.sent()[0] == 25 && r.sent()[1] == 25);
    List<LocalHttpServer.Seen> seen = ingest.seen();
    assertThat(spanTraceIds(seen)).containsExactlyElementsOf(ids(checks));
    assertThat(metricPoints(seen)).isEqualTo(2 * 25);
    assertThat(seen.stream().filter(s -> s.path().equals("/v1/traces")).count()).isEqualTo(3);
    assertThat(seen)
        .allSatisfy(
            s -> {
              assertThat(s.method()).isEqualTo("POST");
              assertThat(s.header("Authorization")).isEqualTo("Bearer " + KEY);
              assertThat(s.header("Content-Type")).isEqualTo("application/x-protobuf");
            });
    assertThat(r.pending()).isZero();
  }

  @Test
  void should_retryInOrder_on5xxAnd429_untilAccepted() throws Exception {
    AtomicInteger traceCalls = new AtomicInteger();
    LocalHttpServer ingest =
        server(
            LocalHttpServer.http()
                .respond(
                    s -> {
                      if (!s.path().equals("/v1/traces")) {
                        return Reply.of(200, "");
                      }
                      int n = traceCalls.incrementAndGet();
                      if (n <= 2) {
                        return Reply.of(503, "kafka unavailable");
                      }
                      if (n == 3) {
                        return Reply.of(429, "slow down").withHeader("Retry-After", "1");
                      }
                      return Reply.of(200, "");
                    }));
    ResultReporter r = reporter(ingest.url(""), 1_000, 100);
    List<HealthCheck> first = results(4);
    first.forEach(r::accept);
    r.start();
    long t0 = System.nanoTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> traceCalls.get() >= 2);
    List<HealthCheck> later = results(3);
    later.forEach(r::accept);

    await().atMost(Duration.ofSeconds(15)).until(() -> r.sent()[0] == 7);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    List<LocalHttpServer.Seen> traces =
        ingest.seen().stream().filter(s -> s.path().equals("/v1/traces")).toList();
    List<String> accepted = spanTraceIds(traces.subList(3, traces.size()));
    List<String> expected = new ArrayList<>(ids(first));
    expected.addAll(ids(later));
    assertThat(accepted)
        .as("each result accepted once, in order")
        .containsExactlyElementsOf(expected);
    assertThat(spanTraceIds(traces.subList(0, 1))).containsExactlyElementsOf(ids(first));
    assertThat(tookMs).as("waited the Retry-After second").isGreaterThanOrEqualTo(1_000);
    assertThat(r.droppedRefused()).isZero();
    assertThat(r.droppedOverflow()).isZero();
  }

  @Test
  void should_dropAndCount_aBadRequest_withoutRetrying() throws Exception {
    AtomicInteger status = new AtomicInteger(400);
    LocalHttpServer ingest =
        server(LocalHttpServer.http().respond(s -> Reply.of(status.get(), "{\"error\":\"bad\"}")));
    ResultReporter r = reporter(ingest.url(""), 1_000, 100).start();
    results(3).forEach(r::accept);

    await().atMost(Duration.ofSeconds(10)).until(() -> r.droppedRefused() == 6);
    Thread.sleep(600); // several backoff periods: a retry would show up now
    assertThat(ingest.seen()).hasSize(2);
    assertThat(r.pending()).isZero();

    status.set(200);
    List<HealthCheck> next = results(2);
    next.forEach(r::accept);
    await().atMost(Duration.ofSeconds(10)).until(() -> r.sent()[0] == 2 && r.sent()[1] == 2);
    assertThat(spanTraceIds(ingest.seen().subList(2, ingest.seen().size())))
        .containsExactlyElementsOf(ids(next));
  }

  @Test
  void should_keepTheNewestResults_whenTheBufferOverflowsWhileUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ResultReporter r = reporter("http://127.0.0.1:" + port, 5, 100).start();
    List<HealthCheck> checks = results(8);
    checks.forEach(r::accept);
    await().atMost(Duration.ofSeconds(5)).until(() -> r.droppedOverflow() == 6);
    assertThat(r.pending()).isEqualTo(5);
    Thread.sleep(500); // a few failed attempts against the closed port

    LocalHttpServer ingest = server(LocalHttpServer.http(port).respond(s -> Reply.of(200, "")));
    await().atMost(Duration.ofSeconds(10)).until(() -> r.sent()[0] == 5 && r.sent()[1] == 5);
    assertThat(spanTraceIds(ingest.seen())).containsExactlyElementsOf(ids(checks.subList(3, 8)));
    assertThat(metricPoints(ingest.seen())).isEqualTo(2 * 5);
  }

  @Test
  void should_sendOneRequestPerTenant_soARefusedTenantDropsOnlyItsOwnResults() throws Exception {
    LocalHttpServer ingest =
        server(
            LocalHttpServer.http()
                .respond(
                    s -> {
                      boolean gone = s.bodyText().contains("gone-tenant");
                      return gone ? Reply.of(400, "unknown tenant") : Reply.of(200, "");
                    }));
    ResultReporter r = reporter(ingest.url(""), 1_000, 100);
    List<HealthCheck> kept = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String tenant = i % 2 == 0 ? "acme" : "gone-tenant";
      HealthCheck c = result(tenant, "e" + i, "eu-west", CheckOutcome.UP, Instant.now());
      if (i % 2 == 0) {
        kept.add(c);
      }
      r.accept(c);
    }
    r.start();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> r.sent()[0] == 3 && r.sent()[1] == 3 && r.droppedRefused() == 6);
    assertThat(r.pending()).isZero();
    List<LocalHttpServer.Seen> traces =
        ingest.seen().stream().filter(s -> s.path().equals("/v1/traces")).toList();
    assertThat(traces).hasSize(2);
    assertThat(spanTraceIds(traces.subList(0, 1))).containsExactlyElementsOf(ids(kept));
  }
}
