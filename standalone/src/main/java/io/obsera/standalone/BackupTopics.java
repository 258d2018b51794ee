package io.obsera.standalone;

import io.obsera.model.Topics;
import java.util.List;
import java.util.Map;

/**
 * Which Kafka topics a backup holds: every control-plane topic ({@link Topics#controlTopics()}) but
 * the ones listed in {@link #LEFT_OUT} with the reason. Telemetry and everything derived from it is
 * in ClickHouse and comes back with ClickHouse's own {@code RESTORE}; records still in flight in
 * Kafka (not yet written to ClickHouse, open trace sessions, undelivered notifications) are not in
 * a backup.
 */
final class BackupTopics {
  /** Control topics a backup leaves out, with why. */
  static final Map<String, String> LEFT_OUT =
      Map.of(
          Topics.CONTROL_SESSIONS,
          "sign-in sessions: a restored runtime asks people to sign in again",
          Topics.CONTROL_SESSION_ACTIVITY,
          "when each session was last used: goes with the sessions",
          Topics.CONTROL_PASSWORD_RESETS,
          "password reset links: they last an hour, and a restore must not bring back a link"
              + " used since the backup");

  private BackupTopics() {}

  /** The topics a backup exports and a restore writes back, in {@link Topics} order. */
  static List<String> backedUp() {
    return Topics.controlTopics().stream().filter(t -> !LEFT_OUT.containsKey(t)).toList();
  }
}
