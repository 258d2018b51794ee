package io.obsera.query.control;

import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.Visibility;
import io.obsera.query.api.ApiException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the admins write control-plane records: refuse a record with problems (400 listing every
 * one), write it to its compacted topic, and return once this service's view shows exactly it (or,
 * after a delete, no longer shows it).
 */
public final class ControlWrites {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ControlPlaneWriter writer;

  public ControlWrites(ControlPlaneWriter writer) {
    this.writer = writer;
  }

  /** 400 listing {@code errors}, if there are any. */
  public static void requireNoErrors(List<String> errors) {
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", errors));
    }
  }

  public <V> V put(String topic, String key, V value, Supplier<Optional<V>> visible) {
    writer.put(topic, key, value);
    Visibility.await(() -> visible.get().filter(value::equals).isPresent());
    return value;
  }

  public void delete(String topic, String key, Supplier<Optional<?>> visible) {
    writer.delete(topic, key);
    Visibility.await(() -> visible.get().isEmpty());
  }

  /** A new id: {@code prefix} and 12 random hex digits. */
  public static String newId(String prefix) {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  /** The update time of a record created at {@code created}: now, but never before its creation. */
  public static Instant updatedAt(Instant created, Instant now) {
    return now.isBefore(created) ? created : now;
  }
}
