package io.obsera.ingest.limits;

import io.obsera.ingest.pipeline.IngestError;
import java.util.HashMap;
import java.util.Map;

/**
 * The request bytes this ingest instance holds, in all and per API key, capped by {@link
 * InFlightLimits}. A request {@linkplain #reserve reserves} its bytes before it reads them (all of
 * a declared Content-Length at once, a chunked body as it arrives) and gives them back once it has
 * been answered; a request that does not fit is UNAVAILABLE (503, Retry-After) before its body is
 * read, so a flood of large bodies cannot exhaust the heap.
 */
public final class InFlightBytes {
  /** Seconds a refused client is asked to wait. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final InFlightLimits limits;
  private final Map<String, Long> perKey = new HashMap<>();
  private long total;

  public InFlightBytes(InFlightLimits limits) {
    this.limits = limits;
  }

  /** An empty reservation for one request of key {@code keyId}; close it once answered. */
  public Reservation reserve(String keyId) {
    return new Reservation(keyId);
  }

  /** The bytes held now, for tests and metrics. */
  public synchronized long total() {
    return total;
  }

  private synchronized void take(String keyId, long bytes) {
    long ofKey = perKey.getOrDefault(keyId, 0L);
    if (ofKey + bytes > limits.maxBytesPerKey()) {
      throw IngestError.unavailable(
          "API key "
              + keyId
              + " has "
              + ofKey
              + " bytes of requests in flight on this instance; "
              + bytes
              + " more exceed its share of "
              + limits.maxBytesPerKey()
              + " bytes (OBSERA_INGEST_MAX_INFLIGHT_BYTES_PER_KEY); retry later",
          RETRY_AFTER_SECONDS);
    }
    if (total + bytes > limits.maxBytes()) {
      throw IngestError.unavailable(
          "this ingest instance holds "
              + total
              + " bytes of requests in flight; "
              + bytes
              + " more exceed its limit of "
              + limits.maxBytes()
              + " bytes (OBSERA_INGEST_MAX_INFLIGHT_BYTES); retry later",
          RETRY_AFTER_SECONDS);
    }
    perKey.put(keyId, ofKey + bytes);
    total += bytes;
  }

  private synchronized void give(String keyId, long bytes) {
    total -= bytes;
    long left = perKey.getOrDefault(keyId, 0L) - bytes;
    if (left <= 0) {
      perKey.remove(keyId);
    } else {
      perKey.put(keyId, left);
    }
  }

  /** The bytes one request holds; {@link #close} gives them all back. */
  public final class Reservation implements AutoCloseable {
    private final String keyId;
    private long held;

    private Reservation(String keyId) {
      this.keyId = keyId;
    }

    /** Holds {@code bytes} more, or throws UNAVAILABLE naming the limit (nothing more held). */
    public void grow(long bytes) {
      if (bytes > 0) {
        take(keyId, bytes);
        held += bytes;
      }
    }

    @Override
    public void close() {
      if (held > 0) {
        give(keyId, held);
        held = 0;
      }
    }
  }
}
