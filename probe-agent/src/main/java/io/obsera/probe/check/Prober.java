package io.obsera.probe.check;

import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.platform.net.RefusedTargetException;
import io.obsera.platform.net.TargetGuard;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Runs one HTTP check of an endpoint with okhttp and judges it: the method, headers and body of the
 * definition, its timeout for the whole call, redirects not followed (a 3xx is a status like any
 * other), a fresh connection every time (DNS, connect and TLS measured, the SSRF guard applied to
 * every lookup). The verdict: DOWN on no answer, a refused target, an unaccepted status or a
 * missing body text; DEGRADED when slower than {@code degradedLatencyMs} or the certificate expires
 * within {@code certExpiryWarnDays}; else UP.
 */
public final class Prober {
  /** How much of a response body is read to look for {@code bodyMatch}. */
  static final long MAX_BODY_BYTES = 1 << 20;

  private final OkHttpClient base;
  private final TargetGuard guard;
  private final String region;
  private final String agent;
  private final Clock clock;

  private Prober(OkHttpClient base, TargetGuard guard, String region, String agent, Clock clock) {
    this.base = base;
    this.guard = guard;
    this.region = region;
    this.agent = agent;
    this.clock = clock;
  }

  /** A prober trusting the JDK's default certificate authorities. */
  public static Prober create(TargetGuard guard, String region, String agent, Clock clock) {
    return new Prober(client(guard).build(), guard, region, agent, clock);
  }

