package io.obsera.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Encodes an OTLP request as an exporter's OTLP/JSON body: the protobuf JSON mapping with
 * lowerCamelCase names and enums as integers, then trace and span ids rewritten from base64 to the
 * hex strings that OTLP/JSON requires.
 */
final class OtlpJsonEncoder {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final HexFormat HEX = HexFormat.of();

  private OtlpJsonEncoder() {}

  static byte[] encode(Message request) {
    String protobufJson;
    try {
      protobufJson = PRINTER.print(request);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print an OTLP request as JSON", e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(protobufJson.length());
    try (JsonParser p = FACTORY.createParser(protobufJson);
        JsonGenerator g = FACTORY.createGenerator(out)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_STRING && ID_FIELDS.contains(p.currentName())) {
          g.writeString(HEX.formatHex(Base64.getDecoder().decode(p.getText())));
        } else {
          g.copyCurrentEvent(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
