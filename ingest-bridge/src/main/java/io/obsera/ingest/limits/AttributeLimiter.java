package io.obsera.ingest.limits;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies attribute limits to one attribute list: at most N attributes, string values truncated to
 * a length, values nested deeper than a depth dropped. Checks first and returns {@code null} when
 * nothing needs to change, so the common case allocates nothing.
 */
final class AttributeLimiter {
  private final IngestLimits limits;

  AttributeLimiter(IngestLimits limits) {
    this.limits = limits;
  }

  /** The limited list and how many attributes were dropped. */
  record Limited(List<KeyValue> attributes, int dropped) {}

  Limited apply(List<KeyValue> attributes) {
    if (!needsWork(attributes)) {
      return null;
    }
    List<KeyValue> kept =
        new ArrayList<>(Math.min(attributes.size(), limits.maxAttributesPerItem()));
    int dropped = 0;
    for (KeyValue kv : attributes) {
      if (kept.size() >= limits.maxAttributesPerItem()
          || depth(kv.getValue()) > limits.maxValueDepth()) {
        dropped++;
        continue;
      }
      kept.add(
          hasLongString(kv.getValue())
              ? kv.toBuilder().setValue(truncate(kv.getValue())).build()
              : kv);
    }
    return new Limited(kept, dropped);
  }

  private boolean needsWork(List<KeyValue> attributes) {
    if (attributes.size() > limits.maxAttributesPerItem()) {
      return true;
    }
    // Indexed: this runs for every item, and the iterator of protobuf's list is not free.
    for (int i = 0, n = attributes.size(); i < n; i++) {
      AnyValue v = attributes.get(i).getValue();
      if (v.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
        if (v.getStringValue().length() > limits.maxAttributeValueLength()) {
          return true;
        }
      } else if ((v.hasArrayValue() || v.hasKvlistValue())
          && (depth(v) > limits.maxValueDepth() || hasLongString(v))) {
        return true;
      }
    }
    return false;
  }

  /** Depth of a value: scalars 0, an array or kvlist one more than its deepest element. */
  static int depth(AnyValue v) {
    int d = 0;
    if (v.hasArrayValue()) {
      for (AnyValue e : v.getArrayValue().getValuesList()) {
        d = Math.max(d, depth(e));
      }
      return d + 1;
    }
    if (v.hasKvlistValue()) {
      for (KeyValue e : v.getKvlistValue().getValuesList()) {
        d = Math.max(d, depth(e.getValue()));
      }
      return d + 1;
    }
    return 0;
  }

  private boolean hasLongString(AnyValue v) {
    if (v.hasStringValue()) {
      return v.getStringValue().length() > limits.maxAttributeValueLength();
    }
    if (v.hasArrayValue()) {
      return v.getArrayValue().getValuesList().stream().anyMatch(this::hasLongString);
    }
    if (v.hasKvlistValue()) {
      return v.getKvlistValue().getValuesList().stream().anyMatch(e -> hasLongString(e.getValue()));
    }
    return false;
  }

  private AnyValue truncate(AnyValue v) {
    if (v.hasStringValue()) {
      String s = v.getStringValue();
      int max = limits.maxAttributeValueLength();
      if (s.length() <= max) {
        return v;
      }
      int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
      return AnyValue.newBuilder().setStringValue(s.substring(0, end)).build();
    }
    if (v.hasArrayValue()) {
      ArrayValue.Builder a = ArrayValue.newBuilder();
      v.getArrayValue().getValuesList().forEach(e -> a.addValues(truncate(e)));
      return AnyValue.newBuilder().setArrayValue(a).build();
    }
    if (v.hasKvlistValue()) {
      KeyValueList.Builder l = KeyValueList.newBuilder();
      v.getKvlistValue()
          .getValuesList()
          .forEach(e -> l.addValues(e.toBuilder().setValue(truncate(e.getValue()))));
      return AnyValue.newBuilder().setKvlistValue(l).build();
    }
    return v;
  }
}
