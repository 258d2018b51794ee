package io.obsera.ingest.otlp;

import io.javalin.http.Context;
import io.obsera.ingest.limits.InFlightBytes;
import io.obsera.ingest.pipeline.IngestError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body: checks the size limit and, for a gzip body ({@link RequestHeaders#gzip}),
 * the decompressed size limit, and holds the body's bytes in the instance's in-flight budget before
 * it reads them.
 */
final class RequestBodies {
  /** Bodies declared up to this many times the limit are drained before the 413 is sent. */
  static final long DRAIN_FACTOR = 4;

  /** A chunked body is read, and counted in flight, this many bytes at a time. */
  static final int CHUNK_BYTES = 64 * 1024;

  /**
   * The largest body a request may send.
   *
   * @param maxBytes the limit, compressed or not
   * @param variable the variable that sets it, named in the 413
   */
  record Limit(int maxBytes, String variable) {}

  /**
   * The body, at most the limit. Reads the stream itself rather than Javalin's {@code
   * bodyAsBytes()}, whose own limit answers a chunked body far over ours with a plain-text 413, and
   * takes the declared length as a long: the servlet's int {@code getContentLength()} is -1 for a
   * length over 2 GiB, which then waited for the body instead of refusing it at once.
   */
  byte[] read(Context ctx, Limit limit, InFlightBytes.Reservation inFlight, boolean gzip)
      throws IOException {
    int maxBytes = limit.maxBytes();
    String named = " (" + limit.variable() + ")";
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      drain(ctx, declared, maxBytes);
      throw IngestError.tooLarge(
          "request body of "
              + declared
              + " bytes exceeds the limit of "
              + maxBytes
              + " bytes"
              + named);
    }
    byte[] raw;
    try {
      inFlight.grow(declared);
      raw = declared >= 0 ? readDeclared(ctx, maxBytes) : readChunked(ctx, maxBytes, inFlight);
    } catch (IngestError e) {
      drain(ctx, declared, maxBytes);
      throw e;
    }
    if (raw.length > maxBytes) {
      drain(ctx, -1, maxBytes);
      throw IngestError.tooLarge(
          "request body exceeds the limit of " + maxBytes + " bytes" + named);
    }
    return gzip ? gunzip(raw, maxBytes) : raw;
  }

  private static byte[] readDeclared(Context ctx, int maxBytes) throws IOException {
    return ctx.req().getInputStream().readNBytes(maxBytes + 1);
  }

  /** At most {@code maxBytes + 1} bytes, each chunk counted in flight before it is kept. */
  private static byte[] readChunked(Context ctx, int maxBytes, InFlightBytes.Reservation inFlight)
      throws IOException {
    InputStream in = ctx.req().getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[CHUNK_BYTES];
    while (out.size() <= maxBytes) {
      int n = in.read(buf, 0, Math.min(buf.length, maxBytes + 1 - out.size()));
      if (n < 0) {
        break;
      }
      inFlight.grow(n);
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Reads and discards a moderately oversized (or refused) body so the client, still sending, gets
   * the 413 (or 503) instead of a reset connection. Bodies far over the limit (declared, or chunked
   * and still going after {@link #DRAIN_FACTOR} times the limit) are not read: the connection
   * closes.
   */
  private static void drain(Context ctx, long declared, int maxBytes) {
    if (declared > DRAIN_FACTOR * maxBytes) {
      return;
    }
    try {
      InputStream in = ctx.req().getInputStream();
      long budget = DRAIN_FACTOR * maxBytes;
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n > 0 && budget > 0; n = in.read(buf)) {
        budget -= n;
      }
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  private static byte[] gunzip(byte[] raw, int maxBytes) {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > maxBytes) {
          throw IngestError.tooLarge(
              "decompressed body exceeds the limit of " + maxBytes + " bytes");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw IngestError.invalid("gzip body does not decompress: " + e.getMessage());
    }
  }
}
