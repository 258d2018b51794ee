package io.obsera.streams.slo;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Good and total of one bucket (a minute or an hour) starting at {@code startMillis}; stored in 24
 * fixed bytes because the burn-rate punctuation reads thousands of them per SLO.
 */
record SliCount(long startMillis, long good, long total) {
  SliCount plus(long moreGood, long moreTotal) {
    return new SliCount(startMillis, good + moreGood, total + moreTotal);
  }

  static Serde<SliCount> serde() {
    Serializer<SliCount> ser =
        (topic, c) ->
            c == null
                ? null
                : ByteBuffer.allocate(24)
                    .putLong(c.startMillis)
                    .putLong(c.good)
                    .putLong(c.total)
                    .array();
    Deserializer<SliCount> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(bytes);
          return new SliCount(b.getLong(), b.getLong(), b.getLong());
        };
    return Serdes.serdeFrom(ser, de);
  }
}
