package io.obsera.ingest.grpc;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.obsera.ingest.limits.InFlightBytes;
import io.obsera.ingest.metrics.IngestMetrics;
import io.obsera.ingest.pipeline.ExportOutcome;
import io.obsera.ingest.pipeline.ExportRequest;
import io.obsera.ingest.pipeline.ExportResponses;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.IngestPipeline;
import io.obsera.ingest.pipeline.Signal;
import io.obsera.model.control.ApiKeyRecord;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TraceService, LogsService and MetricsService Export handlers: hand the decoded request to the
 * {@link IngestPipeline} with the call's remaining deadline as the longest wait for Kafka, and
 * answer OK (with {@code partial_success} when items were dropped) only for acknowledged data. A
 * call's message counts in the instance's in-flight bytes until then (UNAVAILABLE past them).
 */
final class OtlpGrpcServices {
  private static final Logger log = LoggerFactory.getLogger(OtlpGrpcServices.class);

  private final IngestPipeline pipeline;

  OtlpGrpcServices(IngestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  List<ServerServiceDefinition> definitions() {
    return List.of(
        service(
            Signal.TRACES,
            OtlpGrpcMethods.TRACE_SERVICE,
            Decoded.keepingBytes(
                OtlpGrpcMethods.TRACES,
                "ExportTraceServiceRequest",
                ExportTraceServiceRequest::parseFrom),
            ExportResponses::traces),
        service(
            Signal.LOGS,
            OtlpGrpcMethods.LOGS_SERVICE,
            Decoded.serverSide(OtlpGrpcMethods.LOGS, "ExportLogsServiceRequest"),
            ExportResponses::logs),
        service(
            Signal.METRICS,
            OtlpGrpcMethods.METRICS_SERVICE,
            Decoded.serverSide(OtlpGrpcMethods.METRICS, "ExportMetricsServiceRequest"),
            ExportResponses::metrics));
  }

  private <Q extends Message, R> ServerServiceDefinition service(
      Signal signal,
      String name,
      MethodDescriptor<Decoded<Q>, R> method,
      Function<ExportOutcome, R> response) {
    IngestMetrics metrics = pipeline.metrics();
    return ServerServiceDefinition.builder(name)
        .addMethod(
            method,
            ServerCalls.asyncUnaryCall(
                (request, observer) -> {
                  long started = System.nanoTime();
                  Status.Code code = handle(signal, request, observer, response);
                  metrics.request("grpc", signal, code.name(), System.nanoTime() - started);
                }))
        .build();
  }

  /** Answers the call; returns the status code it answered with. */
  private <Q extends Message, R> Status.Code handle(
      Signal signal,
      Decoded<Q> decoded,
      StreamObserver<R> observer,
      Function<ExportOutcome, R> response) {
    Context context = Context.current();
    ApiKeyRecord key = GrpcAuthInterceptor.API_KEY.get(context);
    try {
      if (decoded.error() != null) {
        throw decoded.error();
      }
      if (gone(context)) {
        return fail(observer, goneStatus(context));
      }
      ExportOutcome outcome;
      try (InFlightBytes.Reservation inFlight = pipeline.inFlight().reserve(key.keyId())) {
        inFlight.grow(decoded.request().getSerializedSize());
        outcome =
            pipeline.export(
                new ExportRequest(
                    signal,
                    key,
                    decoded.request(),
                    decoded.wire(),
                    remainingMillis(context.getDeadline())));
      }
      if (gone(context)) {
        // Acknowledged after all, but the client stopped listening: it will retry (at least once).
        return fail(observer, goneStatus(context));
      }
      observer.onNext(response.apply(outcome));
      observer.onCompleted();
      return Status.Code.OK;
    } catch (IngestError e) {
      if (gone(context)) {
        return fail(observer, goneStatus(context));
      }
      log.debug("export of tenant {} rejected: {}", key.tenantId(), e.getMessage());
      StatusRuntimeException ex = GrpcStatuses.exception(e);
      observer.onError(ex);
      return ex.getStatus().getCode();
    } catch (RuntimeException e) {
      log.error("export of tenant {} failed", key.tenantId(), e);
      return fail(observer, Status.INTERNAL.withDescription("internal error"));
    }
  }

  private static Status.Code fail(StreamObserver<?> observer, Status status) {
    observer.onError(status.asRuntimeException());
    return status.getCode();
  }

  private static long remainingMillis(Deadline deadline) {
    return deadline == null
        ? ExportRequest.NO_DEADLINE
        : deadline.timeRemaining(TimeUnit.MILLISECONDS);
  }

  private static boolean gone(Context context) {
    Deadline deadline = context.getDeadline();
    return context.isCancelled() || (deadline != null && deadline.isExpired());
  }

  private static Status goneStatus(Context context) {
    Deadline deadline = context.getDeadline();
    if (deadline != null && deadline.isExpired()) {
      return Status.DEADLINE_EXCEEDED.withDescription(
          "the call's deadline expired before Kafka acknowledged the data; retry");
    }
    return Status.CANCELLED.withDescription("call cancelled by the client");
  }
}
