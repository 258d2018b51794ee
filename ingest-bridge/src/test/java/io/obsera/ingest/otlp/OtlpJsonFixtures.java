package io.obsera.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Golden OTLP/JSON fixtures ({@code src/test/resources/otlp-json/}) and builders for tests. */
final class OtlpJsonFixtures {
  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String SPAN_ID = "eee19b7ec3c1b174";
  static final String PARENT_SPAN_ID = "eee19b7ec3c1b173";
  static final String LINK_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String LINK_SPAN_ID = "00f067aa0ba902b7";

  private OtlpJsonFixtures() {}

  static byte[] fixture(String name) {
    try (InputStream in = OtlpJsonFixtures.class.getResourceAsStream("/otlp-json/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture otlp-json/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fixtureText(String name) {
    return new String(fixture(name), StandardCharsets.UTF_8);
  }

  static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static AnyValue i64(long v) {
    return AnyValue.newBuilder().setIntValue(v).build();
  }

  static AnyValue dbl(double v) {
    return AnyValue.newBuilder().setDoubleValue(v).build();
  }

  static AnyValue bool(boolean v) {
    return AnyValue.newBuilder().setBoolValue(v).build();
  }

  static AnyValue bytes(byte... v) {
    return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(v)).build();
  }

  static AnyValue array(AnyValue... values) {
    return AnyValue.newBuilder()
        .setArrayValue(ArrayValue.newBuilder().addAllValues(Arrays.asList(values)))
        .build();
  }

  static AnyValue kvlist(KeyValue... values) {
    return AnyValue.newBuilder()
        .setKvlistValue(KeyValueList.newBuilder().addAllValues(Arrays.asList(values)))
        .build();
  }

  /**
   * Compares two messages field by field: the text format of both (a readable per-field diff on
   * failure, bytes shown exactly) and then protobuf equality, which also covers unknown fields.
   */
  static void assertSameMessage(Message actual, Message expected) {
    assertThat(TextFormat.printer().printToString(actual))
        .isEqualTo(TextFormat.printer().printToString(expected));
    assertThat(actual).isEqualTo(expected);
  }
}
