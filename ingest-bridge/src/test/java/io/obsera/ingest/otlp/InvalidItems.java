package io.obsera.ingest.otlp;

import io.obsera.ingest.otlp.BadInputCase.Auth;
import io.obsera.ingest.otlp.BadInputCase.Limited;
import io.obsera.ingest.otlp.BadInputItems.Item;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Requests that decode with items that do not all pass: wrong id lengths (partial success),
 * attribute limits (truncated and counted), too many items (413), and valid controls.
 */
final class InvalidItems extends BadInputFamily {
  InvalidItems(BadInputFamily shared) {
    super(shared);
  }

  // ---- valid requests with invalid items (200 + partial_success) ----

  void wrongIdLengths(Signal signal, String type) {
    int id = nextId();
    int n = 1 + random.nextInt(8);
    int badAt = random.nextInt(n);
    List<Item> list = new ArrayList<>();
    Set<String> landing = new LinkedHashSet<>();
    int rejected = 0;
    for (int i = 0; i < n; i++) {
      Item item = i == badAt || random.nextInt(3) == 0 ? wrongIds(signal) : items.valid("");
      boolean lands = item.valid(signal);
      Item marked =
          new Item(
              marker(id, i, lands),
              item.traceIdBytes(),
              item.spanIdBytes(),
              item.parentIdBytes(),
              item.points(),
              List.of(),
              0);
      list.add(marked);
      if (lands) {
        landing.add(marked.marker());
      } else {
        rejected += marked.count(signal);
      }
    }
    cases.add(
        new BadInputCase(
            id,
            "wrong-id-lengths",
            signal,
            type,
            Map.of(),
            Auth.INGEST,
            encode(signal, type, list),
            false,
            200,
            List.of("rejected"),
            rejected,
            landing,
            Map.of()));
  }

  /** An item with at least one id of a wrong length for its signal. */
  Item wrongIds(Signal signal) {
    IntFunction<Integer> wrong =
        want -> {
          int len;
          do {
            len = 1 + random.nextInt(40);
          } while (len == want);
          return len;
        };
    int which = random.nextInt(signal == Signal.TRACES ? 3 : 2);
    int trace = which == 0 ? wrong.apply(16) : 16;
    int span = which == 1 ? wrong.apply(8) : 8;
    int parent = which == 2 ? wrong.apply(8) : -1;
    if (signal == Signal.TRACES && which == 0 && random.nextBoolean()) {
      trace = 0; // a span needs a trace id
    }
    return new Item("", trace, span, parent, 1 + random.nextInt(3), List.of(), 0);
  }

  void validControl(Signal signal, String type) {
    int id = nextId();
    List<Item> list = new ArrayList<>();
    Set<String> landing = new LinkedHashSet<>();
    for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
      list.add(items.valid(marker(id, i, true)));
      landing.add(marker(id, i, true));
    }
    cases.add(
        new BadInputCase(
            id,
            "valid-control",
            signal,
            type,
            Map.of(),
            Auth.INGEST,
            encode(signal, type, list),
            random.nextBoolean(),
            200,
            List.of(),
            0,
            landing,
            Map.of()));
  }

  void tooManyItems(Signal signal, String type) {
    int id = nextId();
    int max = limits.maxItemsPerRequest();
    List<Item> list =
        refusedItems(
            id,
            signal == Signal.METRICS
                ? max / 2 + 1 + random.nextInt(max)
                : max + 1 + random.nextInt(max));
    int points = list.stream().mapToInt(i -> i.count(signal)).sum();
    if (points <= max) {
      list = refusedItems(id, max + 1);
    }
    refused(
        "too-many-items",
        signal,
        type,
        encode(signal, type, list),
        413,
        List.of("exceed the limit of " + max),
        Map.of(),
        Auth.INGEST,
        false);
  }

  /** Huge string values, too many attributes, deeply nested values: kept, truncated, counted. */
  void attributeLimits(Signal signal, String type) {
    int id = nextId();
    List<Item> list = new ArrayList<>();
    Map<String, Limited> expected = new LinkedHashMap<>();
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      List<KeyValue> attrs = new ArrayList<>();
      if (i == 0 && random.nextBoolean()) {
        int huge = type.equals(JSON) ? 10_000 : 25_000;
        attrs.add(BadInputItems.string("huge", "h".repeat(huge + random.nextInt(huge))));
      }
      int count =
          random.nextInt(3) == 0
              ? limits.maxAttributesPerItem() + 1 + random.nextInt(40)
              : 1 + random.nextInt(limits.maxAttributesPerItem());
      for (int a = 0; a < count; a++) {
        attrs.add(attribute("attr." + a, type));
      }
      String m = marker(id, i, true);
      int before = random.nextInt(3);
      Item item = new Item(m, 16, 8, -1, 1, attrs, before);
      list.add(item);
      // metric attributes go on the resource, after its own two
      expected.put(
          m,
          limit(signal == Signal.METRICS ? BadInputItems.resourceAttributes(item) : attrs, before));
    }
    byte[] body = encode(signal, type, list);
    if (body.length > maxBytes) {
      throw new IllegalStateException(
          "attribute case of " + body.length + " bytes is over the limit");
    }
    cases.add(
        new BadInputCase(
            id,
            "attribute-limits",
            signal,
            type,
            Map.of(),
            Auth.INGEST,
            body,
            false,
            200,
            List.of(),
            0,
            Set.copyOf(expected.keySet()),
            expected));
  }

  /** A long string (maybe of surrogate pairs), a nested value, or a short string. */
  KeyValue attribute(String key, String type) {
    int kind = random.nextInt(4);
    if (kind == 0) {
      String unit = random.nextBoolean() ? "x" : "\uD83D\uDE00"; // a surrogate pair
      int max = limits.maxAttributeValueLength();
      return BadInputItems.string(key, unit.repeat(max / 2 + 1 + random.nextInt(max)));
    }
    if (kind == 1) {
      int maxDepth = type.equals(JSON) ? 12 : 25; // JSON stays within its 64 nesting levels
      return BadInputItems.nested(key, 1 + random.nextInt(maxDepth), random.nextBoolean());
    }
    return BadInputItems.string(key, "v" + key);
  }

  /** The documented limits: the first N attributes not nested too deep, strings cut to a length. */
  Limited limit(List<KeyValue> attrs, int droppedBefore) {
    List<String> kept = new ArrayList<>();
    Map<String, String> truncated = new LinkedHashMap<>();
    int dropped = droppedBefore;
    for (KeyValue kv : attrs) {
      if (kept.size() >= limits.maxAttributesPerItem() || depth(kv) > limits.maxValueDepth()) {
        dropped++;
        continue;
      }
      kept.add(kv.getKey());
      String s = kv.getValue().getStringValue();
      int max = limits.maxAttributeValueLength();
      if (kv.getValue().hasStringValue() && s.length() > max) {
        truncated.put(
            kv.getKey(),
            s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max));
      }
    }
    return new Limited(kept, dropped, truncated);
  }

  static int depth(KeyValue kv) {
    int d = 0;
    var v = kv.getValue();
    while (v.hasArrayValue() || v.hasKvlistValue()) {
      d++;
      v =
          v.hasArrayValue()
              ? v.getArrayValue().getValues(0)
              : v.getKvlistValue().getValues(0).getValue();
    }
    return d;
  }
}
