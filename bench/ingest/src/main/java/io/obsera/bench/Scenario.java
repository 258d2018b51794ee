package io.obsera.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The benchmark scenarios, named as in {@code BENCH_SCENARIOS}, run in this order. */
enum Scenario {
  HTTP_PROTOBUF_SPANS("http-protobuf-spans", "spans"),
  HTTP_JSON_SPANS("http-json-spans", "spans"),
  GRPC_SPANS("grpc-spans", "spans"),
  HTTP_PROTOBUF_LOGS("http-protobuf-logs", "logs"),
  /** OTLP/HTTP protobuf spans until they land in ClickHouse, against a direct RowBinary insert. */
  E2E("e2e", "spans");

  private final String id;
  private final String unit;

  Scenario(String id, String unit) {
    this.id = id;
    this.unit = unit;
  }

  String id() {
    return id;
  }

  /** What one item is: {@code spans} or {@code logs} (log records). */
  String unit() {
    return unit;
  }

  static Scenario of(String id) {
    for (Scenario s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "BENCH_SCENARIOS: unknown scenario '" + id + "', expected some of " + ids());
  }

  static String ids() {
    return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(","));
  }
}
