package io.obsera.probe.schedule;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * When an endpoint's checks run: every {@code intervalMs}, at a fixed phase offset within the
 * interval derived from the endpoint's key ({@code tenant|id}), so checks of many endpoints spread
 * over the interval instead of firing together, and every agent (region) checks an endpoint at the
 * same moments. Wall-clock aligned, so a restart keeps the phase.
 */
final class CheckPhase {
  private CheckPhase() {}

  /** The endpoint's offset in {@code [0, intervalMs)}: stable across runs and machines. */
  static long offset(String key, long intervalMs) {
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return Math.floorMod(crc.getValue(), intervalMs);
  }

  /** The first run time strictly after {@code nowMillis} (epoch ms). */
  static long nextRun(long nowMillis, long offset, long intervalMs) {
    return nowMillis - Math.floorMod(nowMillis - offset, intervalMs) + intervalMs;
  }
}
