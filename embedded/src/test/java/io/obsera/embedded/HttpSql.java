package io.obsera.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends SQL over ClickHouse's HTTP interface as a given user (or none, i.e. {@code default}). */
final class HttpSql {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Reply(int status, String body) {
    boolean ok() {
      return status == 200;
    }
  }

  private HttpSql() {}

  static Reply as(String httpUrl, String user, String password, String sql) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(httpUrl + "/"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
    if (user != null) {
      request.header("X-ClickHouse-User", user).header("X-ClickHouse-Key", password);
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Reply admin(EmbeddedClickHouse server, String sql) {
    return as(server.httpUrl(), server.adminUser(), server.adminPassword(), sql);
  }

  static Reply analyst(EmbeddedClickHouse server, String sql) {
    return as(server.httpUrl(), server.analystUser(), server.analystPassword(), sql);
  }

  static Reply anonymous(EmbeddedClickHouse server, String sql) {
    return as(server.httpUrl(), null, null, sql);
  }

  static String adminOk(EmbeddedClickHouse server, String sql) {
    Reply reply = admin(server, sql);
    if (!reply.ok()) {
      throw new AssertionError("admin query failed: " + sql + "\n" + reply);
    }
    return reply.body();
  }
}
