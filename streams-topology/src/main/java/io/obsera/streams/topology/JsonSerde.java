package io.obsera.streams.topology;

import org.apache.kafka.common.serialization.Serde;

/** JSON serde for the topology's own records: the shared {@link io.obsera.model.JsonSerde}. */
public final class JsonSerde {
  private JsonSerde() {}

  public static <T> Serde<T> of(Class<T> type) {
    return io.obsera.model.JsonSerde.of(type);
  }
}
