package io.obsera.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.limits.InFlightBytes;
import io.obsera.ingest.limits.SeriesTracker;
import io.obsera.ingest.pipeline.ExportOutcome;
import io.obsera.ingest.pipeline.ExportRequest;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.IngestPipeline;
import io.obsera.ingest.pipeline.Signal;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.platform.tls.HttpsConnectors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * OTLP/HTTP receiver: {@code POST /v1/traces}, {@code /v1/logs}, {@code /v1/metrics}. Transport
 * only: picks the codec from the content type, reads the body within limits (smaller for browser
 * keys) once it fits in the instance's in-flight budget, hands the decoded request to the {@link
 * IngestPipeline} and answers in the request's encoding.
 */
public final class OtlpHttpReceiver implements AutoCloseable {
  /** Slower request bodies are cut off with a 408 (a 256 KiB body may take 17 minutes). */
  static final long MIN_BODY_BYTES_PER_SECOND = 256;

  private static final JsonFactory JSON = new JsonFactory();

  private final IngestConfig config;
  private final IngestPipeline pipeline;
  private final RequestBodies bodies;
  private final RequestBodies.Limit bodyLimit;
  private final RequestBodies.Limit browserBodyLimit;
  private final HeaderDeadline headerDeadline;
  private final List<OtlpCodec> codecs = List.of(new ProtobufCodec(), new JsonCodec());
  private Javalin app;

  public OtlpHttpReceiver(IngestConfig config, IngestPipeline pipeline) {
    this.config = config;
    this.pipeline = pipeline;
    this.bodies = new RequestBodies();
    this.bodyLimit =
        new RequestBodies.Limit(config.maxRequestBytes(), "OBSERA_INGEST_MAX_REQUEST_BYTES");
    this.browserBodyLimit =
        config.browser().maxRequestBytes() < config.maxRequestBytes()
            ? new RequestBodies.Limit(
                config.browser().maxRequestBytes(), "OBSERA_INGEST_BROWSER_MAX_REQUEST_BYTES")
            : bodyLimit;
    this.headerDeadline = new HeaderDeadline(Duration.ofMillis(config.headerTimeoutMillis()));
  }

