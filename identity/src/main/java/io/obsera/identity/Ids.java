package io.obsera.identity;

import java.util.UUID;

/** Ids of new records. */
public final class Ids {
  private Ids() {}

  public static String user() {
    return "u-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
