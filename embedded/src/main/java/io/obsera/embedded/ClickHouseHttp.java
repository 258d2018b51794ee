package io.obsera.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal ClickHouse HTTP client for the admin queries of the server lifecycle. */
final class ClickHouseHttp {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI uri;
  private final String user;
  private final String password;

  ClickHouseHttp(String httpUrl, String user, String password) {
    this.uri = URI.create(httpUrl + "/");
    this.user = user;
    this.password = password;
  }

  /** Runs {@code sql} and returns the body, or throws with ClickHouse's error text. */
  String query(String sql) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("X-ClickHouse-User", user)
            .header("X-ClickHouse-Key", password)
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response =
        client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + ": " + response.body().strip());
    }
    return response.body();
  }
}
