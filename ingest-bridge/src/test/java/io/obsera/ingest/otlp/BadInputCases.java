package io.obsera.ingest.otlp;

import io.obsera.ingest.limits.IngestLimits;
import io.obsera.ingest.otlp.BadInputCase.Auth;
import io.obsera.ingest.otlp.BadInputCase.Limited;
import io.obsera.ingest.otlp.BadInputItems.Item;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the cases of {@link BadInputIT} from a seed: the same seed gives the same cases. Every
 * item of a request or item the ingest must refuse carries a {@link #MUST_NOT_LAND} marker; every
 * item it must keep an {@code ok} marker. Families are described in {@link BadInputIT}.
 */
final class BadInputCases {
  static final String MUST_NOT_LAND = "must-not-land";
  static final String PB = ProtobufCodec.MEDIA_TYPE;
  static final String JSON = JsonCodec.MEDIA_TYPE;

  private final SplittableRandom random;
  private final BadInputItems items;
  private final String run;
  private final int maxBytes;
  private final IngestLimits limits;
  private final List<BadInputCase> cases = new ArrayList<>();

  private BadInputCases(long seed, String run, int maxBytes, IngestLimits limits) {
    this.random = new SplittableRandom(seed);
    this.items = new BadInputItems(random);
    this.run = run;
    this.maxBytes = maxBytes;
    this.limits = limits;
  }

  /** Every case for one seed; {@code run} makes the markers unique to this run. */
  static List<BadInputCase> generate(long seed, String run, int maxBytes, IngestLimits limits) {
    BadInputCases g = new BadInputCases(seed, run, maxBytes, limits);
    for (Signal signal : Signal.values()) {
      g.repeat(40, () -> g.protobufTruncated(signal));
      g.repeat(30, () -> g.protobufRandom(signal));
      g.repeat(35, () -> g.protobufBitFlipped(signal));
      g.repeat(4, () -> g.protobufTooDeep(signal));
      g.repeat(20, () -> g.jsonTruncated(signal));
      g.repeat(12, () -> g.jsonWrongType(signal));
      g.repeat(10, () -> g.jsonBadHex(signal, false));
      g.repeat(10, () -> g.jsonBadHex(signal, true));
      g.repeat(8, () -> g.jsonNotAnObject(signal));
      g.repeat(8, () -> g.jsonTooDeep(signal));
      g.repeat(8, () -> g.jsonGarbage(signal));
      for (String type : List.of(PB, JSON)) {
        g.repeat(25, () -> g.wrongIdLengths(signal, type));
        g.repeat(6, () -> g.tooManyItems(signal, type));
        g.repeat(12, () -> g.attributeLimits(signal, type));
        g.repeat(5, () -> g.validControl(signal, type));
        g.repeat(4, () -> g.gzipValid(signal, type));
      }
      g.repeat(10, () -> g.wrongContentType(signal));
      g.repeat(8, () -> g.unsupportedEncoding(signal));
      g.repeat(8, () -> g.gzipBomb(signal));
      g.repeat(4, () -> g.gzipCorrupt(signal));
      g.repeat(5, () -> g.oversized(signal, false));
      g.repeat(5, () -> g.oversized(signal, true));
      g.repeat(12, () -> g.badKey(signal));
    }
    return List.copyOf(g.cases);
  }

  private void repeat(int n, Runnable add) {
    for (int i = 0; i < n; i++) {
      add.run();
    }
  }

  private int nextId() {
    return cases.size();
  }

  String marker(int caseId, int item, boolean lands) {
    return (lands ? "ok" : MUST_NOT_LAND) + ":" + run + ":" + caseId + ":" + item;
  }

  /** A request of 1-6 items that would be valid, all marked must-not-land. */
  private byte[] refusedBody(Signal signal, String type, int caseId) {
    return encode(signal, type, refusedItems(caseId, 1 + random.nextInt(6)));
  }

  private List<Item> refusedItems(int caseId, int n) {
    List<Item> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(items.valid(marker(caseId, i, false)));
    }
    return list;
  }

  private byte[] encode(Signal signal, String type, List<Item> list) {
    var request = items.request(signal, list);
    return type.equals(JSON) ? BadInputItems.json(request) : request.toByteArray();
  }

  private void refused(
      String family,
      Signal signal,
      String type,
      byte[] body,
      int status,
      List<String> hints,
      Map<String, String> headers,
      Auth auth,
      boolean chunked) {
    cases.add(
        new BadInputCase(
            nextId(), family, signal, type, headers, auth, body, chunked, status, hints, 0,
            Set.of(), Map.of()));
  }

  private void invalid(String family, Signal signal, String type, byte[] body, String... hints) {
    refused(family, signal, type, body, 400, List.of(hints), Map.of(), Auth.INGEST, false);
  }

  private List<String> protobufHint(Signal signal) {
    return List.of("is not a valid " + BadInputItems.messageName(signal));
  }

  // ---- protobuf bodies that do not decode (400) ----

  private void protobufTruncated(Signal signal) {
    int id = nextId();
    byte[] whole = encode(signal, PB, refusedItems(id, 1 + random.nextInt(6)));
    byte[] cut =
        mutateUntilUndecodable(
            signal, () -> Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
    invalid("pb-truncated", signal, PB, cut, protobufHint(signal).get(0));
  }

  private void protobufRandom(Signal signal) {
    byte[] body =
        mutateUntilUndecodable(
            signal,
            () -> {
              byte[] b = new byte[1 + random.nextInt(2048)];
              random.nextBytes(b);
              return b;
            });
    invalid("pb-random", signal, PB, body, protobufHint(signal).get(0));
  }

  private void protobufBitFlipped(Signal signal) {
    int id = nextId();
    byte[] whole = refusedBody(signal, PB, id);
    byte[] flipped =
        mutateUntilUndecodable(
            signal,
            () -> {
              byte[] b = whole.clone();
              for (int f = 1 + random.nextInt(4); f > 0; f--) {
                int i = random.nextInt(b.length);
                b[i] = (byte) (b[i] ^ (1 << random.nextInt(8)));
              }
              return b;
            });
    invalid("pb-bit-flipped", signal, PB, flipped, protobufHint(signal).get(0));
  }

  /** A mutation that protobuf-java cannot decode: one that still decodes is not a bad input. */
  private byte[] mutateUntilUndecodable(Signal signal, java.util.function.Supplier<byte[]> mutate) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      byte[] b = mutate.get();
      if (!BadInputItems.decodes(signal, b)) {
        return b;
      }
    }
    throw new IllegalStateException("no undecodable mutation in 1000 attempts");
  }

  /** AnyValues nested past protobuf-java's recursion limit of 100 messages. */
  private void protobufTooDeep(Signal signal) {
    int id = nextId();
    Item item =
        new Item(
            marker(id, 0, false),
            16,
            8,
            -1,
            1,
            List.of(BadInputItems.nested("deep", 60 + random.nextInt(100), random.nextBoolean())),
            0);
    invalid(
        "pb-too-deep", signal, PB, encode(signal, PB, List.of(item)), protobufHint(signal).get(0));
  }

  // ---- OTLP/JSON bodies that do not decode (400) ----

  private void jsonTruncated(Signal signal) {
    byte[] whole = refusedBody(signal, JSON, nextId());
    invalid(
        "json-truncated",
        signal,
        JSON,
        Arrays.copyOf(whole, random.nextInt(whole.length)),
        "(JSON)");
  }

  private static final List<String> WRONG_TYPES =
      List.of(
          "{\"%s\":\"x\"}",
          "{\"%s\":5}",
          "{\"%s\":[1]}",
          "{\"%s\":[\"x\"]}",
          "{\"%s\":{\"a\":1}}",
          "{\"%s\":[{\"resource\":7}]}",
          "{\"%s\":[{\"resource\":{\"attributes\":{\"k\":\"v\"}}}]}",
          "{\"%s\":[{\"resource\":{\"droppedAttributesCount\":-1}}]}",
          "{\"%s\":[{\"resource\":{\"droppedAttributesCount\":1.5}}]}",
          "{\"%s\":[{\"schemaUrl\":{\"x\":1}}]}",
          "{\"%s\":[{\"schemaUrl\":[1,2]}]}",
          "{\"%s\":[{\"%s\":[{\"scope\":\"name\"}]}]}");

  private void jsonWrongType(Signal signal) {
    String template = WRONG_TYPES.get(random.nextInt(WRONG_TYPES.size()));
    String body = String.format(template, resourceField(signal), scopeField(signal));
    invalid("json-wrong-type", signal, JSON, utf8(body), "(JSON)");
  }

  /** A span, log record or exemplar whose id is not hex, or has an odd number of hex digits. */
  private void jsonBadHex(Signal signal, boolean oddLength) {
    int id = nextId();
    String good =
        new String(
            BadInputItems.json(items.request(signal, refusedItems(id, 1))), StandardCharsets.UTF_8);
    String field = random.nextBoolean() ? "traceId" : "spanId";
    String bad;
    if (oddLength) {
      bad = "abcdef0123456789".substring(0, 1 + 2 * random.nextInt(8));
    } else {
      char[] hex =
          "0af7651916cd43dd8448eb211c80319c"
              .substring(0, field.equals("traceId") ? 32 : 16)
              .toCharArray();
      hex[random.nextInt(hex.length)] = "gxz-+ G!".charAt(random.nextInt(8));
      bad = new String(hex);
    }
    String body =
        good.replaceFirst("\"" + field + "\":\"[0-9a-f]*\"", "\"" + field + "\":\"" + bad + "\"");
    invalid(oddLength ? "json-odd-hex" : "json-bad-hex", signal, JSON, utf8(body), "hex");
  }

  private static final List<String> NOT_OBJECTS =
      List.of("[]", "[{}]", "\"resourceSpans\"", "42", "null", "true", "", "   ", "{}{}", "{} x");

  private void jsonNotAnObject(Signal signal) {
    invalid(
        "json-not-object",
        signal,
        JSON,
        utf8(NOT_OBJECTS.get(random.nextInt(NOT_OBJECTS.size()))),
        "(JSON)");
  }

  /** Nesting past the documented 64 levels: in an unknown field or in an attribute value. */
  private void jsonTooDeep(Signal signal) {
    int depth = 65 + random.nextInt(1000);
    String body;
    if (random.nextBoolean()) {
      body = "{\"unknown\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    } else {
      int id = nextId();
      Item item =
          new Item(
              marker(id, 0, false),
              16,
              8,
              -1,
              1,
              List.of(BadInputItems.nested("deep", depth / 3 + 1, false)),
              0);
      body = new String(encode(signal, JSON, List.of(item)), StandardCharsets.UTF_8);
    }
    invalid("json-too-deep", signal, JSON, utf8(body), "nesting depth");
  }

  /** Random bytes and invalid UTF-8 sent as JSON. */
  private void jsonGarbage(Signal signal) {
    byte[] b = new byte[1 + random.nextInt(512)];
    random.nextBytes(b);
    if (b[0] == '{' || b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
      b[0] = (byte) 0xff;
    }
    if (random.nextBoolean()) {
      b = utf8("{\"" + resourceField(signal) + "\":[{\"schemaUrl\":\"\u00e9" + "\"}]}");
      int at = new String(b, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
      b[at] = (byte) 0xff; // invalid UTF-8 start byte inside a string
    }
    invalid("json-garbage", signal, JSON, b, "(JSON)");
  }

  // ---- valid requests with invalid items (200 + partial_success) ----

  private void wrongIdLengths(Signal signal, String type) {
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
  private Item wrongIds(Signal signal) {
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

  private void validControl(Signal signal, String type) {
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

  private void tooManyItems(Signal signal, String type) {
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
  private void attributeLimits(Signal signal, String type) {
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
  private KeyValue attribute(String key, String type) {
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
  private Limited limit(List<KeyValue> attrs, int droppedBefore) {
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

  private static int depth(KeyValue kv) {
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

  // ---- transport: content type, encoding, size, keys ----

  private static final List<String> WRONG_TYPES_HEADER =
      List.of(
          "text/plain",
          "application/xml",
          "application/protobuf",
          "application/jsonl",
          "multipart/form-data",
          "application/octet-stream",
          "application/grpc",
          "json");

  private void wrongContentType(Signal signal) {
    int id = nextId();
    String type =
        random.nextInt(5) == 0
            ? null
            : WRONG_TYPES_HEADER.get(random.nextInt(WRONG_TYPES_HEADER.size()));
    refused(
        "wrong-content-type",
        signal,
        type,
        refusedBody(signal, random.nextBoolean() ? PB : JSON, id),
        415,
        List.of("Content-Type"),
        Map.of(),
        Auth.INGEST,
        false);
  }

  private static final List<String> ENCODINGS =
      List.of("br", "deflate", "zstd", "compress", "gzip, br", "x-gzip2", "snappy");

  private void unsupportedEncoding(Signal signal) {
    int id = nextId();
    String type = random.nextBoolean() ? PB : JSON;
    refused(
        "unsupported-encoding",
        signal,
        type,
        refusedBody(signal, type, id),
        415,
        List.of("Content-Encoding"),
        Map.of("Content-Encoding", ENCODINGS.get(random.nextInt(ENCODINGS.size()))),
        Auth.INGEST,
        false);
  }

  /** A small gzip body that inflates past the limit: zeros, or a valid request padded out. */
  private void gzipBomb(Signal signal) {
    int id = nextId();
    String type = random.nextBoolean() ? PB : JSON;
    int inflated = maxBytes + 1 + random.nextInt(maxBytes * 40);
    byte[] plain;
    if (random.nextBoolean()) {
      plain = new byte[inflated];
    } else {
      byte[] head = refusedBody(signal, type, id);
      plain = Arrays.copyOf(head, Math.max(inflated, head.length + 1));
      Arrays.fill(plain, head.length, plain.length, type.equals(JSON) ? (byte) ' ' : 0);
    }
    refused(
        "gzip-bomb",
        signal,
        type,
        gzip(plain),
        413,
        List.of("decompressed body exceeds the limit"),
        Map.of("Content-Encoding", "gzip"),
        Auth.INGEST,
        random.nextBoolean());
  }

  private void gzipCorrupt(Signal signal) {
    int id = nextId();
    String type = random.nextBoolean() ? PB : JSON;
    byte[] zipped = gzip(refusedBody(signal, type, id));
    byte[] bad =
        random.nextBoolean()
            ? Arrays.copyOf(zipped, 10 + random.nextInt(zipped.length - 18))
            : zipped.clone();
    if (bad.length == zipped.length) {
      bad[random.nextInt(2)] ^= 0x55; // not the gzip magic
    }
    refused(
        "gzip-corrupt",
        signal,
        type,
        bad,
        400,
        List.of("gzip"),
        Map.of("Content-Encoding", "gzip"),
        Auth.INGEST,
        false);
  }

  private void gzipValid(Signal signal, String type) {
    int id = nextId();
    List<Item> list = List.of(items.valid(marker(id, 0, true)), items.valid(marker(id, 1, true)));
    cases.add(
        new BadInputCase(
            id,
            "gzip-valid",
            signal,
            type,
            Map.of("Content-Encoding", "gzip"),
            Auth.INGEST,
            gzip(encode(signal, type, list)),
            false,
            200,
            List.of(),
            0,
            Set.of(list.get(0).marker(), list.get(1).marker()),
            Map.of()));
  }

  /** Bodies over the limit, declared or chunked; chunked ones up to 6 times the limit. */
  private void oversized(Signal signal, boolean chunked) {
    int id = nextId();
    String type = random.nextBoolean() ? PB : JSON;
    byte[] head = refusedBody(signal, type, id);
    int size = maxBytes + 1 + random.nextInt(chunked ? 5 * maxBytes : 3 * maxBytes);
    byte[] body = Arrays.copyOf(head, size);
    Arrays.fill(body, head.length, size, type.equals(JSON) ? (byte) ' ' : 0);
    refused(
        chunked ? "oversized-chunked" : "oversized-declared",
        signal,
        type,
        body,
        413,
        List.of("exceeds the limit of " + maxBytes),
        Map.of(),
        Auth.INGEST,
        chunked);
  }

  private void badKey(Signal signal) {
    int id = nextId();
    Auth auth = Auth.values()[1 + random.nextInt(Auth.values().length - 1)];
    String type = random.nextBoolean() ? PB : JSON;
    int status = auth == Auth.QUERY_ONLY ? 403 : 401;
    List<String> hints =
        auth == Auth.QUERY_ONLY ? List.of("no ingest scope") : List.of("API key", "Authorization");
    refused(
        "bad-key",
        signal,
        type,
        refusedBody(signal, type, id),
        status,
        hints,
        Map.of(),
        auth,
        false);
  }

  private static String resourceField(Signal signal) {
    return switch (signal) {
      case TRACES -> "resourceSpans";
      case LOGS -> "resourceLogs";
      case METRICS -> "resourceMetrics";
    };
  }

  private static String scopeField(Signal signal) {
    return switch (signal) {
      case TRACES -> "scopeSpans";
      case LOGS -> "scopeLogs";
      case METRICS -> "scopeMetrics";
    };
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
