package io.obsera.bench;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A scenario's request bodies, encoded before any timing: the warm-up bodies (cycled through for
 * the warm-up time) and the timed ones, all distinct (each scenario generates from its own seed).
 *
 * @param table the ClickHouse table the items land in
 */
record Workload(List<byte[]> warmUp, List<byte[]> timed, int itemsPerBody, String table) {
  static final String SPANS_TABLE = "otel_traces";
  static final String LOGS_TABLE = "otel_logs";

  static Workload of(Scenario scenario, BenchConfig config) {
    long seed = 42 + 1_000L * scenario.ordinal();
    long now = System.currentTimeMillis() * 1_000_000L;
    int batch = config.batch();
    return switch (scenario) {
      case HTTP_PROTOBUF_SPANS, GRPC_SPANS, E2E -> {
        SpanGenerator gen = new SpanGenerator(seed);
        yield generate(config, () -> gen.request(batch, now), Message::toByteArray, SPANS_TABLE);
      }
      case HTTP_JSON_SPANS -> {
        SpanGenerator gen = new SpanGenerator(seed);
        yield generate(config, () -> gen.request(batch, now), OtlpJsonEncoder::encode, SPANS_TABLE);
      }
      case HTTP_PROTOBUF_LOGS -> {
        LogGenerator gen = new LogGenerator(seed);
        yield generate(config, () -> gen.request(batch, now), Message::toByteArray, LOGS_TABLE);
      }
    };
  }

  long bytes() {
    return warmUp.stream().mapToLong(b -> b.length).sum()
        + timed.stream().mapToLong(b -> b.length).sum();
  }

  private static <M extends Message> Workload generate(
      BenchConfig config, Supplier<M> requests, Function<M, byte[]> encoding, String table) {
    List<byte[]> warmUp = new ArrayList<>(config.warmUpBodies());
    for (int i = 0; i < config.warmUpBodies(); i++) {
      warmUp.add(encoding.apply(requests.get()));
    }
    List<byte[]> timed = new ArrayList<>(config.requests());
    for (int i = 0; i < config.requests(); i++) {
      timed.add(encoding.apply(requests.get()));
    }
    return new Workload(warmUp, timed, config.batch(), table);
  }
}
