package io.obsera.platform.control;

import java.util.Optional;

/**
 * Sees every put and delete that goes through a {@link ControlPlaneWriter}, with the record it
 * replaced: how the query service gives each audit event the before and after of what it changed.
 */
public interface ControlChangeListener {
  /** Listens to nothing. */
  ControlChangeListener NONE =
      new ControlChangeListener() {
        @Override
        public Optional<?> current(String topic, String key) {
          return Optional.empty();
        }

        @Override
        public void changed(String topic, String key, Object before, Object after) {}
      };

  /** The record now under {@code key} in {@code topic}, asked just before it is overwritten. */
  Optional<?> current(String topic, String key);

  /**
   * Kafka acknowledged the write: {@code before} as {@link #current} returned it (null: none),
   * {@code after} the record written (null: deleted).
   */
  void changed(String topic, String key, Object before, Object after);
}
