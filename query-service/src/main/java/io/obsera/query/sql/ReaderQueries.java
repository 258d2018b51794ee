package io.obsera.query.sql;

import io.obsera.model.access.TenantReader;
import io.obsera.query.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Runs SQL on ClickHouse's HTTP interface as a tenant reader, with query parameters bound by
 * ClickHouse ({@code param_<name>}), never substituted into the text. The answer's body is a
 * stream: the caller copies it to its client without holding the result.
 */
public final class ReaderQueries {
  private final String url;
  private final String database;
  private final HttpClient http;

  /** An accepted query: the format ClickHouse answers in and the body still to be read. */
  public record Answer(String format, InputStream body) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  public ReaderQueries(String clickHouseUrl, String database) {
    this.url = clickHouseUrl.replaceAll("/+$", "");
    this.database = database;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * Sends the query; returns once ClickHouse answered 200 (the rows may still be computing).
   *
   * @throws ApiException 400/403/422/503 from ClickHouse's error ({@link ClickHouseErrors})
   */
  public Answer run(
      TenantReader reader, String sql, Map<String, String> params, String clickHouseFormat) {
    StringBuilder uri = new StringBuilder(url).append("/?database=").append(enc(database));
    uri.append("&default_format=").append(enc(clickHouseFormat));
    // times in and out are UTC, whatever the server's time zone
    uri.append("&session_timezone=UTC");
    // 64-bit integers as JSON strings: JavaScript clients would lose precision (nanoseconds)
    uri.append("&output_format_json_quote_64bit_integers=1");
    params.forEach((k, v) -> uri.append("&param_").append(enc(k)).append('=').append(enc(v)));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri.toString()))
            .header("X-ClickHouse-User", reader.user())
            .header("X-ClickHouse-Key", reader.password())
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw ApiException.unavailable("ClickHouse is not reachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted");
    }
    if (response.statusCode() != 200) {
      String text;
      try (InputStream in = response.body()) {
        text = new String(in.readNBytes(16_384), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = e.getMessage();
      }
      throw ClickHouseErrors.toApi(
          response.headers().firstValue("X-ClickHouse-Exception-Code").orElse(null), text);
    }
    String format = response.headers().firstValue("X-ClickHouse-Format").orElse(clickHouseFormat);
    return new Answer(format, response.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
