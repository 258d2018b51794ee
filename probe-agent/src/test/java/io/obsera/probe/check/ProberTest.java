package io.obsera.probe.check;

import static io.obsera.testing.EndpointBuilder.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.platform.net.TargetGuard;
import io.obsera.testing.LocalHttpServer;
import io.obsera.testing.LocalHttpServer.Reply;
import io.obsera.testing.SelfSignedCertificate;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prober against real local HTTP and HTTPS servers. */
class ProberTest {
  static final String TENANT = "acme";
  static final TargetGuard LOOPBACK = TargetGuard.allowing("127.0.0.0/8,::1/128", "test");

  LocalHttpServer server;
  Prober prober = Prober.create(LOOPBACK, "eu-west", "agent-1", Clock.systemUTC());

  @BeforeEach
  void start() {
    server = LocalHttpServer.http();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void should_beUp_withTimings_whenStatusAccepted() {
    HealthCheck c = prober.check(endpoint(TENANT, "home", server.url("localhost", "/")).build());

    assertThat(c.outcome()).isEqualTo(CheckOutcome.UP);
    assertThat(c.error()).isNull();
    assertThat(c.statusCode()).isEqualTo(200);
    assertThat(c.tenantId()).isEqualTo(TENANT);
    assertThat(c.endpointId()).isEqualTo("home");
    assertThat(c.region()).isEqualTo("eu-west");
    assertThat(c.agent()).isEqualTo("agent-1");
    assertThat(c.method()).isEqualTo("GET");
    assertThat(c.dnsMs()).as("looked localhost up").isNotNull().isGreaterThanOrEqualTo(0.0);
    assertThat(c.connectMs()).isNotNull().isGreaterThanOrEqualTo(0.0);
    assertThat(c.tlsMs()).as("plain http").isNull();
    assertThat(c.ttfbMs()).isNotNull().isGreaterThan(0.0).isLessThanOrEqualTo(c.totalMs());
    assertThat(c.totalMs()).isGreaterThan(0.0);
    assertThat(c.certExpiresAt()).isNull();
    assertThat(c.bodyMatched()).as("no body match configured").isNull();
    assertThat(c.traceId()).matches("[0-9a-f]{32}");
    assertThat(server.seen()).hasSize(1);
    assertThat(server.seen().get(0).header("User-Agent")).isEqualTo("obsera-probe/eu-west");
  }

  @Test
  void should_measureFreshConnection_onEveryCheck() {
    var e = endpoint(TENANT, "home", server.url("localhost", "/")).build();
    prober.check(e);
    HealthCheck second = prober.check(e);
    assertThat(second.dnsMs()).as("no pooled connection: looked up again").isNotNull();
    assertThat(second.connectMs()).as("connected again").isNotNull();
  }

  @Test
  void should_beDown_whenStatusNotAccepted() {
    server.respond(s -> Reply.of(503, "busy"));
    HealthCheck c = prober.check(endpoint(TENANT, "home", server.url("/")).build());
    assertThat(c.outcome()).isEqualTo(CheckOutcome.DOWN);
    assertThat(c.statusCode()).isEqualTo(503);
    assertThat(c.error()).isEqualTo("expected status 200-299, got 503");
  }

  @Test
  void should_notFollowRedirects_andJudgeTheRedirectStatus() {
    server.respond(
        s ->
            s.path().equals("/old")
                ? Reply.of(302, "").withHeader("Location", "/new")
                : Reply.of(200, "new"));
    HealthCheck strict = prober.check(endpoint(TENANT, "old", server.url("/old")).build());
    HealthCheck accepting =
        prober.check(endpoint(TENANT, "old", server.url("/old")).expectedStatus("302").build());

    assertThat(strict.outcome()).isEqualTo(CheckOutcome.DOWN);
    assertThat(strict.statusCode()).isEqualTo(302);
    assertThat(accepting.outcome()).isEqualTo(CheckOutcome.UP);
    assertThat(server.seen()).extracting(LocalHttpServer.Seen::path).containsOnly("/old");
  }

  @Test
  void should_judgeBodyMatch() {
    server.respond(s -> Reply.of(200, "{\"status\":\"healthy\"}"));
    HealthCheck found =
        prober.check(endpoint(TENANT, "h", server.url("/")).bodyMatch("healthy").build());
    HealthCheck missing =
        prober.check(endpoint(TENANT, "h", server.url("/")).bodyMatch("\"ok\"").build());

    assertThat(found.outcome()).isEqualTo(CheckOutcome.UP);
    assertThat(found.bodyMatched()).isTrue();
    assertThat(missing.outcome()).isEqualTo(CheckOutcome.DOWN);
    assertThat(missing.bodyMatched()).isFalse();
    assertThat(missing.error()).isEqualTo("body does not contain '\"ok\"'");
  }

  @Test
  void should_sendMethodHeadersAndBody() {
    HealthCheck c =
        prober.check(
            endpoint(TENANT, "post", server.url("/submit"))
                .method(
                    "POST",
                    "{\"ping\":1}",
                    Map.of("Content-Type", "application/json", "X-Token", "t1"))
                .build());
    assertThat(c.outcome()).isEqualTo(CheckOutcome.UP);
    LocalHttpServer.Seen s = server.seen().get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.header("X-Token")).isEqualTo("t1");
    assertThat(s.header("Content-Type")).startsWith("application/json");
    assertThat(s.bodyText()).isEqualTo("{\"ping\":1}");
  }

