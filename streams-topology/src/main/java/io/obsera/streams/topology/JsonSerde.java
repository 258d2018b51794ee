package io.obsera.streams.topology;

import org.apache.kafka.common.serialization.Serde;

/** JSON serde (Jackson) for the topology's own records: stores, repartitions and outputs. */
public final class JsonSerde {
  private JsonSerde() {}

  public static <T> Serde<T> of(Class<T> type) {
    return io.obsera.model.JsonSerde.of(type);
  }
}
