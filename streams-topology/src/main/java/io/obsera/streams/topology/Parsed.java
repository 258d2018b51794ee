package io.obsera.streams.topology;

/** A raw OTLP fragment after parsing: the message, or the raw bytes when it did not parse. */
record Parsed<T>(T message, byte[] raw) {
  static <T> Parsed<T> valid(T message) {
    return new Parsed<>(message, null);
  }

  static <T> Parsed<T> poison(byte[] raw) {
    return new Parsed<>(null, raw);
  }

  boolean poison() {
    return raw != null;
  }
}
