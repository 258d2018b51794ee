package io.obsera.testing;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import java.time.Instant;

/** SLO definitions for tests. */
public final class TestSlos {
  private TestSlos() {}

  /** A 99.9% availability SLO {@code id} of {@code service} over 30 rolling days. */
  public static SloDefinition availability(
      String tenant, String id, String service, Instant created) {
    return new SloDefinition(
        tenant,
        id,
        id.toUpperCase(java.util.Locale.ROOT),
        SloKind.AVAILABILITY,
        service,
        null,
        null,
        null,
        0.999,
        SloPeriod.ROLLING_30D,
        created,
        created,
        "it");
  }
}
