package io.obsera.testing;

import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Probe results for reporter tests, each with its own trace id. */
public final class ProbeResults {
  private ProbeResults() {}

  public static HealthCheck result(
      String tenant, String endpointId, String region, CheckOutcome outcome, Instant at) {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    id[0] |= 1;
    boolean down = outcome == CheckOutcome.DOWN;
    return new HealthCheck(
        tenant,
        endpointId,
        region,
        "agent-" + region,
        at,
        "https://" + endpointId + ".example/health",
        "GET",
        outcome,
        down ? 503 : 200,
        down ? "expected status 200-299, got 503" : null,
        1.5,
        2.5,
        3.5,
        10.0,
        12.25,
        true,
        Instant.ofEpochSecond(1_900_000_000L),
        HexFormat.of().formatHex(id));
  }
}
