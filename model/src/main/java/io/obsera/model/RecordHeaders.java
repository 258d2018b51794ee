package io.obsera.model;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Kafka header names carried by Obsera records. */
public final class RecordHeaders {
  /** The tenant that owns the record (also the first part of the key). */
  public static final String TENANT = "obsera.tenant";

  /** The signal of a raw record: traces, logs or metrics. */
  public static final String SIGNAL = "obsera.signal";

  /** Version of the value's schema; raw records carry OTLP protobuf, version {@value #OTLP_V1}. */
  public static final String SCHEMA = "obsera.schema";

  /** Value of {@link #SCHEMA} for OTLP protobuf fragments. */
  public static final String OTLP_V1 = "otlp-proto-v1";

  /** Why a record went to the dead-letter topic. */
  public static final String DLQ_REASON = "obsera.dlq.reason";

  /** Topic, partition and offset the dead-lettered record came from. */
  public static final String DLQ_SOURCE = "obsera.dlq.source";

  private RecordHeaders() {}

  public static Optional<String> read(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null
        ? Optional.empty()
        : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
  }

  public static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
