package io.obsera.bench.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntFunction;

/** Times GET requests to the query API, one at a time, and gives percentiles in milliseconds. */
final class QueryTimer {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String apiKey;

  QueryTimer(String base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  /** The body of one GET; throws unless the answer is 200. */
  String get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /**
   * Latencies of {@code count} requests, sorted, after sending others untimed for {@code warmup}
   * (requests {@code count} and up, so no timed request repeats a warm-up one).
   */
  Timing time(int count, Duration warmup, IntFunction<String> request)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + warmup.toNanos();
    for (int i = count; System.nanoTime() < end; i++) {
      get(request.apply(i));
    }
    double[] ms = new double[count];
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      bytes += get(request.apply(i)).length();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new Timing(ms, bytes / count);
  }

  /** Sorted latencies in milliseconds. */
  record Timing(double[] ms, long meanBytes) {
    double percentile(double p) {
      return ms[Math.min(ms.length - 1, (int) Math.ceil(p * ms.length) - 1)];
    }
  }
}
