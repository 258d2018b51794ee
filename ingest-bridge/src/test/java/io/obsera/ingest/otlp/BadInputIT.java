package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.IngestService;
import io.obsera.ingest.limits.IngestLimits;
import io.obsera.ingest.otlp.BadInputCase.Limited;
import io.obsera.ingest.pipeline.Signal;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad-input suite of issue #3: at least 1,000 requests generated from a seed ({@code
 * -Dobsera.badinput.seed=N} replays a run; the seed is printed) against one ingest service with
 * small limits. Each gets the answer the README documents, the service stays healthy, and nothing
 * from a refused request or a dropped item reaches Kafka, while every kept item does, once.
 *
 * <p>Families, for each signal (and each encoding where both apply):
 *
 * <ul>
 *   <li>{@code pb-truncated}, {@code pb-random}, {@code pb-bit-flipped}: protobuf that
 *       protobuf-java cannot decode (mutations that still decode are not bad input and are
 *       redrawn): 400, a google.rpc.Status naming the request message.
 *   <li>{@code pb-too-deep}: AnyValues nested past protobuf's recursion limit: 400.
 *   <li>{@code json-truncated}, {@code json-wrong-type}, {@code json-not-object}, {@code
 *       json-garbage} (random bytes, invalid UTF-8): 400, a JSON Status saying "(JSON)".
 *   <li>{@code json-bad-hex}, {@code json-odd-hex}: ids that are not hex: 400 naming "hex".
 *   <li>{@code json-too-deep}: nesting past 64 levels: 400 naming the nesting depth.
 *   <li>{@code wrong-id-lengths}: span, parent span, log and exemplar ids of wrong lengths among
 *       valid items: 200 with partial_success holding the exact rejected count; valid items land.
 *   <li>{@code attribute-limits}: huge strings (also of surrogate pairs), too many attributes,
 *       AnyValues nested past the depth limit: 200; Kafka holds the truncated values, the first
 *       attributes and dropped_attributes_count increased by what was dropped.
 *   <li>{@code too-many-items}: more spans, log records or data points than allowed: 413.
 *   <li>{@code wrong-content-type} (or none): 415 naming Content-Type; {@code
 *       unsupported-encoding}: 415 naming Content-Encoding.
 *   <li>{@code gzip-bomb}: a small gzip body that inflates past the limit: 413; {@code
 *       gzip-corrupt}: 400 naming gzip; {@code gzip-valid}: 200.
 *   <li>{@code oversized-declared}, {@code oversized-chunked}: bodies over the limit, with a
 *       Content-Length or chunked (up to six times the limit): 413 naming the limit.
 *   <li>{@code bad-key}: no Authorization, not Bearer, unknown key: 401; query-only key: 403.
 *   <li>{@code valid-control}: valid requests (some chunked) mixed in: 200, all items land.
 *   <li>{@code wrong-link-ids} ({@link SpanLinkCases}): span links with a trace or span id of a
 *       wrong length: 200 with nothing rejected; each such link is dropped and counted in the
 *       span's dropped_links_count, valid links and the span land.
 *   <li>slow bodies (raw sockets, {@link SlowBodyClient}): a body trickled slowly but steadily is
 *       accepted; a stalled body and a body trickled a byte at a time are answered or closed within
 *       a bounded time; a Content-Length far over the limit is refused before the body is sent; a
 *       normal export succeeds while they hang on.
 *   <li>slow headers (slowloris): request headers trickled a byte at a time, or stalled after a few
 *       bytes: the connection is closed within a few header deadlines ({@code
 *       OBSERA_INGEST_HEADER_TIMEOUT_MS}, 2 s here); a keep-alive connection idle between two
 *       requests for longer than the deadline still serves the second.
 *   <li>gRPC ({@link BadInputGrpc}): undecodable and truncated messages, oversized messages,
 *       missing, unknown and query-only keys, wrong id lengths, with their gRPC statuses.
 *   <li>headers ({@link BadInputHeaders}, raw sockets): {@code ct-charset-illegal}, {@code
 *       ct-charset-unknown}, {@code ct-empty-parameter}, {@code ct-semicolons}: 415 naming
 *       Content-Type and the charset or parameter; {@code ct-duplicate}, {@code ce-duplicate}: 400
 *       naming the header sent twice; {@code ce-list}, {@code ce-unknown}: 415 naming
 *       Content-Encoding; {@code header-control-char}, {@code header-folded}, {@code
 *       header-bad-name}, {@code headers-oversized}: Jetty's 400 or 431 with its reason; {@code
 *       ct-valid-parameters} ({@code charset=utf-8}, any case, quoted or not): 200, items land.
 * </ul>
 *
 * <p>Afterwards the service is ready, takes a normal export, and counted the refusals; {@code
 * /metrics} shows the tenant-labelled counts only with the admin token.
 */
