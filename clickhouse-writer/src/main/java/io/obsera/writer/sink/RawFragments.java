package io.obsera.writer.sink;

import com.google.protobuf.InvalidProtocolBufferException;

/** Parses raw OTLP fragments for the encoders, the way the topology's fragment parser does. */
final class RawFragments {
  /** A protobuf {@code parseFrom}. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  private RawFragments() {}

  static <T> T parse(String what, byte[] value, Parser<T> parser) {
    if (value == null) {
      throw new UnparseableFragmentException(what + " fragment is null", null);
    }
    try {
      return parser.parse(value);
    } catch (InvalidProtocolBufferException e) {
      throw new UnparseableFragmentException(
          what + " fragment does not parse: " + e.getMessage(), e);
    }
  }
}
