package io.obsera.ingest.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.IngestError.Kind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcStatusesTest {
  @Test
  void should_mapEveryKind_asTheOtlpSpecificationAsks() {
    Map<Kind, Status.Code> codes = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      codes.put(kind, GrpcStatuses.code(kind));
    }
    assertThat(codes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Kind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT,
                Kind.UNSUPPORTED_MEDIA_TYPE, Status.Code.INVALID_ARGUMENT,
                Kind.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED,
                Kind.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED,
                Kind.TOO_LARGE, Status.Code.RESOURCE_EXHAUSTED,
                Kind.RATE_LIMITED, Status.Code.RESOURCE_EXHAUSTED,
                Kind.UNAVAILABLE, Status.Code.UNAVAILABLE));
  }

  @Test
  void should_carryRetryInfo_whenRateLimited() throws Exception {
    StatusRuntimeException e =
        GrpcStatuses.exception(IngestError.rateLimited("tenant over 1000 spans/s", 7));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.getStatus().getDescription()).isEqualTo("tenant over 1000 spans/s");
    assertThat(retryDelaySeconds(e)).isEqualTo(7);
  }

  @Test
  void should_carryRetryInfo_whenKafkaUnavailable() throws Exception {
    StatusRuntimeException e =
        GrpcStatuses.exception(IngestError.unavailable("Kafka did not acknowledge", 5));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(retryDelaySeconds(e)).isEqualTo(5);
  }

  @Test
  void should_omitRetryInfo_whenRetryingCannotHelp() {
    StatusRuntimeException tooLarge = GrpcStatuses.exception(IngestError.tooLarge("too big"));
    StatusRuntimeException denied =
        GrpcStatuses.exception(IngestError.permissionDenied("no ingest scope"));

    assertThat(tooLarge.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(StatusProto.fromThrowable(tooLarge).getDetailsList()).isEmpty();
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getStatus().getDescription()).isEqualTo("no ingest scope");
    assertThat(StatusProto.fromThrowable(denied).getDetailsList()).isEmpty();
  }

  private static long retryDelaySeconds(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).isNotNull();
    assertThat(status.getCode()).isEqualTo(e.getStatus().getCode().value());
    assertThat(status.getDetailsList()).hasSize(1);
    Any detail = status.getDetails(0);
    return detail.unpack(RetryInfo.class).getRetryDelay().getSeconds();
  }
}
