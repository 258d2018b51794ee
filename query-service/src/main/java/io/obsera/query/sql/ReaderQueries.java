package io.obsera.query.sql;

import io.obsera.model.access.TenantReader;
import io.obsera.query.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Runs SQL on ClickHouse's HTTP interface as a tenant reader, with query parameters bound by
 * ClickHouse ({@code param_<name>}), never substituted into the text. The answer's body is a
 * stream: the caller copies it to its client without holding the result.
 *
 * <p>Connections are kept alive between queries and closed by {@link #close()}: ClickHouse waits
 * for open connections when it stops (5 s for one idle keep-alive connection, the embedded server
 * of a standalone stop), and the JDK's HTTP client of Java 17 can neither close its pool nor ask
 * for {@code Connection: close}.
 */
public final class ReaderQueries implements AutoCloseable {
  private static final MediaType SQL = MediaType.get("text/plain; charset=utf-8");

  private final String url;
  private final String database;
  private final OkHttpClient http;

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
    // no read timeout: a query may compute for a while before its first row, and ClickHouse ends
    // it after max_execution_time
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ZERO)
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
    Request request =
        new Request.Builder()
            .url(uri.toString())
            .header("X-ClickHouse-User", reader.user())
            .header("X-ClickHouse-Key", reader.password())
            .post(RequestBody.create(sql, SQL))
            .build();
    Response response;
    try {
      response = http.newCall(request).execute();
    } catch (IOException e) {
      throw ApiException.unavailable("ClickHouse is not reachable: " + e.getMessage());
    }
    ResponseBody body = response.body();
    if (response.code() != 200) {
      String text;
      try (InputStream in = body.byteStream()) {
        text = new String(in.readNBytes(16_384), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = e.getMessage();
      } finally {
        response.close();
      }
      throw ClickHouseErrors.toApi(response.header("X-ClickHouse-Exception-Code"), text);
    }
    String format = response.header("X-ClickHouse-Format", clickHouseFormat);
    return new Answer(format, body.byteStream());
  }

  /** Closes the idle connections; a query still being read keeps its own until it is closed. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
