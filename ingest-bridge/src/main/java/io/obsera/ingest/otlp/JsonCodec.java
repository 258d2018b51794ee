package io.obsera.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.obsera.ingest.pipeline.ExportOutcome;
import io.obsera.ingest.pipeline.ExportResponses;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * OTLP/HTTP JSON encoding ({@code application/json}), per the OTLP specification's "JSON Protobuf
 * Encoding": the protobuf JSON mapping, except that trace and span ids are hex strings ({@link
 * OtlpJsonIds} rewrites them), enums may be integers or names, 64-bit integers strings or numbers,
 * and field names lowerCamelCase or the original snake_case. Unknown fields are ignored. Responses
 * are printed in lowerCamelCase, {@code {}} when nothing was rejected.
 */
final class JsonCodec implements OtlpCodec {
  static final String MEDIA_TYPE = "application/json";

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFactory ERROR_JSON = new JsonFactory();
  private static final int MAX_REASON_CHARS = 240;

  @Override
  public String mediaType() {
    return MEDIA_TYPE;
  }

  @Override
  public ExportTraceServiceRequest traces(byte[] body) {
    return decode(body, ExportTraceServiceRequest.newBuilder()).build();
  }

  @Override
  public ExportLogsServiceRequest logs(byte[] body) {
    return decode(body, ExportLogsServiceRequest.newBuilder()).build();
  }

  @Override
  public ExportMetricsServiceRequest metrics(byte[] body) {
    return decode(body, ExportMetricsServiceRequest.newBuilder()).build();
  }

  private static <B extends Message.Builder> B decode(byte[] body, B builder) {
    String prefix = "body is not a valid " + builder.getDescriptorForType().getName() + " (JSON): ";
    String json;
    try {
      json = OtlpJsonIds.toProtobufJson(body);
    } catch (StreamConstraintsException e) {
      throw IngestError.invalid(
          prefix
              + "JSON nesting depth exceeds the limit of "
              + OtlpJsonIds.MAX_NESTING_DEPTH
              + " levels"
              + at(e.getLocation()));
    } catch (JsonProcessingException e) {
      throw IngestError.invalid(prefix + e.getOriginalMessage() + at(e.getLocation()));
    } catch (IOException e) {
      throw IngestError.invalid(prefix + e.getMessage());
    }
    try {
      PARSER.merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      // JsonFormat's message is null for some values of the wrong type (e.g. an object where a
      // string belongs); the cause still says what it met
      String reason =
          e.getMessage() != null
              ? e.getMessage()
              : "a value has the wrong JSON type"
                  + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
      throw IngestError.invalid(prefix + shortened(reason));
    }
    return builder;
  }

  /** JsonFormat's messages quote the offending JSON, which may be most of the body. */
  private static String shortened(String reason) {
    return reason.length() <= MAX_REASON_CHARS
        ? reason
        : reason.substring(0, MAX_REASON_CHARS) + "... (" + reason.length() + " chars)";
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  @Override
  public byte[] response(Signal signal, ExportOutcome outcome) {
    try {
      return PRINTER.print(ExportResponses.of(signal, outcome)).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print an OTLP response as JSON", e);
    }
  }

  /** {@code google.rpc.Status} in JSON: {@code {"code": 3, "message": "..."}}. */
  @Override
  public byte[] error(int grpcCode, String message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = ERROR_JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeNumberField("code", grpcCode);
      g.writeStringField("message", message);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
