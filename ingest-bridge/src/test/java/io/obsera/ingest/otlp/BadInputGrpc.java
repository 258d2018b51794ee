package io.obsera.ingest.otlp;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.obsera.ingest.grpc.OtlpGrpcMethods;
import io.obsera.ingest.otlp.BadInputItems.Item;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC cases of {@link BadInputIT}, with a raw grpc-java client sending bytes: messages that do
 * not decode, messages over the limit, bad keys, and wrong id lengths (OK with partial_success).
 */
final class BadInputGrpc {

  private final SplittableRandom random;
  private final BadInputItems items;
  private final String run;
  private final int port;
  private final String key;
  private final String queryKey;
  private final List<String> landing = new ArrayList<>();
  private int count;

  BadInputGrpc(long seed, String run, int port, String key, String queryKey) {
    this.random = new SplittableRandom(seed + 1);
    this.items = new BadInputItems(random);
    this.run = run;
    this.port = port;
    this.key = key;
    this.queryKey = queryKey;
  }

  int count() {
    return count;
  }

  List<String> landing() {
    return landing;
  }

  void run(Queue<String> failures) throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
    try {
      for (Signal signal : Signal.values()) {
        byte[] refused = refused(signal);
        byte[] random = new byte[1 + this.random.nextInt(1024)];
        do {
          this.random.nextBytes(random);
        } while (BadInputItems.decodes(signal, random));
        byte[] truncated = refused;
        while (BadInputItems.decodes(signal, truncated)) {
          truncated = Arrays.copyOf(refused, 1 + this.random.nextInt(refused.length - 1));
        }
        byte[] oversized =
            Arrays.copyOf(refused, BadInputIT.MAX_REQUEST_BYTES + 1 + this.random.nextInt(4096));
        String name = BadInputItems.messageName(signal);
        expect(
            failures,
            channel,
            signal,
            "random bytes",
            key,
            random,
            Status.Code.INVALID_ARGUMENT,
            "is not a valid " + name);
        expect(
            failures,
            channel,
            signal,
            "truncated",
            key,
            truncated,
            Status.Code.INVALID_ARGUMENT,
            "is not a valid " + name);
        expect(
            failures,
            channel,
            signal,
            "oversized",
            key,
            oversized,
            Status.Code.RESOURCE_EXHAUSTED,
            "exceeds maximum size");
        expect(
            failures,
            channel,
            signal,
            "no key",
            null,
            refused,
            Status.Code.UNAUTHENTICATED,
            "authorization");
        expect(
            failures,
            channel,
            signal,
            "unknown key",
            "obs_000000000000_notarealkeynotarealkey",
            refused,
            Status.Code.UNAUTHENTICATED,
            "API key");
        expect(
            failures,
            channel,
            signal,
            "query-only key",
            queryKey,
            refused,
            Status.Code.PERMISSION_DENIED,
            "no ingest scope");
        wrongIds(failures, channel, signal);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private byte[] refused(Signal signal) {
    List<Item> list = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
      list.add(
          items.valid(
              BadInputCases.MUST_NOT_LAND
                  + ":"
                  + run
                  + ":grpc-"
                  + signal.header()
                  + "-"
                  + count
                  + ":"
                  + i));
    }
    return items.request(signal, list).toByteArray();
  }

  /** One valid and one wrong-id item: OK with one rejected item; the valid one lands. */
  private void wrongIds(Queue<String> failures, Channel channel, Signal signal) {
    count++;
    String ok = "ok:" + run + ":grpc-" + signal.header() + ":0";
    Item valid = items.valid(ok);
    Item bad =
        new Item(
            BadInputCases.MUST_NOT_LAND + ":" + run + ":grpc-" + signal.header() + ":1",
            15,
            8,
            -1,
            1,
            List.of(),
            0);
    try {
      byte[] answer =
          call(channel, signal, key, items.request(signal, List.of(valid, bad)).toByteArray());
      long rejected =
          switch (signal) {
            case TRACES ->
                ExportTraceServiceResponse.parseFrom(answer).getPartialSuccess().getRejectedSpans();
            case LOGS ->
                ExportLogsServiceResponse.parseFrom(answer)
                    .getPartialSuccess()
                    .getRejectedLogRecords();
            case METRICS ->
                ExportMetricsServiceResponse.parseFrom(answer)
                    .getPartialSuccess()
                    .getRejectedDataPoints();
          };
      if (rejected != 1) {
        failures.add(
            "grpc " + signal.header() + " wrong ids: rejected " + rejected + " instead of 1");
      }
      landing.add(ok);
    } catch (Exception e) {
      failures.add("grpc " + signal.header() + " wrong ids: " + e);
    }
  }

  private void expect(
      Queue<String> failures,
      Channel channel,
      Signal signal,
      String what,
      String apiKey,
      byte[] message,
      Status.Code code,
      String hint) {
    count++;
    String name = "grpc " + signal.header() + " " + what;
    try {
      call(channel, signal, apiKey, message);
      failures.add(name + ": OK instead of " + code);
    } catch (StatusRuntimeException e) {
      String description = String.valueOf(e.getStatus().getDescription());
      if (e.getStatus().getCode() != code || !description.contains(hint)) {
        failures.add(
            name + ": " + e.getStatus() + " instead of " + code + " naming '" + hint + "'");
      }
    }
  }

  private static byte[] call(Channel channel, Signal signal, String apiKey, byte[] message) {
    Metadata headers = new Metadata();
    if (apiKey != null) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    }
    MethodDescriptor<byte[], byte[]> method = OtlpGrpcMethods.raw(service(signal));
    return ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
        method,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        message);
  }

  private static String service(Signal signal) {
    return switch (signal) {
      case TRACES -> "opentelemetry.proto.collector.trace.v1.TraceService";
      case LOGS -> "opentelemetry.proto.collector.logs.v1.LogsService";
      case METRICS -> "opentelemetry.proto.collector.metrics.v1.MetricsService";
    };
  }
}
