package io.obsera.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * OTLP/HTTP client on the JDK's HttpClient (HTTP/1.1, keep-alive, one connection per concurrent
 * request). A fully accepted export is a 200 with an empty protobuf or {@code {}} JSON body; a 200
 * with {@code partial_success} counts as a failure, like any other status.
 */
public final class HttpSender implements Sender {
  private final URI uri;
  private final String contentType;
  private final String authorization;
  private final ExecutorService executor;
  private final HttpClient http;
  private final Set<Long> threadsBefore;

  public HttpSender(String url, String contentType, String apiKey, int threads) {
    this.uri = URI.create(url);
    this.contentType = contentType;
    this.authorization = "Bearer " + apiKey;
    // The client's selector thread is named HttpClient-<n>-SelectorManager by the JDK; it is ours
    // if it did not exist before this client.
    this.threadsBefore = CpuMeter.liveThreadIds();
    this.executor = Executors.newFixedThreadPool(threads, Sender.threads("http"));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
  }

  @Override
  public String send(byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      String answer = new String(r.body(), StandardCharsets.UTF_8);
      if (r.statusCode() == 200 && (answer.isEmpty() || answer.equals("{}"))) {
        return null;
      }
      return "HTTP " + r.statusCode() + ": " + abbreviate(answer);
    } catch (IOException e) {
      return "I/O error: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public boolean ownsThread(long threadId, String name) {
    return Sender.super.ownsThread(threadId, name)
        || (name.startsWith("HttpClient-") && !threadsBefore.contains(threadId));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
  }
}
