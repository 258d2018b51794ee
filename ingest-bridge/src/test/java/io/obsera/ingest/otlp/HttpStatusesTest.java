package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.ingest.grpc.GrpcStatuses;
import io.obsera.ingest.pipeline.IngestError.Kind;
import org.junit.jupiter.api.Test;

class HttpStatusesTest {
  @Test
  void should_putTheSameCodeInHttpErrorBodies_asTheGrpcReceiverAnswers() {
    for (Kind kind : Kind.values()) {
      assertThat(HttpStatuses.grpc(kind))
          .as(kind.name())
          .isEqualTo(GrpcStatuses.code(kind).value());
    }
  }
}
