package io.obsera.identity;

import java.util.UUID;

/** Ids of new records. */
final class Ids {
  private Ids() {}

  static String user() {
    return "u-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