  public OtlpHttpReceiver start() {
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              // Our own check enforces the limit with a clear 413; Javalin's is set above it so a
              // moderately oversized body can be drained and the client reads the 413.
              cfg.http.maxRequestSize = RequestBodies.DRAIN_FACTOR * config.maxRequestBytes() + 1L;
              // A body trickled a byte at a time never trips the idle timeout: without a minimum
              // rate such a request holds its thread for as long as the client likes (408).
              cfg.jetty.modifyHttpConfiguration(
                  http -> http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND));
              // ... and headers trickled a byte at a time never trip it either (slowloris).
              cfg.jetty.modifyServer(this::closeSlowHeaders);
              if (config.tls().isPresent()) {
                cfg.jetty.addConnector(
                    (server, http) ->
                        HttpsConnectors.create(
                            server,
                            http,
                            config.tls().get(),
                            config.bindHost(),
                            config.otlpHttpPort()));
              }
              cfg.routes.post("/v1/traces", ctx -> export(ctx, Signal.TRACES));
              cfg.routes.post("/v1/logs", ctx -> export(ctx, Signal.LOGS));
              cfg.routes.post("/v1/metrics", ctx -> export(ctx, Signal.METRICS));
              cfg.routes.before("/v1/*", this::cors);
              cfg.routes.options("/v1/{signal}", this::preflight);
              cfg.routes.get("/ready", this::ready);
              cfg.routes.get("/metrics", this::metrics);
              cfg.routes.get("/series/{tenant}", this::series);
              cfg.routes.exception(IngestError.class, this::error);
              cfg.routes.exception(BadMessageException.class, this::badMessage);
            });
    app.start(config.bindHost(), config.otlpHttpPort());
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Puts {@link HeaderDeadline} on every connector, once they exist (when the server starts). */
  private void closeSlowHeaders(Server server) {
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStarting(LifeCycle event) {
            for (Connector connector : server.getConnectors()) {
              connector.addEventListener(headerDeadline);
            }
          }
        });
  }

  private void export(Context ctx, Signal signal) throws java.io.IOException {
    long started = System.nanoTime();
    ctx.attribute("signal", signal);
    ctx.attribute("started", started);
    OtlpCodec codec = RequestHeaders.codec(ctx, codecs);
    ctx.attribute("codec", codec);
    boolean gzip = RequestHeaders.gzip(ctx);
    ApiKeyRecord key = pipeline.authenticate(bearer(ctx), ctx.header("Origin"));
    // the body's bytes are held from before it is read until Kafka has acknowledged it
    try (InFlightBytes.Reservation inFlight = pipeline.inFlight().reserve(key.keyId())) {
      byte[] body =
          bodies.read(
              ctx, IngestPipeline.isBrowser(key) ? browserBodyLimit : bodyLimit, inFlight, gzip);
      ExportOutcome outcome =
          pipeline.export(
              new ExportRequest(
                  signal,
                  key,
                  codec.decode(signal, body),
                  codec.protobuf(body),
                  ExportRequest.NO_DEADLINE));
      ctx.status(200).contentType(codec.mediaType()).result(codec.response(signal, outcome));
    }
    pipeline.metrics().request("http", signal, "200", System.nanoTime() - started);
  }

  /**
   * Prometheus text. Anyone who reaches the OTLP port gets the metrics without a tenant label; the
   * tenant-labelled ones (which would list every tenant id) need {@code Authorization: Bearer
   * <admin token>}. Any other Authorization header is a 401, so a scraper with a wrong token is
   * told instead of silently getting less.
   */
  private void metrics(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && !isAdminToken(authorization)) {
      ctx.status(401)
          .header("WWW-Authenticate", "Bearer")
          .contentType("text/plain; charset=utf-8")
          .result(
              (config.adminToken().isEmpty()
                      ? "this ingest bridge has no OBSERA_ADMIN_TOKEN, so it serves no"
                          + " tenant-labelled metrics"
                      : "Authorization must be 'Bearer <admin token>' (OBSERA_ADMIN_TOKEN) for the"
                          + " tenant-labelled metrics")
                  + "; without an Authorization header /metrics serves those without a tenant"
                  + " label\n");
      return;
    }
    ctx.contentType(pipeline.metrics().contentType())
        .result(pipeline.metrics().scrape(authorization != null));
  }

  /**
   * A tenant's distinct series in this instance's window and its metrics with the most series (at
   * most 100), as JSON; operator only ({@code Authorization: Bearer <admin token>}).
   */
  private void series(Context ctx) throws java.io.IOException {
    String authorization = ctx.header("Authorization");
    if (authorization == null || !isAdminToken(authorization)) {
      ctx.status(401)
          .header("WWW-Authenticate", "Bearer")
          .contentType("text/plain; charset=utf-8")
          .result("/series needs 'Authorization: Bearer <admin token>' (OBSERA_ADMIN_TOKEN)\n");
      return;
    }
    String tenant = ctx.pathParam("tenant");
    SeriesTracker tracker = pipeline.series();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("tenant", tenant);
      json.writeNumberField("series", tracker.series(tenant));
      json.writeNumberField("maxSeriesPerMetric", tracker.maxPerMetric());
      json.writeNumberField("maxSeriesPerTenant", tracker.maxPerTenant());
      json.writeArrayFieldStart("metrics");
      for (SeriesTracker.MetricSeries m : tracker.top(tenant, 100)) {
        json.writeStartObject();
        json.writeStringField("metric", m.metric());
        json.writeNumberField("series", m.series());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    ctx.contentType("application/json").result(out.toByteArray());
  }

  private boolean isAdminToken(String authorization) {
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    boolean matches = false;
    for (String token : config.adminTokens()) {
      matches |= MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }
    return matches;
  }

  private static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw IngestError.unauthenticated("missing 'Authorization: Bearer <api key>' header");
    }
    return header.substring(7);
  }

  /** CORS headers on answers to allowed browser origins (configured, or of a browser key). */
  private void cors(Context ctx) {
    String origin = ctx.header("Origin");
    if (pipeline.corsAllowed(origin, config.corsOrigins())) {
      ctx.header("Access-Control-Allow-Origin", origin);
      ctx.header("Vary", "Origin");
      ctx.header("Access-Control-Expose-Headers", "Retry-After");
    }
  }

  /** CORS preflight: 204 with the allowed method and headers, or 403 for other origins. */
  private void preflight(Context ctx) {
    String origin = ctx.header("Origin");
    if (!pipeline.corsAllowed(origin, config.corsOrigins())) {
      ctx.status(403).result("origin " + origin + " is not allowed to send telemetry here");
      return;
    }
    ctx.header("Access-Control-Allow-Methods", "POST");
    ctx.header("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, Authorization");
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(204);
  }

  private void ready(Context ctx) {
    boolean ready = pipeline.ready();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "ready" : "not ready");
    ctx.status(ready ? 200 : 503).json(body);
  }

  private void error(IngestError e, Context ctx) {
    answerError(ctx, HttpStatuses.http(e.kind()), HttpStatuses.grpc(e.kind()), e.getMessage());
    if (e.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
    }
  }

  /**
   * Jetty refused reading the body, e.g. 408 for one sent slower than {@link
   * #MIN_BODY_BYTES_PER_SECOND}: its status, with a google.rpc.Status body (DEADLINE_EXCEEDED for a
   * 408), instead of Javalin's 500 for an uncaught exception.
   */
  private void badMessage(BadMessageException e, Context ctx) {
    answerError(
        ctx, e.getCode(), e.getCode() == 408 ? 4 : 3, "request body refused: " + e.getReason());
  }

  private void answerError(Context ctx, int httpStatus, int grpcCode, String message) {
    Signal signal = ctx.attribute("signal");
    Long started = ctx.attribute("started");
    if (signal != null && started != null) {
      pipeline
          .metrics()
          .request("http", signal, Integer.toString(httpStatus), System.nanoTime() - started);
    }
    OtlpCodec codec = ctx.attribute("codec");
    if (codec == null) {
      codec = codecs.get(0);
    }
    ctx.status(httpStatus).contentType(codec.mediaType()).result(codec.error(grpcCode, message));
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    headerDeadline.close();
  }
}
