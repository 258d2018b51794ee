package io.obsera.query.alerts;

import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Visibility;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the alerting admins write: refuse a record with problems (400 listing every one), write it to
 * its compacted topic, and return once this service's view shows exactly it.
 */
final class ControlWrites {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ControlPlaneWriter writer;

  ControlWrites(ControlPlaneWriter writer) {
    this.writer = writer;
  }

  /** 400 listing {@code errors}, if there are any. */
  static void requireNoErrors(List<String> errors) {
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", errors));
    }
  }

  <V> V put(String topic, String key, V value, Supplier<Optional<V>> visible) {
    writer.put(topic, key, value);
    Visibility.await(() -> visible.get().filter(value::equals).isPresent());
    return value;
  }

  void delete(String topic, String key, Supplier<Optional<?>> visible) {
    writer.delete(topic, key);
    Visibility.await(() -> visible.get().isEmpty());
  }

  /** A new id: {@code prefix} and 12 random hex digits. */
  static String newId(String prefix) {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }
}
