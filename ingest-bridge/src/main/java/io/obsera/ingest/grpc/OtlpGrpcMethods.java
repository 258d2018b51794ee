package io.obsera.ingest.grpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The three OTLP collector Export methods, described by hand: opentelemetry-proto ships the
 * messages but not the generated gRPC stubs. {@link #raw} gives byte-level descriptors for clients
 * that send pre-encoded or deliberately broken messages (tests, the benchmark).
 */
public final class OtlpGrpcMethods {
  public static final String TRACE_SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";
  public static final String LOGS_SERVICE = "opentelemetry.proto.collector.logs.v1.LogsService";
  public static final String METRICS_SERVICE =
      "opentelemetry.proto.collector.metrics.v1.MetricsService";

  /** Passes bytes through unchanged in both directions. */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** The Export method of {@code service} with raw byte messages. */
  public static MethodDescriptor<byte[], byte[]> raw(String service) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Export"))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  static final MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> TRACES =
      unary(
          TRACE_SERVICE,
          ExportTraceServiceRequest.getDefaultInstance(),
          ExportTraceServiceResponse.getDefaultInstance());
  static final MethodDescriptor<ExportLogsServiceRequest, ExportLogsServiceResponse> LOGS =
      unary(
          LOGS_SERVICE,
          ExportLogsServiceRequest.getDefaultInstance(),
          ExportLogsServiceResponse.getDefaultInstance());
  static final MethodDescriptor<ExportMetricsServiceRequest, ExportMetricsServiceResponse> METRICS =
      unary(
          METRICS_SERVICE,
          ExportMetricsServiceRequest.getDefaultInstance(),
          ExportMetricsServiceResponse.getDefaultInstance());

  private OtlpGrpcMethods() {}

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
      String service, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Export"))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }
}
