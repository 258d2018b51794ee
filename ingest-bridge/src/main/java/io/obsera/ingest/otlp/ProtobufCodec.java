package io.obsera.ingest.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.obsera.ingest.pipeline.ExportOutcome;
import io.obsera.ingest.pipeline.ExportResponses;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** OTLP/HTTP binary protobuf encoding ({@code application/x-protobuf}). */
final class ProtobufCodec implements OtlpCodec {
  static final String MEDIA_TYPE = "application/x-protobuf";

  @Override
  public String mediaType() {
    return MEDIA_TYPE;
  }

  @Override
  public ExportTraceServiceRequest traces(byte[] body) {
    return parse(ExportTraceServiceRequest.parser(), "ExportTraceServiceRequest", body);
  }

  @Override
  public byte[] protobuf(byte[] body) {
    return body;
  }

  @Override
  public ExportLogsServiceRequest logs(byte[] body) {
    return parse(ExportLogsServiceRequest.parser(), "ExportLogsServiceRequest", body);
  }

  @Override
  public ExportMetricsServiceRequest metrics(byte[] body) {
    return parse(ExportMetricsServiceRequest.parser(), "ExportMetricsServiceRequest", body);
  }

  private static <M> M parse(Parser<M> parser, String messageName, byte[] body) {
    try {
      return parser.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw IngestError.invalid("body is not a valid " + messageName + ": " + e.getMessage());
    }
  }

  @Override
  public byte[] response(Signal signal, ExportOutcome outcome) {
    return ExportResponses.of(signal, outcome).toByteArray();
  }

  /** {@code google.rpc.Status}: code = field 1, message = field 2 (no common-protos needed). */
  @Override
  public byte[] error(int grpcCode, String message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, grpcCode);
      out.writeString(2, message);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
