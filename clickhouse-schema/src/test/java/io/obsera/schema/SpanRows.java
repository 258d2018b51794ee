package io.obsera.schema;

import com.clickhouse.client.api.Client;
import java.util.Map;

/** Synthetic spans for migration tests, inserted by ClickHouse itself from {@code numbers()}. */
final class SpanRows {
  private SpanRows() {}

  /**
   * {@code count} spans of tenant acme, ten per trace (trace {@code n / 10} has id {@link
   * #traceId}), 250 ms apart from {@code start}, numbered from {@code first}; 12 services, 40
   * operations.
   */
  static void insert(Client client, String db, String start, long first, int count) {
    client.queryAll(
        "INSERT INTO "
            + db
            + ".otel_traces (TenantId, Timestamp, TraceId, SpanId, ParentSpanId, SpanName,"
            + " ServiceName, ResourceAttributes, SpanAttributes, Duration, StatusCode)"
            + " SELECT 'acme', toDateTime64({start:String}, 9) + toIntervalMillisecond((number - {first:UInt64}) * 250),"
            + " lower(hex(MD5(toString(intDiv(number, 10))))),"
            + " substring(lower(hex(MD5(toString(number)))), 1, 16), '', concat('op-', toString(number % 40)),"
            + " concat('svc-', toString(number % 12)),"
            + " map('service.name', concat('svc-', toString(number % 12)), 'cloud.region', 'eu-west'),"
            + " map('http.route', concat('/items/', toString(number)), 'http.method', 'GET'),"
            + " number * 1000, 'Ok' FROM numbers({first:UInt64}, {n:UInt32})",
        Map.of("start", start, "first", first, "n", count));
  }

  /** The id of trace {@code n}: spans {@code 10n} to {@code 10n + 9}. */
  static String traceId(Client client, long n) {
    return client
        .queryAll("SELECT lower(hex(MD5(toString({n:UInt64})))) AS T", Map.of("n", n))
        .get(0)
        .getString("T");
  }
}
