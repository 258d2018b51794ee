package io.obsera.testing;

import java.util.Locale;
import java.util.UUID;

/** Names that do not collide between tests, or between runs against the same server. */
final class UniqueNames {
  private UniqueNames() {}

  static String of(String prefix, char separator) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return prefix + separator + suffix;
  }

  /**
   * A ClickHouse identifier: lower case letters, digits and underscores, starting with a letter.
   */
  static String identifier(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
      clean = "t_" + clean;
    }
    return of(clean, '_');
  }
}
