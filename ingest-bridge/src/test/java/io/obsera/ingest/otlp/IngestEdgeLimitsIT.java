package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.ingest.limits.BrowserLimits;
import io.obsera.ingest.limits.InFlightLimits;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantLimits;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The edge limits over real HTTP and the shared Kafka: browser keys have their own smaller body
 * limit and rate, and the instance holds at most so many request bytes at once (all keys, and per
 * key), refusing more with 503 and Retry-After before reading the body; what was accepted lands.
 */
@ExtendWith(ObseraServersExtension.class)
class IngestEdgeLimitsIT {
  static final String ORIGIN = "https://shop.example";
  static final int BROWSER_BODY = 16 * 1024;
  static final int BROWSER_RATE = 4;
  static final int TENANT_RATE = 6;
  static final int LARGE = 600 * 1024;
  static final long IN_FLIGHT = 2_500 * 1024;
  static final long IN_FLIGHT_PER_KEY = 2 * 1024 * 1024;
  static final ExecutorService HOLDERS = Executors.newCachedThreadPool();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static ControlPlaneWriter control;
  static IngestService ingest;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    control = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
    ingest =
        new IngestService(
                IngestConfig.of(
                        "127.0.0.1", 0, kafka, "edge-limits-it", TestControlKeys.verifying())
                    .withMaxRequestBytes(1 << 20)
                    .withEdgeLimits(
                        new BrowserLimits(BROWSER_BODY, BROWSER_RATE),
                        new InFlightLimits(IN_FLIGHT, IN_FLIGHT_PER_KEY)))
            .start();
    url = "http://127.0.0.1:" + ingest.otlpHttpPort() + "/v1/traces";
  }

  @AfterAll
  static void stop() {
    HOLDERS.shutdownNow();
    ingest.close();
    control.close();
  }

  @Test
  void should_answer413NamingTheBrowserLimit_forABrowserBodyOverIt_butNotForOtherKeys()
      throws Exception {
    String tenant = tenant(null);
    String browser = key(tenant, Scope.BROWSER);
    String server = key(tenant, Scope.INGEST);
    byte[] body = spans(1, 20 * 1024).toByteArray();
    assertThat(body.length).isGreaterThan(BROWSER_BODY).isLessThan(1 << 20);

    HttpResponse<String> refused = send(post(browser, body).header("Origin", ORIGIN));
    HttpResponse<String> gzipped =
        send(post(browser, gzip(body)).header("Origin", ORIGIN).header("Content-Encoding", "gzip"));
    HttpResponse<String> accepted = send(post(server, body));

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body())
        .contains("exceeds the limit of " + BROWSER_BODY + " bytes")
        .contains("OBSERA_INGEST_BROWSER_MAX_REQUEST_BYTES");
    assertThat(gzipped.statusCode()).as("decompressed, it is over the limit too").isEqualTo(413);
    assertThat(gzipped.body()).contains("decompressed body exceeds the limit of " + BROWSER_BODY);
    assertThat(accepted.statusCode()).as("an ingest key has the service's limit").isEqualTo(200);
  }

  @Test
  void should_rateLimitABrowserKeyOnItsOwnRate_leavingTheTenantsRateToItsOtherKeys()
      throws Exception {
    String tenant = tenant(TENANT_RATE);
    String browser = key(tenant, Scope.BROWSER);
    String server = key(tenant, Scope.INGEST);
    byte[] four = spans(BROWSER_RATE, 16).toByteArray();

    // a copied browser key sends as fast as it can: it hits its own rate
    HttpResponse<String> limited = null;
    for (int i = 0; i < 10 && limited == null; i++) {
      HttpResponse<String> r = send(post(browser, four).header("Origin", ORIGIN));
      if (r.statusCode() == 429) {
        limited = r;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
    }
    // ... and the tenant's servers still have the tenant's whole rate (6/s, more than 4 + 4)
    HttpResponse<String> fromServer = send(post(server, four));

    assertThat(limited).as("the browser key was rate limited").isNotNull();
    assertThat(limited.headers().firstValue("Retry-After")).contains("1");
    assertThat(limited.body())
        .contains("browser key")
        .contains("over its rate of " + BROWSER_RATE + " items/s")
        .contains("OBSERA_INGEST_BROWSER_RATE");
    assertThat(fromServer.statusCode()).as(fromServer.body()).isEqualTo(200);
  }

  @Test
  void should_answer503WithRetryAfter_pastTheInFlightBudget_whileOtherKeysGetThrough()
      throws Exception {
    String tenant = tenant(null);
    String flooder = key(tenant, Scope.INGEST);
    String second = key(tenant, Scope.INGEST);
    String other = key(tenant, Scope.INGEST);
    List<String> accepted = new ArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Integer>> held = new ArrayList<>();
    List<String> heldTraces = new ArrayList<>();
    try {
      // three large bodies of one key, sent slowly: 1.8 MB held of its 2 MiB share
      for (int i = 0; i < 3; i++) {
        ExportTraceServiceRequest r = spans(40, LARGE / 40);
        heldTraces.add(traceOf(r));
        held.add(hold(flooder, r.toByteArray(), release));
      }
      // a fourth large body of that key does not fit its share
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> sendLarge(flooder, accepted).statusCode() == 503);

      // many concurrent large bodies past the budget: refused at once, before they are read
      List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        flood.add(sendAsync(post(flooder, spans(40, LARGE / 40).toByteArray())));
      }
      // a chunked body (no Content-Length) is counted as it is read
      ExportTraceServiceRequest chunkedBody = spans(40, LARGE / 40);
      CompletableFuture<HttpResponse<String>> chunked =
          sendAsync(
              post(flooder, null)
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new java.io.ByteArrayInputStream(chunkedBody.toByteArray()))));
      for (CompletableFuture<HttpResponse<String>> f : flood) {
        HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(r.body()).contains("OBSERA_INGEST_MAX_INFLIGHT_BYTES_PER_KEY");
      }
      assertThat(chunked.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);

      // another key's large body held too: 2.4 MB in flight, the instance's budget is 2.5 MiB
      ExportTraceServiceRequest secondHeld = spans(40, LARGE / 40);
      heldTraces.add(traceOf(secondHeld));
      held.add(hold(second, secondHeld.toByteArray(), release));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> sendLarge(second, accepted).statusCode() == 503);
      HttpResponse<String> overInstance = sendLarge(second, accepted);
      ExportTraceServiceRequest small = spans(2, 64);
      HttpResponse<String> smallOther = send(post(other, small.toByteArray()));

      assertThat(overInstance.statusCode()).isEqualTo(503);
      assertThat(overInstance.headers().firstValue("Retry-After")).contains("1");
      assertThat(overInstance.body())
          .contains("this ingest instance holds")
          .contains("limit of " + IN_FLIGHT + " bytes (OBSERA_INGEST_MAX_INFLIGHT_BYTES)");
      assertThat(smallOther.statusCode()).as(smallOther.body()).isEqualTo(200);
      accepted.add(traceOf(small));
      assertThat(held).noneMatch(CompletableFuture::isDone);
    } finally {
      release.countDown();
    }
    for (CompletableFuture<Integer> h : held) {
      assertThat(h.get(60, TimeUnit.SECONDS))
          .as("held bodies are accepted once sent")
          .isEqualTo(200);
    }
    accepted.addAll(heldTraces);
    // once the held bodies are answered, their bytes are free again
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sendLarge(flooder, accepted).statusCode() == 200);

    // nothing accepted is lost
    Set<String> landed =
        TestKafka.readAll(Topics.OTLP_SPANS).stream()
            .map(ConsumerRecord::key)
            .collect(Collectors.toSet());
    for (String trace : accepted) {
      assertThat(landed).contains(tenant + "|" + trace);
    }
  }

  /** A large body of {@code key}; its trace id joins {@code accepted} when answered 200. */
  static HttpResponse<String> sendLarge(String key, List<String> accepted) throws Exception {
    ExportTraceServiceRequest r = spans(40, LARGE / 40);
    HttpResponse<String> response = send(post(key, r.toByteArray()));
    if (response.statusCode() == 200) {
      accepted.add(traceOf(r));
    }
    return response;
  }

  /** A new tenant, with its own rate when {@code itemsPerSecond} is not null. */
  static String tenant(Integer itemsPerSecond) {
    String tenant = "edge-" + UUID.randomUUID().toString().substring(0, 8);
    control.putTenant(
        new TenantRecord(
            tenant,
            tenant,
            Instant.now(),
            "test",
            new TenantLimits(null, null, null, null, itemsPerSecond),
            null));
    return tenant;
  }

  /** A new key of {@code scope} (browser keys: for {@link #ORIGIN}), once the service takes it. */
  static String key(String tenant, Scope scope) {
    ApiKeyToken token = ApiKeyToken.generate();
    control.putApiKey(
        new ApiKeyRecord(
            token.keyId(),
            tenant,
            token.secretSha256(),
            Set.of(scope),
            "it",
            Instant.now(),
            null,
            "test",
            scope == Scope.BROWSER ? Set.of(ORIGIN) : Set.of()));
    byte[] empty = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> send(post(token.token(), empty).header("Origin", ORIGIN)).statusCode() == 200);
    return token.token();
  }

  /** {@code count} spans, each of its own trace, with an attribute of {@code bytes} characters. */
  static ExportTraceServiceRequest spans(int count, int bytes) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    String value = "x".repeat(bytes);
    for (int i = 0; i < count; i++) {
      byte[] trace = HexFormat.of().parseHex(UUID.randomUUID().toString().replace("-", ""));
      ss.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
              .setName("edge")
              .addAttributes(
                  KeyValue.newBuilder()
                      .setKey("payload")
                      .setValue(AnyValue.newBuilder().setStringValue(value))));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build();
  }

  /** The trace id of the request's first span, hex. */
  static String traceOf(ExportTraceServiceRequest r) {
    return HexFormat.of()
        .formatHex(r.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray());
  }

  static HttpRequest.Builder post(String key, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/x-protobuf");
    return body == null ? b : b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] gzip(byte[] body) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  /**
   * POSTs {@code body} over a raw socket: headers with its Content-Length at once, then 1 KiB every
   * 200 ms (above the server's minimum data rate) until {@code release}, then the rest. Completes
   * with the answer's status (0: the connection failed).
   */
  static CompletableFuture<Integer> hold(String key, byte[] body, CountDownLatch release) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket socket = new Socket("127.0.0.1", ingest.otlpHttpPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                ("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + key
                        + "\r\nContent-Type: application/x-protobuf\r\nContent-Length: "
                        + body.length
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int sent = 0;
            while (!release.await(200, TimeUnit.MILLISECONDS) && sent < body.length - 1024) {
              out.write(body, sent, 1024);
              out.flush();
              sent += 1024;
            }
            out.write(body, sent, body.length - sent);
            out.flush();
            String status =
                new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
          } catch (IOException | InterruptedException | RuntimeException e) {
            return 0;
          }
        },
        HOLDERS);
  }
}