  @Test
  void should_beDegraded_whenSlowerThanThreshold() {
    server.respond(s -> Reply.of(200, "ok").delayed(300));
    HealthCheck slow =
        prober.check(endpoint(TENANT, "slow", server.url("/")).degradedLatencyMs(100).build());
    HealthCheck fastEnough =
        prober.check(endpoint(TENANT, "slow", server.url("/")).degradedLatencyMs(5_000).build());

    assertThat(slow.outcome()).isEqualTo(CheckOutcome.DEGRADED);
    assertThat(slow.totalMs()).isGreaterThanOrEqualTo(300.0);
    assertThat(slow.ttfbMs()).isGreaterThanOrEqualTo(300.0);
    assertThat(slow.error()).contains("slower than 100 ms");
    assertThat(fastEnough.outcome()).isEqualTo(CheckOutcome.UP);
  }

  @Test
  void should_beDown_whenNoAnswerWithinTimeout() {
    server.respond(s -> Reply.of(200, "late").delayed(3_000));
    long t0 = System.nanoTime();
    HealthCheck c = prober.check(endpoint(TENANT, "t", server.url("/")).timeoutMs(300).build());
    long tookMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(c.outcome()).isEqualTo(CheckOutcome.DOWN);
    assertThat(c.error()).isEqualTo("no answer within 300 ms");
    assertThat(c.statusCode()).isNull();
    assertThat(c.ttfbMs()).isNull();
    assertThat(tookMs).isLessThan(2_500);
    assertThat(c.totalMs()).isCloseTo(300.0, within(1_500.0));
  }

  @Test
  void should_beDown_whenConnectionRefused() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    HealthCheck c =
        prober.check(endpoint(TENANT, "gone", "http://127.0.0.1:" + closed + "/").build());
    assertThat(c.outcome()).isEqualTo(CheckOutcome.DOWN);
    assertThat(c.error()).startsWith("connection failed");
    assertThat(c.statusCode()).isNull();
  }

  @Test
  void should_refuseLoopbackTargets_withoutAllowlist() {
    Prober strict = Prober.create(TargetGuard.strict(), "eu-west", "agent-1", Clock.systemUTC());

    HealthCheck literal = strict.check(endpoint(TENANT, "lit", server.url("/")).build());
    HealthCheck byName =
        strict.check(endpoint(TENANT, "dns", server.url("localhost", "/")).build());

    assertThat(literal.outcome()).isEqualTo(CheckOutcome.DOWN);
    assertThat(literal.error())
        .contains("127.0.0.1")
        .contains("non-public")
        .contains(TargetGuard.ENV);
    assertThat(byName.outcome()).isEqualTo(CheckOutcome.DOWN);
    assertThat(byName.error()).contains("host localhost resolves to").contains("non-public");
    assertThat(server.seen()).as("nothing reached the target").isEmpty();
  }

  @Test
  void should_admitLoopback_whenAllowlisted() {
    Prober allowing =
        Prober.create(
            TargetGuard.allowing("127.0.0.0/8", "test"), "eu-west", "agent-1", Clock.systemUTC());
    HealthCheck c = allowing.check(endpoint(TENANT, "lit", server.url("/")).build());
    assertThat(c.outcome()).isEqualTo(CheckOutcome.UP);
    assertThat(c.dnsMs()).as("IP literal: no lookup").isNull();
    assertThat(server.seen()).hasSize(1);
  }

  @Test
  void should_reportCertificateExpiry_andDegradeWhenSoon(@TempDir Path dir) throws Exception {
    SelfSignedCertificate soon =
        SelfSignedCertificate.create(Files.createDirectory(dir.resolve("soon")), 3);
    SelfSignedCertificate later =
        SelfSignedCertificate.create(Files.createDirectory(dir.resolve("later")), 90);
    try (LocalHttpServer s1 = LocalHttpServer.https(soon.serverContext());
        LocalHttpServer s2 = LocalHttpServer.https(later.serverContext())) {
      HealthCheck expiring =
          prober
              .trusting(soon.trustStore())
              .check(endpoint(TENANT, "tls", s1.url("localhost", "/")).build());
      HealthCheck fine =
          prober
              .trusting(later.trustStore())
              .check(endpoint(TENANT, "tls", s2.url("localhost", "/")).build());
      HealthCheck untrusted = prober.check(endpoint(TENANT, "tls", s1.url("/")).build());

      Instant soonExpiry = soon.x509().getNotAfter().toInstant();
      assertThat(expiring.certExpiresAt()).as(expiring.toString()).isEqualTo(soonExpiry);
      assertThat(Duration.between(Instant.now(), soonExpiry))
          .isBetween(Duration.ofDays(2), Duration.ofDays(3).plusMinutes(5));
      assertThat(expiring.outcome()).isEqualTo(CheckOutcome.DEGRADED);
      assertThat(expiring.error()).contains("certificate expires at").contains("within 14 days");
      assertThat(expiring.tlsMs()).isNotNull().isGreaterThan(0.0);
      assertThat(expiring.statusCode()).isEqualTo(200);

      assertThat(fine.outcome()).as(fine.toString()).isEqualTo(CheckOutcome.UP);
      assertThat(fine.certExpiresAt()).isEqualTo(later.x509().getNotAfter().toInstant());

      assertThat(untrusted.outcome()).isEqualTo(CheckOutcome.DOWN);
      assertThat(untrusted.error()).startsWith("TLS failed");
    }
  }
}
