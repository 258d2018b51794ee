package io.obsera.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls to Obsera's HTTP API as a client would make them, with a bearer token. */
public final class TestApi {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestApi() {}

  /** {@code method url} with {@code Authorization: Bearer token} (none when null) and a body. */
  public static HttpResponse<String> call(String method, String url, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }
}
