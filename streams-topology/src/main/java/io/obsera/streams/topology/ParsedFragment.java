package io.obsera.streams.topology;

/** A span fragment after parsing: its span count, or the raw bytes when it did not parse. */
record ParsedFragment(long spans, byte[] raw) {
  static ParsedFragment valid(long spans) {
    return new ParsedFragment(spans, null);
  }

  static ParsedFragment poison(byte[] raw) {
    return new ParsedFragment(-1, raw);
  }

  boolean poison() {
    return raw != null;
  }
}