@ExtendWith(ObseraServersExtension.class)
class BadInputIT {
  static final int MAX_REQUEST_BYTES = 256 * 1024;
  static final IngestLimits LIMITS = new IngestLimits(50, 16, 256, 4, 1_000_000);
  static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  static final long SEED = Long.getLong("obsera.badinput.seed", 0x0b5e7aL);
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT = "bad-input-" + RUN;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String ADMIN_TOKEN = "bad-input-admin-token-0123456789";

  static ControlPlaneWriter control;
  static IngestService ingest;
  static String baseUrl;
  static String key;
  static String queryKey;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    control = new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer());
    control.putTenant(new TenantRecord(TENANT, TENANT, Instant.now(), "test"));
    key = issueKey(Scope.INGEST);
    queryKey = issueKey(Scope.QUERY);
    ingest =
        new IngestService(
                IngestConfig.of("127.0.0.1", 0, kafka, "bad-input-it", TestControlKeys.verifying())
                    .withMaxRequestBytes(MAX_REQUEST_BYTES)
                    .withHeaderTimeoutMillis(HEADER_TIMEOUT.toMillis())
                    .withLimits(LIMITS)
                    .withAdminToken(ADMIN_TOKEN))
            .start();
    baseUrl = "http://127.0.0.1:" + ingest.otlpHttpPort();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                post("/v1/traces", key, BadInputCases.JSON, "{}".getBytes()).statusCode() == 200
                    && post("/v1/traces", queryKey, BadInputCases.JSON, "{}".getBytes())
                            .statusCode()
                        == 403);
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
    control.close();
  }

  static String issueKey(Scope scope) {
    ApiKeyToken token = ApiKeyToken.generate();
    control.putApiKey(
        new ApiKeyRecord(
            token.keyId(),
            TENANT,
            token.secretSha256(),
            Set.of(scope),
            "bad-input",
            Instant.now(),
            null,
            "test"));
    return token.token();
  }

  @Test
  void should_answerEveryBadInputAsDocumented_andLandOnlyTheValidItems() throws Exception {
    System.out.println("BadInputIT seed " + SEED + " (-Dobsera.badinput.seed=" + SEED + ")");
    long started = System.nanoTime();
    List<BadInputCase> cases = BadInputCases.generate(SEED, RUN, MAX_REQUEST_BYTES, LIMITS);
    BadInputGrpc grpc = new BadInputGrpc(SEED, RUN, ingest.otlpGrpcPort(), key, queryKey);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SlowBodies slow =
          new SlowBodies(
              new SlowBodyClient(ticks, ingest.otlpHttpPort(), key), RUN, SEED, HEADER_TIMEOUT);
      slow.start();
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (BadInputCase c : cases) {
        runs.add(CompletableFuture.runAsync(() -> check(c, failures), pool));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      grpc.run(failures);
      BadInputHeaders headers = new BadInputHeaders(SEED, RUN, ingest.otlpHttpPort(), key);
      headers.run(failures);
      String during = "ok:" + RUN + ":during-slow:0";
      slow.finish(failures, () -> normalExport(during, failures));
      Map<String, Long> families =
          cases.stream()
              .collect(
                  Collectors.groupingBy(BadInputCase::family, TreeMap::new, Collectors.counting()));
      families.put("grpc", (long) grpc.count());
      families.putAll(headers.families());
      families.put("slow-body-or-headers", (long) slow.count());
      long total = families.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(
          "BadInputIT: %d cases in %d ms: %s%n",
          total, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), families);
      assertThat(total).isGreaterThanOrEqualTo(1000);
      assertThat(failures).as("cases answered otherwise than documented (seed %d)", SEED).isEmpty();

      List<String> landing = new ArrayList<>();
      Map<String, Limited> attributes = new TreeMap<>();
      cases.forEach(c -> landing.addAll(c.landing()));
      cases.forEach(c -> attributes.putAll(c.attributes()));
      landing.addAll(grpc.landing());
      landing.addAll(headers.landing());
      landing.addAll(slow.landing());
      landing.add(during);
      KafkaLanding.assertLanded(TENANT, RUN, landing, attributes);
    } finally {
      pool.shutdownNow();
      ticks.shutdownNow();
    }
    assertHealthy();
  }

  /** A valid export, answered 200 within five seconds. */
  private static void normalExport(String marker, Queue<String> failures) {
    BadInputItems items = new BadInputItems(new java.util.SplittableRandom(SEED + 2));
    byte[] body = items.request(Signal.METRICS, List.of(items.valid(marker))).toByteArray();
    try {
      HttpResponse<byte[]> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/v1/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .header("Authorization", "Bearer " + key)
                  .header("Content-Type", BadInputCases.PB)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        failures.add("normal export during slow bodies: status " + r.statusCode());
      }
    } catch (Exception e) {
      failures.add("normal export during slow bodies: " + e);
    }
  }

  /** After the run: ready, a normal export lands, and the refusals were counted. */
  private static void assertHealthy() throws Exception {
    HttpResponse<byte[]> ready =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/ready")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(ready.statusCode()).isEqualTo(200);
    String marker = "ok:" + RUN + ":final:0";
    BadInputItems items = new BadInputItems(new java.util.SplittableRandom(SEED));
    byte[] body = items.request(Signal.LOGS, List.of(items.valid(marker))).toByteArray();
    assertThat(post("/v1/logs", key, BadInputCases.PB, body).statusCode()).isEqualTo(200);
    KafkaLanding.assertLanded(TENANT, RUN, List.of(marker), Map.of());
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String open =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(open).contains("obsera_ingest_requests_total{").doesNotContain(TENANT);
    for (String signal : List.of("traces", "logs", "metrics")) {
      assertThat(metrics)
          .contains(
              "obsera_ingest_items_rejected_total{reason=\"invalid_item\",signal=\""
                  + signal
                  + "\",tenant=\""
                  + TENANT
                  + "\"}");
      for (String status : List.of("400", "401", "403", "413", "415")) {
        assertThat(metrics)
            .contains(
                "obsera_ingest_requests_total{signal=\""
                    + signal
                    + "\",status=\""
                    + status
                    + "\",transport=\"http\"}");
      }
    }
  }

  private static void check(BadInputCase c, Queue<String> failures) {
    try {
      HttpResponse<byte[]> r = send(c);
      String problem = problem(c, r);
      if (problem != null) {
        failures.add(c + ": " + problem);
      }
    } catch (Exception e) {
      failures.add(c + ": " + e);
    }
  }

  private static HttpResponse<byte[]> send(BadInputCase c) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + c.path()))
            .timeout(Duration.ofSeconds(30))
            .POST(
                c.chunked()
                    ? HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(c.body()))
                    : HttpRequest.BodyPublishers.ofByteArray(c.body()));
    switch (c.auth()) {
      case INGEST -> b.header("Authorization", "Bearer " + key);
      case QUERY_ONLY -> b.header("Authorization", "Bearer " + queryKey);
      case UNKNOWN -> b.header("Authorization", "Bearer " + ApiKeyToken.generate().token());
      case NOT_BEARER -> b.header("Authorization", "Basic " + key);
      case NONE -> {
        // no Authorization header
      }
    }
    if (c.contentType() != null) {
      b.header("Content-Type", c.contentType());
    }
    c.headers().forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Why the answer is not the documented one, or null. */
  private static String problem(BadInputCase c, HttpResponse<byte[]> r) {
    boolean json = BadInputCases.JSON.equals(c.contentType());
    String answerType = json ? BadInputCases.JSON : BadInputCases.PB;
    String body = new String(r.body(), StandardCharsets.UTF_8);
    if (r.statusCode() != c.status()) {
      return "status " + r.statusCode() + " instead of " + c.status() + ": " + abbreviate(body);
    }
    if (!r.headers().firstValue("Content-Type").orElse("").startsWith(answerType)) {
      return "answered as " + r.headers().firstValue("Content-Type") + ", not " + answerType;
    }
    try {
      if (c.status() == 200) {
        return partialSuccessProblem(c, r.body(), json);
      }
      com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder();
      if (json) {
        JsonFormat.parser().merge(body, status);
      } else {
        status.mergeFrom(r.body());
      }
      int code = HttpStatuses.grpc(kindOf(c.status()));
      if (status.getCode() != code) {
        return "google.rpc.Status code " + status.getCode() + " instead of " + code;
      }
      if (c.messageHints().stream().noneMatch(status.getMessage()::contains)) {
        return "message '"
            + abbreviate(status.getMessage())
            + "' names none of "
            + c.messageHints();
      }
      return null;
    } catch (InvalidProtocolBufferException e) {
      return "answer does not decode: " + e.getMessage() + ": " + abbreviate(body);
    }
  }

  private static String partialSuccessProblem(BadInputCase c, byte[] body, boolean json)
      throws InvalidProtocolBufferException {
    Message.Builder b =
        switch (c.signal()) {
          case TRACES -> ExportTraceServiceResponse.newBuilder();
          case LOGS -> ExportLogsServiceResponse.newBuilder();
          case METRICS -> ExportMetricsServiceResponse.newBuilder();
        };
    if (json) {
      JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), b);
    } else {
      b.mergeFrom(body);
    }
    Message response = b.build();
    long rejected;
    String message;
    if (response instanceof ExportTraceServiceResponse t) {
      rejected = t.getPartialSuccess().getRejectedSpans();
      message = t.getPartialSuccess().getErrorMessage();
    } else if (response instanceof ExportLogsServiceResponse l) {
      rejected = l.getPartialSuccess().getRejectedLogRecords();
      message = l.getPartialSuccess().getErrorMessage();
    } else {
      ExportMetricsServiceResponse m = (ExportMetricsServiceResponse) response;
      rejected = m.getPartialSuccess().getRejectedDataPoints();
      message = m.getPartialSuccess().getErrorMessage();
    }
    if (rejected != c.rejectedItems()) {
      return "partial_success rejected " + rejected + " instead of " + c.rejectedItems();
    }
    if (rejected > 0 && c.messageHints().stream().noneMatch(message::contains)) {
      return "partial_success message '" + message + "' names none of " + c.messageHints();
    }
    return null;
  }

  private static io.obsera.ingest.pipeline.IngestError.Kind kindOf(int status) {
    return switch (status) {
      case 400 -> io.obsera.ingest.pipeline.IngestError.Kind.INVALID_ARGUMENT;
      case 401 -> io.obsera.ingest.pipeline.IngestError.Kind.UNAUTHENTICATED;
      case 403 -> io.obsera.ingest.pipeline.IngestError.Kind.PERMISSION_DENIED;
      case 413 -> io.obsera.ingest.pipeline.IngestError.Kind.TOO_LARGE;
      case 415 -> io.obsera.ingest.pipeline.IngestError.Kind.UNSUPPORTED_MEDIA_TYPE;
      default -> throw new IllegalArgumentException("no documented status " + status);
    };
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  static HttpResponse<byte[]> post(String path, String apiKey, String type, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
