package io.obsera.ingest.otlp;

import io.obsera.ingest.limits.IngestLimits;
import io.obsera.ingest.pipeline.Signal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the cases of {@link BadInputIT} from a seed: the same seed gives the same cases. Every
 * item of a request or item the ingest must refuse carries a {@link #MUST_NOT_LAND} marker; every
 * item it must keep an {@code ok} marker. Families are described in {@link BadInputIT} and built by
 * {@link UndecodableBodies}, {@link InvalidItems}, {@link SpanLinkCases} and {@link
 * TransportCases}.
 */
final class BadInputCases {
  static final String MUST_NOT_LAND = "must-not-land";
  static final String PB = ProtobufCodec.MEDIA_TYPE;
  static final String JSON = JsonCodec.MEDIA_TYPE;

  private BadInputCases() {}

  /** Every case for one seed; {@code run} makes the markers unique to this run. */
  static List<BadInputCase> generate(long seed, String run, int maxBytes, IngestLimits limits) {
    BadInputFamily shared =
        new BadInputFamily(new SplittableRandom(seed), run, maxBytes, limits) {};
    UndecodableBodies u = new UndecodableBodies(shared);
    InvalidItems i = new InvalidItems(shared);
    TransportCases t = new TransportCases(shared);
    SpanLinkCases links = new SpanLinkCases(shared);
    for (Signal signal : Signal.values()) {
      shared.repeat(40, () -> u.protobufTruncated(signal));
      shared.repeat(30, () -> u.protobufRandom(signal));
      shared.repeat(35, () -> u.protobufBitFlipped(signal));
      shared.repeat(4, () -> u.protobufTooDeep(signal));
      shared.repeat(20, () -> u.jsonTruncated(signal));
      shared.repeat(12, () -> u.jsonWrongType(signal));
      shared.repeat(10, () -> u.jsonBadHex(signal, false));
      shared.repeat(10, () -> u.jsonBadHex(signal, true));
      shared.repeat(8, () -> u.jsonNotAnObject(signal));
      shared.repeat(8, () -> u.jsonTooDeep(signal));
      shared.repeat(8, () -> u.jsonGarbage(signal));
      for (String type : List.of(PB, JSON)) {
        shared.repeat(25, () -> i.wrongIdLengths(signal, type));
        shared.repeat(6, () -> i.tooManyItems(signal, type));
        shared.repeat(12, () -> i.attributeLimits(signal, type));
        shared.repeat(5, () -> i.validControl(signal, type));
        shared.repeat(4, () -> t.gzipValid(signal, type));
      }
      shared.repeat(10, () -> t.wrongContentType(signal));
      shared.repeat(8, () -> t.unsupportedEncoding(signal));
      shared.repeat(8, () -> t.gzipBomb(signal));
      shared.repeat(4, () -> t.gzipCorrupt(signal));
      shared.repeat(5, () -> t.oversized(signal, false));
      shared.repeat(5, () -> t.oversized(signal, true));
      shared.repeat(12, () -> t.badKey(signal));
    }
    for (String type : List.of(PB, JSON)) {
      shared.repeat(20, () -> links.wrongLinkIds(type));
    }
    return List.copyOf(shared.cases);
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
