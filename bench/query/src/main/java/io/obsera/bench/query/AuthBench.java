package io.obsera.bench.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.password4j.Argon2Function;
import com.password4j.Password;
import io.obsera.bench.BenchRuntime;
import io.obsera.identity.PasswordHasher;
import io.obsera.model.Json;
import io.obsera.standalone.Standalone;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * What people cost the API: the Argon2id hash alone (one core), a whole sign-in over HTTP, and an
 * authenticated request (key, session) against the same route unauthenticated (401), on the
 * standalone runtime. Prints p50/p99; no assertion (a benchmark, not a test). {@code
 * BENCH_AUTH_LOGINS} (default 100) and {@code BENCH_AUTH_REQUESTS} (default 5000) set the counts.
 */
public final class AuthBench {
  private static final String PASSWORD = "bench password 0123";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private AuthBench() {}

  public static void main(String[] args) throws Exception {
    int logins = Integer.parseInt(System.getenv().getOrDefault("BENCH_AUTH_LOGINS", "100"));
    int requests = Integer.parseInt(System.getenv().getOrDefault("BENCH_AUTH_REQUESTS", "5000"));
    PrintStream out = System.out;
    try (PasswordHasher hasher = new PasswordHasher(1, 47104)) {
      String hash = hasher.hash(PASSWORD);
      long[] t = new long[Math.max(20, logins / 2)];
      for (int i = 0; i < t.length; i++) {
        long s = System.nanoTime();
        hasher.verify(PASSWORD, hash);
        t[i] = System.nanoTime() - s;
      }
      out.println("argon2id check (wall time, on the hashing pool): " + summary(t));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Argon2Function argon2 = Argon2Function.getInstanceFromHash(hash);
      for (int i = 0; i < t.length; i++) {
        long s = threads.getCurrentThreadCpuTime();
        Password.check(PASSWORD, hash).with(argon2);
        t[i] = threads.getCurrentThreadCpuTime() - s;
      }
      out.println("argon2id check (CPU time of one core): " + summary(t));
    }
    try (Standalone obsera =
        Standalone.start(BenchRuntime.config(BenchRuntime.dataDir("auth-bench")), out)) {
      String base = "http://127.0.0.1:" + obsera.apiPort();
      JsonNode invite =
          Json.MAPPER.readTree(
              send(
                      base,
                      "POST",
                      "/api/v1/admin/tenants/default/invites",
                      "Bearer " + obsera.adminToken(),
                      null,
                      null,
                      "{\"email\":\"bench@example.com\",\"role\":\"ADMIN\"}")
                  .body());
      String url = invite.get("inviteUrl").asText();
      send(
          base,
          "POST",
          "/api/v1/invites/" + url.substring(url.lastIndexOf('/') + 1) + "/accept",
          null,
          null,
          null,
          "{\"name\":\"Bench\",\"password\":\"" + PASSWORD + "\"}");
      String login = "{\"email\":\"bench@example.com\",\"password\":\"" + PASSWORD + "\"}";
      long[] t = new long[logins];
      HttpResponse<String> last = null;
      for (int i = 0; i < logins; i++) {
        long s = System.nanoTime();
        last = send(base, "POST", "/api/v1/auth/login", null, null, null, login);
        t[i] = System.nanoTime() - s;
        if (last.statusCode() != 200) {
          throw new IllegalStateException(
              "login answered " + last.statusCode() + ": " + last.body());
        }
      }
      out.println("login over HTTP: " + summary(t));
      String cookie = last.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      String key = "Bearer " + obsera.apiKey();
      long[] anon = new long[requests];
      long[] keyed = new long[requests];
      long[] session = new long[requests];
      for (int round = 0; round < 2; round++) { // the first round warms up
        for (int i = 0; i < requests; i++) {
          anon[i] = timed(base, null, null);
          keyed[i] = timed(base, key, null);
          session[i] = timed(base, null, cookie);
        }
      }
      out.println("GET /api/v1/slos anonymous (401): " + summary(anon));
      out.println("GET /api/v1/slos with a key (200): " + summary(keyed));
      out.println("GET /api/v1/slos with a session (200): " + summary(session));
    }
  }

  private static long timed(String base, String auth, String cookie) throws Exception {
    long s = System.nanoTime();
    HttpResponse<String> r = send(base, "GET", "/api/v1/slos", auth, cookie, null, null);
    long d = System.nanoTime() - s;
    if (r.statusCode() != (auth == null && cookie == null ? 401 : 200)) {
      throw new IllegalStateException("GET /api/v1/slos answered " + r.statusCode());
    }
    return d;
  }

  private static HttpResponse<String> send(
      String base, String method, String path, String auth, String cookie, String csrf, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String summary(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format(
        "n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms",
        s.length,
        s[s.length / 2] / 1e6,
        s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6,
        s[s.length - 1] / 1e6);
  }
}
