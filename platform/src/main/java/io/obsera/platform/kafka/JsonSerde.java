package io.obsera.platform.kafka;

import io.obsera.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** JSON serde ({@link Json#MAPPER}) for records in Kafka topics, stores and repartitions. */
public final class JsonSerde {
  private JsonSerde() {}

  public static <T> Serde<T> of(Class<T> type) {
    Serializer<T> ser =
        (topic, value) -> {
          try {
            return value == null ? null : Json.MAPPER.writeValueAsBytes(value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    Deserializer<T> de =
        (topic, bytes) -> {
          try {
            return bytes == null ? null : Json.MAPPER.readValue(bytes, type);
          } catch (IOException e) {
            throw new SerializationException(
                "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
