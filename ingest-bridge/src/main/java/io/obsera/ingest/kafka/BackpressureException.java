package io.obsera.ingest.kafka;

/** Kafka cannot take more now (queue full, broker disk past the watermark); retry later. */
public final class BackpressureException extends RuntimeException {
  public BackpressureException(String message) {
    super(message, null, false, false);
  }
}
