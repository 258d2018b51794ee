package io.obsera.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sends SQL over ClickHouse's HTTP interface as a given user (or none, i.e. {@code default}), one
 * connection per request so that no idle connection delays the server's stop.
 */
final class HttpSql {
  private HttpSql() {}

  static ClickHouseHttp.Reply as(String httpUrl, String user, String password, String sql) {
    try {
      return new ClickHouseHttp(httpUrl, user, password).send(sql);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ClickHouseHttp.Reply admin(EmbeddedClickHouse server, String sql) {
    return as(server.httpUrl(), server.adminUser(), server.adminPassword(), sql);
  }

  static ClickHouseHttp.Reply analyst(EmbeddedClickHouse server, String sql) {
    return as(server.httpUrl(), server.analystUser(), server.analystPassword(), sql);
  }

  static ClickHouseHttp.Reply anonymous(EmbeddedClickHouse server, String sql) {
    return as(server.httpUrl(), null, null, sql);
  }

  static String adminOk(EmbeddedClickHouse server, String sql) {
    ClickHouseHttp.Reply reply = admin(server, sql);
    if (!reply.ok()) {
      throw new AssertionError("admin query failed: " + sql + "\n" + reply);
    }
    return reply.body();
  }
}
