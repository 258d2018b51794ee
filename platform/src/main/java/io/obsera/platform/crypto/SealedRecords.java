package io.obsera.platform.crypto;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.EndpointDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The control records that hold values sealed under {@code OBSERA_SECRET_KEY} (channel secrets,
 * endpoint header values), and how to move each to the current key after a rotation: the rewriters
 * of {@link io.obsera.platform.control.ControlRecordRotation}.
 */
public final class SealedRecords {
  private SealedRecords() {}

  /** Per control topic: the record's JSON with every secret under {@code box}'s current key. */
  public static Map<String, UnaryOperator<byte[]>> resealers(SecretBox box) {
    ChannelSealer channels = new ChannelSealer(box);
    EndpointSealer endpoints = new EndpointSealer(box);
    return Map.of(
        Topics.CONTROL_CHANNELS, json -> rewrite(json, ChannelRecord.class, channels::reseal),
        Topics.CONTROL_ENDPOINTS,
            json -> rewrite(json, EndpointDefinition.class, endpoints::reseal));
  }

  private static <T> byte[] rewrite(byte[] json, Class<T> type, Function<T, T> reseal) {
    try {
      T resealed = reseal.apply(Json.MAPPER.readValue(json, type));
      return resealed == null ? null : Json.MAPPER.writeValueAsBytes(resealed);
    } catch (IOException e) {
      throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