  /** The same prober trusting only {@code trustStore}'s certificates (tests, private CAs). */
  public Prober trusting(KeyStore trustStore) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {tm}, null);
      OkHttpClient c = base.newBuilder().sslSocketFactory(ssl.getSocketFactory(), tm).build();
      return new Prober(c, guard, region, agent, clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable trust store: " + e.getMessage(), e);
    }
  }

  private static OkHttpClient.Builder client(TargetGuard guard) {
    return new OkHttpClient.Builder()
        .dns(new GuardedDns(guard))
        .proxy(Proxy.NO_PROXY)
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        // no idle connection kept: every check resolves, connects and handshakes again
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS));
  }

  /** Checks {@code endpoint} (with its defaults filled in) once; never throws. */
  public HealthCheck check(EndpointDefinition endpoint) {
    EndpointDefinition e = endpoint.withDefaults();
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    PhaseTimings timings = new PhaseTimings();
    Attempt a;
    try {
      a = call(e, timings);
    } catch (RefusedTargetException ex) {
      a = Attempt.failed(ex.getMessage());
    } catch (GuardedDns.RefusedHostException ex) {
      a = Attempt.failed(ex.getMessage());
    } catch (InterruptedIOException ex) {
      a = Attempt.failed("no answer within " + e.timeoutMs() + " ms");
    } catch (ConnectException ex) {
      a = Attempt.failed("connection failed: " + ex.getMessage());
    } catch (SSLException ex) {
      a = Attempt.failed("TLS failed: " + ex.getMessage());
    } catch (IOException | RuntimeException ex) {
      a = Attempt.failed(ex.getClass().getSimpleName() + ": " + ex.getMessage());
    }
    double totalMs = (System.nanoTime() - t0) / 1e6;
    Verdict v = judge(e, a, totalMs, start);
    return new HealthCheck(
        e.tenantId(),
        e.id(),
        region,
        agent,
        start,
        e.url(),
        e.method(),
        v.outcome(),
        a.status(),
        v.error(),
        timings.dnsMs(),
        timings.connectMs(),
        timings.tlsMs(),
        timings.ttfbMs(),
        totalMs,
        e.bodyMatch() == null || a.status() == null ? null : a.bodyMatched(),
        a.certExpiresAt(),
        HexFormat.of().formatHex(randomTraceId()));
  }

  private Attempt call(EndpointDefinition e, PhaseTimings timings)
      throws IOException, RefusedTargetException {
    HttpUrl url = HttpUrl.parse(e.url());
    if (url == null) {
      throw new RefusedTargetException("not an http or https URL: " + e.url());
    }
    String host = url.host();
    if (looksLikeIpLiteral(host)) {
      // okhttp does not ask Dns about IP literals: check them here
      guard.check(host, InetAddress.getByName(host));
    }
    Duration timeout = Duration.ofMillis(e.timeoutMs());
    OkHttpClient client =
        base.newBuilder()
            .eventListener(timings)
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .build();
    Request.Builder rb = new Request.Builder().url(url).header("User-Agent", userAgent());
    for (Map.Entry<String, String> h : e.headers().entrySet()) {
      rb.header(h.getKey(), h.getValue());
    }
    rb.method(e.method(), body(e));
    try (Response r = client.newCall(rb.build()).execute()) {
      // the body is read (up to a limit) either way: the total time includes its download
      String text = r.peekBody(MAX_BODY_BYTES).string();
      return new Attempt(
          r.code(),
          e.bodyMatch() != null && text.contains(e.bodyMatch()),
          certExpiry(r.handshake()),
          null);
    }
  }

  private String userAgent() {
    return "obsera-probe/" + region;
  }

  private static RequestBody body(EndpointDefinition e) {
    if (e.method().equals("GET") || e.method().equals("HEAD")) {
      return null;
    }
    String contentType = e.headers().get("Content-Type");
    byte[] bytes =
        e.body() == null ? new byte[0] : e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    boolean required = Set.of("POST", "PUT", "PATCH").contains(e.method());
    if (e.body() == null && !required) {
      return null;
    }
    return RequestBody.create(bytes, contentType == null ? null : MediaType.parse(contentType));
  }

  private static boolean looksLikeIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  /** The earliest expiry among the peer's certificates (leaf and intermediates). */
  private static Instant certExpiry(Handshake handshake) {
    if (handshake == null) {
      return null;
    }
    Instant earliest = null;
    for (Certificate c : handshake.peerCertificates()) {
      if (c instanceof X509Certificate x) {
        Instant notAfter = x.getNotAfter().toInstant();
        if (earliest == null || notAfter.isBefore(earliest)) {
          earliest = notAfter;
        }
      }
    }
    return earliest;
  }

  static Verdict judge(EndpointDefinition e, Attempt a, double totalMs, Instant now) {
    if (a.failure() != null) {
      return new Verdict(CheckOutcome.DOWN, a.failure());
    }
    if (!e.statusAccepted(a.status())) {
      return new Verdict(
          CheckOutcome.DOWN, "expected status " + e.expectedStatus() + ", got " + a.status());
    }
    if (e.bodyMatch() != null && !a.bodyMatched()) {
      return new Verdict(CheckOutcome.DOWN, "body does not contain '" + e.bodyMatch() + "'");
    }
    if (e.degradedLatencyMs() != null && totalMs > e.degradedLatencyMs()) {
      return new Verdict(
          CheckOutcome.DEGRADED,
          String.format(
              java.util.Locale.ROOT,
              "took %.0f ms, slower than %.0f ms",
              totalMs,
              e.degradedLatencyMs()));
    }
    if (a.certExpiresAt() != null
        && a.certExpiresAt().isBefore(now.plus(Duration.ofDays(e.certExpiryWarnDays())))) {
      return new Verdict(
          CheckOutcome.DEGRADED,
          "certificate expires at "
              + a.certExpiresAt()
              + ", within "
              + e.certExpiryWarnDays()
              + " days");
    }
    return new Verdict(CheckOutcome.UP, null);
  }

  private static byte[] randomTraceId() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    id[0] |= 1; // never all zero
    return id;
  }

  /** What the call gave: a status (and body/certificate facts) or a failure text. */
  record Attempt(Integer status, boolean bodyMatched, Instant certExpiresAt, String failure) {
    static Attempt failed(String why) {
      return new Attempt(null, false, null, why);
    }
  }

  record Verdict(CheckOutcome outcome, String error) {}
}
