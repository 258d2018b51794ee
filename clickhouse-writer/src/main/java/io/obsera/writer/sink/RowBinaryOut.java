package io.obsera.writer.sink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Minimal ClickHouse RowBinary encoder for the column types our tables use. Encoding ourselves
 * keeps the bytes of a batch stable, so a retried insert carries the same deduplication token and
 * the same data.
 */
final class RowBinaryOut {
  private final Buffer out = new Buffer();

  /** A byte buffer that can drop what a failed record appended. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(64 * 1024);
    }

    void truncateTo(int size) {
      count = Math.min(count, size);
    }
  }

  void truncateTo(int size) {
    out.truncateTo(size);
  }

  RowBinaryOut string(String s) {
    byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    varUInt(b.length);
    out.write(b, 0, b.length);
    return this;
  }

  RowBinaryOut uint8(int v) {
    out.write(v & 0xff);
    return this;
  }

  /** Int8, also the code of an Enum8 value. */
  RowBinaryOut int8(int v) {
    return uint8(v);
  }

  RowBinaryOut uint16(int v) {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
    return this;
  }

  /** A Nullable column: the null flag, then the value when there is one. */
  <T> RowBinaryOut nullable(T value, Consumer<T> write) {
    if (value == null) {
      return uint8(1);
    }
    uint8(0);
    write.accept(value);
    return this;
  }

  RowBinaryOut uint32(long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  RowBinaryOut int32(int v) {
    for (int i = 0; i < 4; i++) {
      out.write((v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  RowBinaryOut float64(double v) {
    return int64(Double.doubleToRawLongBits(v));
  }

  RowBinaryOut bool(boolean v) {
    return uint8(v ? 1 : 0);
  }

  RowBinaryOut int64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  /** UInt64 and DateTime64(9) (nanosecond ticks) share the 8-byte little-endian form. */
  RowBinaryOut uint64(long v) {
    return int64(v);
  }

  RowBinaryOut dateTime64Nanos(long nanos) {
    return int64(nanos);
  }

  RowBinaryOut dateTime64Millis(long millis) {
    return int64(millis);
  }

  RowBinaryOut stringMap(Map<String, String> m) {
    varUInt(m.size());
    m.forEach(
        (k, v) -> {
          string(k);
          string(v);
        });
    return this;
  }

  RowBinaryOut longMap(Map<String, Long> m) {
    varUInt(m.size());
    m.forEach(
        (k, v) -> {
          string(k);
          uint64(v);
        });
    return this;
  }

  <T> RowBinaryOut array(List<T> items, Consumer<T> element) {
    varUInt(items.size());
    items.forEach(element);
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void varUInt(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
