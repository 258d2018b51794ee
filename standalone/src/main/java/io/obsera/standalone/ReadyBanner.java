package io.obsera.standalone;

import java.io.PrintStream;

/** The URLs and credentials printed once Obsera is ready. */
final class ReadyBanner {
  private ReadyBanner() {}

  static void print(PrintStream out, StandaloneConfig config, Standalone s) {
    String host = config.bindHost().equals("0.0.0.0") ? "127.0.0.1" : config.bindHost();
    String scheme = config.ingest().tls().isPresent() ? "https" : "http";
    out.println(
        "  OTLP/HTTP   "
            + scheme
            + "://"
            + host
            + ":"
            + s.otlpHttpPort()
            + "  (/v1/traces, /v1/logs, /v1/metrics; protobuf or JSON;"
            + " header 'Authorization: Bearer <key>', key in "
            + config.dataDir().resolve("api-key")
            + ")");
    out.println(
        "  OTLP/gRPC   "
            + scheme
            + "://"
            + host
            + ":"
            + s.otlpGrpcPort()
            + "  (metadata 'authorization: Bearer <key>')");
    out.println(
        "  API         "
            + scheme
            + "://"
            + host
            + ":"
            + s.apiPort()
            + "  (/health, /api/v1/traces/{traceId})");
    out.println(
        "  Admin API   "
            + scheme
            + "://"
            + host
            + ":"
            + s.apiPort()
            + "/api/v1/admin  (token in "
            + config.dataDir().resolve("admin-token")
            + ")");
    out.println(
        "  ClickHouse  "
            + s.clickHousePlayUrl()
            + "  (user '"
            + Standalone.CLICKHOUSE_ANALYST
            + "' reads tenant 'default', password in "
            + config.dataDir().resolve("analyst-password")
            + ", database '"
            + Standalone.DATABASE
            + "')");
    out.println(
        "  JDBC        jdbc:clickhouse:" + s.clickHouse().url() + "/" + Standalone.DATABASE);
    out.println("  Kafka       " + s.kafkaBootstrap());
    out.println("Press Ctrl-C to stop.");
  }
}
