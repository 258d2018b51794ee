package io.obsera.ingest.limits;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;

/**
 * The 64-bit identity of a metric series: its resource's attributes, the metric name and the data
 * point's attributes, each attribute set taken sorted by key (so the order a client sends them in
 * does not make a new series). Resource attributes count because the stored rows are per resource
 * (a new {@code service.instance.id} is a new series in the tables too); the scope does not. The
 * hash is seeded per process, so no client can craft colliding series to slip past the limit.
 */
final class SeriesIdentity {
  private static final long SEED = new SecureRandom().nextLong();
  private static final long PRIME = 0x100000001b3L;
  private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);

  private SeriesIdentity() {}

  /** The hash of a resource's attribute set, computed once per resource. */
  static long resource(List<KeyValue> attributes) {
    return attributes(SEED, attributes);
  }

  /** The series of a point of {@code metric} with {@code attributes} under that resource. */
  static long series(long resource, String metric, List<KeyValue> attributes) {
    long h = chars(resource * PRIME, metric);
    return fmix(attributes((h ^ 0xff) * PRIME, attributes));
  }

  private static long attributes(long h, List<KeyValue> attributes) {
    List<KeyValue> sorted = attributes;
    if (!isSorted(attributes)) {
      sorted = attributes.stream().sorted(BY_KEY).toList();
    }
    for (int i = 0, n = sorted.size(); i < n; i++) {
      KeyValue kv = sorted.get(i);
      h = chars(h, kv.getKey());
      h = value((h ^ 0xfe) * PRIME, kv.getValue());
      h = (h ^ 0xfd) * PRIME;
    }
    return h;
  }

  private static boolean isSorted(List<KeyValue> attributes) {
    for (int i = 1, n = attributes.size(); i < n; i++) {
      if (attributes.get(i - 1).getKey().compareTo(attributes.get(i).getKey()) > 0) {
        return false;
      }
    }
    return true;
  }

  private static long value(long h, AnyValue v) {
    h = (h ^ v.getValueCase().getNumber()) * PRIME;
    return switch (v.getValueCase()) {
      case STRING_VALUE -> chars(h, v.getStringValue());
      case BOOL_VALUE -> (h ^ (v.getBoolValue() ? 1 : 0)) * PRIME;
      case INT_VALUE -> word(h, v.getIntValue());
      case DOUBLE_VALUE -> word(h, Double.doubleToLongBits(v.getDoubleValue()));
      default -> bytes(h, v.toByteString());
    };
  }

  /** FNV-1a over UTF-16 units, with the length, so "ab"+"c" and "a"+"bc" differ. */
  private static long chars(long h, String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      h = (h ^ s.charAt(i)) * PRIME;
    }
    return word(h, s.length());
  }

  private static long bytes(long h, ByteString b) {
    for (int i = 0, n = b.size(); i < n; i++) {
      h = (h ^ (b.byteAt(i) & 0xff)) * PRIME;
    }
    return word(h, b.size());
  }

  private static long word(long h, long w) {
    return (h ^ fmix(w)) * PRIME;
  }

  /** MurmurHash3's 64-bit finaliser: every input bit moves every output bit. */
  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
