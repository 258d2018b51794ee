package io.obsera.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate against a real Javalin server over a socket. */
class RequestGateTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final RequestGate gate = new RequestGate(Duration.ofSeconds(2));
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch slowMayEnd = new CountDownLatch(1);
  private Javalin app;

  @BeforeEach
  void start() {
    app =
        Javalin.create(
                cfg -> {
                  ApiErrors.register(cfg);
                  gate.register(cfg);
                  cfg.routes.get("/api/fast", ctx -> ctx.result("fast"));
                  cfg.routes.get(
                      "/api/slow",
                      ctx -> {
                        slowStarted.countDown();
                        slowMayEnd.await(10, TimeUnit.SECONDS);
                        ctx.result("slow");
                      });
                  cfg.routes.get("/ready", ctx -> ctx.result("ready"));
                  cfg.routes.get(
                      "/api/boom",
                      ctx -> {
                        throw new IllegalStateException("boom");
                      });
                })
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    slowMayEnd.countDown();
    app.stop();
  }

  @Test
  void should_holdARequest_whileClosed() throws Exception {
    gate.close("ClickHouse restarts");
    CompletableFuture<HttpResponse<String>> held = get("/api/fast");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !held.isDone());
    gate.open();
    assertThat(held.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void should_answerTheHeldRequest_whenTheGateOpens() throws Exception {
    gate.close("ClickHouse restarts");
    CompletableFuture<HttpResponse<String>> held = get("/api/fast");
    assertThat(held.isDone()).isFalse();
    gate.open();
    HttpResponse<String> r = held.get(5, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("fast");
    assertThat(gate.inFlight()).isZero();
  }

  @Test
  void should_answer503NamingWhy_whenTheGateStaysClosedPastTheWait() throws Exception {
    gate.close("ClickHouse restarts to load new tenant readers");
    HttpResponse<String> r = get("/api/fast").get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("5");
    assertThat(r.body()).contains("ClickHouse restarts to load new tenant readers");
  }

  @Test
  void should_neverHoldReadiness() throws Exception {
    gate.close("ClickHouse restarts");
    HttpResponse<String> r = get("/ready").get(1, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void should_drainTheRequestsInFlight_beforeReturning() throws Exception {
    CompletableFuture<HttpResponse<String>> slow = get("/api/slow");
    assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
    gate.close("ClickHouse restarts");
    assertThat(gate.drain(Duration.ofMillis(200))).as("still inside after the bound").isEqualTo(1);
    slowMayEnd.countDown();
    assertThat(gate.drain(Duration.ofSeconds(5))).isZero();
    assertThat(slow.get(5, TimeUnit.SECONDS).body()).isEqualTo("slow");
  }

  @Test
  void should_countARequestOut_whenItsHandlerThrows() throws Exception {
    assertThat(get("/api/boom").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
    assertThat(gate.inFlight()).isZero();
    assertThat(gate.drain(Duration.ZERO)).isZero();
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    return HTTP.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
