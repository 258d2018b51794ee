package io.obsera.ingest.otlp;

import io.obsera.ingest.otlp.BadInputItems.Item;
import io.obsera.ingest.pipeline.Signal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Bodies that do not decode: protobuf (truncated, random, bit-flipped, too deep) and OTLP/JSON
 * (truncated, wrong types, bad hex, not an object, too deep, garbage): 400.
 */
final class UndecodableBodies extends BadInputFamily {
  UndecodableBodies(BadInputFamily shared) {
    super(shared);
  }

  // ---- protobuf bodies that do not decode (400) ----

  void protobufTruncated(Signal signal) {
    int id = nextId();
    byte[] whole = encode(signal, PB, refusedItems(id, 1 + random.nextInt(6)));
    byte[] cut =
        mutateUntilUndecodable(
            signal, () -> Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
    invalid("pb-truncated", signal, PB, cut, protobufHint(signal).get(0));
  }

  void protobufRandom(Signal signal) {
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

  void protobufBitFlipped(Signal signal) {
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
  byte[] mutateUntilUndecodable(Signal signal, java.util.function.Supplier<byte[]> mutate) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      byte[] b = mutate.get();
      if (!BadInputItems.decodes(signal, b)) {
        return b;
      }
    }
    throw new IllegalStateException("no undecodable mutation in 1000 attempts");
  }

  /** AnyValues nested past protobuf-java's recursion limit of 100 messages. */
  void protobufTooDeep(Signal signal) {
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

  void jsonTruncated(Signal signal) {
    byte[] whole = refusedBody(signal, JSON, nextId());
    invalid(
        "json-truncated",
        signal,
        JSON,
        Arrays.copyOf(whole, random.nextInt(whole.length)),
        "(JSON)");
  }

  static final List<String> WRONG_TYPES =
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

  void jsonWrongType(Signal signal) {
    String template = WRONG_TYPES.get(random.nextInt(WRONG_TYPES.size()));
    String body = String.format(template, resourceField(signal), scopeField(signal));
    invalid("json-wrong-type", signal, JSON, utf8(body), "(JSON)");
  }

  /** A span, log record or exemplar whose id is not hex, or has an odd number of hex digits. */
  void jsonBadHex(Signal signal, boolean oddLength) {
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

  static final List<String> NOT_OBJECTS =
      List.of("[]", "[{}]", "\"resourceSpans\"", "42", "null", "true", "", "   ", "{}{}", "{} x");

  void jsonNotAnObject(Signal signal) {
    invalid(
        "json-not-object",
        signal,
        JSON,
        utf8(NOT_OBJECTS.get(random.nextInt(NOT_OBJECTS.size()))),
        "(JSON)");
  }

  /** Nesting past the documented 64 levels: in an unknown field or in an attribute value. */
  void jsonTooDeep(Signal signal) {
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
  void jsonGarbage(Signal signal) {
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
}
