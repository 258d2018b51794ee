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

/**
 * The three OTLP collector Export methods, described by hand: opentelemetry-proto ships the
 * messages but not the generated gRPC stubs.
 */
final class OtlpGrpcMethods {
  static final String TRACE_SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";
  static final String LOGS_SERVICE = "opentelemetry.proto.collector.logs.v1.LogsService";
  static final String METRICS_SERVICE = "opentelemetry.proto.collector.metrics.v1.MetricsService";

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
