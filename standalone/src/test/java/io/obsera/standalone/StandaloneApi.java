package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.testing.TestApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A running standalone Obsera's HTTP API as one tenant's client sees it (requests with its key,
 * answers checked for their status), plus the admin API and OTLP/HTTP authentication.
 */
final class StandaloneApi {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Standalone obsera;
  private final String key;

  StandaloneApi(Standalone obsera, String key) {
    this.obsera = obsera;
    this.key = key;
  }

  HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return TestApi.call(method, "http://127.0.0.1:" + obsera.apiPort() + path, token, body);
  }

  /** GET with the tenant's key, expecting 200. */
  JsonNode get(String path) throws Exception {
    return json("GET", path, null, 200);
  }

  /** A request with the tenant's key, expecting {@code status}; the answer's JSON. */
  JsonNode json(String method, String path, String body, int status) throws Exception {
    return expect(call(method, path, key, body), method, path, status);
  }

  /** A request with the admin token, expecting {@code status}. */
  JsonNode admin(String method, String path, int status) throws Exception {
    return expect(call(method, path, obsera.adminToken(), null), method, path, status);
  }

  private static JsonNode expect(HttpResponse<String> r, String method, String path, int status)
      throws Exception {
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return TestApi.json(r);
  }

  /** The status of an OTLP/JSON export without spans with {@code token}: authentication only. */
  int ingest(String token) throws Exception {
    return ingestFrom(null, token);
  }

  /** {@link #ingest} as a web page of {@code origin} sends it (null: no Origin header). */
  int ingestFrom(String origin, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + obsera.otlpHttpPort() + "/v1/traces"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    if (origin != null) {
      b.header("Origin", origin);
    }
    return HTTP.send(
            b.POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[]}")).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /**
   * The one row of {@code sql} run through {@code POST /api/v1/sql} as the tenant (its ClickHouse
   * reader: only its rows), values as text; {@code params} fill {@code {name:Type}} placeholders.
   */
  Map<String, String> sqlRow(String sql, Map<String, String> params) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode().put("sql", sql).put("format", "json");
    ObjectNode p = body.putObject("params");
    params.forEach(p::put);
    JsonNode data =
        json("POST", "/api/v1/sql", Json.MAPPER.writeValueAsString(body), 200).get("data");
    assertThat(data).as(sql).hasSize(1);
    Map<String, String> row = new HashMap<>();
    data.get(0).fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().asText()));
    return row;
  }

  Map<String, String> sqlRow(String sql) throws Exception {
    return sqlRow(sql, Map.of());
  }

  /** A dashboard panel run's rows, each as its values joined by spaces. */
  static List<String> rows(JsonNode result) {
    List<String> out = new ArrayList<>();
    result
        .get("rows")
        .forEach(
            r -> {
              List<String> values = new ArrayList<>();
              r.forEach(v -> values.add(v.asText()));
              out.add(String.join(" ", values));
            });
    return out;
  }

  /** {@code field} of every element of a JSON array. */
  static List<String> ids(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  /** The elements of a JSON array of strings. */
  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static <T> Iterable<T> iterable(Iterator<T> it) {
    return () -> it;
  }

  /** The API's time format: Unix nanoseconds. */
  static String nanos(Instant t) {
    return Long.toString(t.getEpochSecond() * 1_000_000_000L + t.getNano());
  }
}
