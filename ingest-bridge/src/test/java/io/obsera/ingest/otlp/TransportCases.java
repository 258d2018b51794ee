package io.obsera.ingest.otlp;

import io.obsera.ingest.otlp.BadInputCase.Auth;
import io.obsera.ingest.otlp.BadInputItems.Item;
import io.obsera.ingest.pipeline.Signal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transport-level refusals: content type, content encoding, gzip bombs and corrupt gzip, oversized
 * bodies, bad keys.
 */
final class TransportCases extends BadInputFamily {
  TransportCases(BadInputFamily shared) {
    super(shared);
  }

  // ---- transport: content type, encoding, size, keys ----

  static final List<String> WRONG_TYPES_HEADER =
      List.of(
          "text/plain",
          "application/xml",
          "application/protobuf",
          "application/jsonl",
          "multipart/form-data",
          "application/octet-stream",
          "application/grpc",
          "json");

  void wrongContentType(Signal signal) {
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

  static final List<String> ENCODINGS =
      List.of("br", "deflate", "zstd", "compress", "gzip, br", "x-gzip2", "snappy");

  void unsupportedEncoding(Signal signal) {
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
  void gzipBomb(Signal signal) {
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
        BadInputCases.gzip(plain),
        413,
        List.of("decompressed body exceeds the limit"),
        Map.of("Content-Encoding", "gzip"),
        Auth.INGEST,
        random.nextBoolean());
  }

  void gzipCorrupt(Signal signal) {
    int id = nextId();
    String type = random.nextBoolean() ? PB : JSON;
    byte[] zipped = BadInputCases.gzip(refusedBody(signal, type, id));
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

  void gzipValid(Signal signal, String type) {
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
            BadInputCases.gzip(encode(signal, type, list)),
            false,
            200,
            List.of(),
            0,
            Set.of(list.get(0).marker(), list.get(1).marker()),
            Map.of()));
  }

  /** Bodies over the limit, declared or chunked; chunked ones up to 6 times the limit. */
  void oversized(Signal signal, boolean chunked) {
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

  void badKey(Signal signal) {
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
}
