package io.obsera.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Set;

/**
 * Turns an OTLP/JSON body into the protobuf JSON mapping that {@code JsonFormat} reads. The only
 * difference between the two is the encoding of trace and span ids: OTLP/JSON writes them as hex
 * strings, protobuf JSON as base64. One streaming pass copies every token unchanged (numbers by
 * their text, so no precision is lost) and rewrites the string value of the id fields ({@code
 * traceId}, {@code spanId}, {@code parentSpanId} and their snake_case names; they occur in spans,
 * links, log records and exemplars only). Linear in the body size, with bounded nesting.
 *
 * <p>Ids are not length-checked here: a valid hex id of the wrong length becomes bytes of that
 * length, which the fragmenters drop and count as partial success. Invalid hex (a non-hex character
 * or an odd number of digits) rejects the body with a message naming the field.
 */
final class OtlpJsonIds {
  /** Deepest JSON nesting accepted (an attribute value nested in kvlists 13 levels deep fits). */
  static final int MAX_NESTING_DEPTH = 64;

  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
  private static final int MAX_ECHOED_CHARS = 48;

  /**
   * No string can be longer than the body, which {@code RequestBodies} already bounds by the
   * configured limit (an int); Jackson's default of 20M chars would refuse legitimate strings in
   * bodies that the limit allows.
   */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private static final HexFormat HEX = HexFormat.of();

  private OtlpJsonIds() {}

  /**
   * The body as protobuf JSON. Throws {@link JsonParseException} for malformed JSON or an invalid
   * hex id, and {@link com.fasterxml.jackson.core.exc.StreamConstraintsException} for nesting
   * deeper than {@link #MAX_NESTING_DEPTH}.
   */
  static String toProtobufJson(byte[] body) throws IOException {
    StringWriter out = new StringWriter(body.length + 64);
    try (JsonParser p = FACTORY.createParser(body);
        JsonGenerator g = FACTORY.createGenerator(out)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new JsonParseException(
            p, first == null ? "empty body, expected a JSON object" : "expected a JSON object");
      }
      g.writeStartObject();
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> {
            g.writeFieldName(p.currentName());
            if (ID_FIELDS.contains(p.currentName())) {
              copyId(p, g);
            }
          }
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
          default -> g.copyCurrentEvent(p);
        }
        if (t == JsonToken.END_OBJECT && p.getParsingContext().inRoot()) {
          break;
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || !p.getParsingContext().inRoot()) {
        throw new JsonParseException(p, "unexpected end of the body");
      }
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "content after the end of the JSON object");
      }
    }
    return out.toString();
  }

  /** Reads the value of an id field and writes it as base64; null stays null (absent). */
  private static void copyId(JsonParser p, JsonGenerator g) throws IOException {
    JsonToken value = p.nextToken();
    if (value == JsonToken.VALUE_NULL) {
      g.writeNull();
      return;
    }
    if (value != JsonToken.VALUE_STRING) {
      String got =
          value.isScalarValue()
              ? p.getText()
              : value == JsonToken.START_OBJECT ? "an object" : "an array";
      throw new JsonParseException(
          p, path(p) + " must be a hex string, got " + got, p.currentTokenLocation());
    }
    String hex = p.getText();
    String problem = hexProblem(hex);
    if (problem != null) {
      throw new JsonParseException(
          p,
          path(p) + " is not a hex id (" + problem + "): " + echo(hex),
          p.currentTokenLocation());
    }
    g.writeString(Base64.getEncoder().encodeToString(HEX.parseHex(hex)));
  }

  /** Why {@code s} is not an even number of hex digits, or null when it is. */
  private static String hexProblem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return "character '" + c + "' at index " + i + " is not a hex digit";
      }
    }
    return s.length() % 2 == 0 ? null : "odd number of hex digits (" + s.length() + ")";
  }

  private static String echo(String s) {
    String shown =
        s.length() <= MAX_ECHOED_CHARS
            ? s
            : s.substring(0, MAX_ECHOED_CHARS) + "... (" + s.length() + " chars)";
    return "\"" + shown + "\"";
  }

  /** Where the parser is, e.g. {@code resourceSpans[0].scopeSpans[0].spans[2].traceId}. */
  static String path(JsonParser p) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.addFirst(
            (c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName());
      }
    }
    return parts.isEmpty() ? "$" : String.join("", parts);
  }
}
