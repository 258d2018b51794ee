package io.obsera.ingest.otlp;

import io.javalin.http.Context;
import io.obsera.ingest.pipeline.IngestError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body: checks the size limit and, for a gzip body ({@link RequestHeaders#gzip}),
 * the decompressed size limit.
 */
final class RequestBodies {
  /** Bodies declared up to this many times the limit are drained before the 413 is sent. */
  static final long DRAIN_FACTOR = 4;

  private final int maxBytes;

  RequestBodies(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The body, at most the limit. Reads the stream itself rather than Javalin's {@code
   * bodyAsBytes()}, whose own limit answers a chunked body far over ours with a plain-text 413, and
   * takes the declared length as a long: the servlet's int {@code getContentLength()} is -1 for a
   * length over 2 GiB, which then waited for the body instead of refusing it at once.
   */
  byte[] read(Context ctx, boolean gzip) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      drain(ctx, declared);
      throw IngestError.tooLarge(
          "request body of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    InputStream in = ctx.req().getInputStream();
    byte[] raw = in.readNBytes(maxBytes + 1);
    if (raw.length > maxBytes) {
      drain(ctx, -1);
      throw IngestError.tooLarge("request body exceeds the limit of " + maxBytes + " bytes");
    }
    return gzip ? gunzip(raw) : raw;
  }

  /**
   * Reads and discards a moderately oversized body so the client, still sending, gets the 413
   * instead of a reset connection. Bodies far over the limit (declared, or chunked and still going
   * after {@link #DRAIN_FACTOR} times the limit) are not read: the connection closes.
   */
  private void drain(Context ctx, long declared) {
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

  private byte[] gunzip(byte[] raw) {
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
