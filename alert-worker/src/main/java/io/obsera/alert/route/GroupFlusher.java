package io.obsera.alert.route;

import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.AlertEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides a group's flush, Alertmanager style: notify when an alert not announced before fires
 * (unmuted), when an announced alert resolved, or when the group still fires and {@code
 * repeatInterval} passed since the last notification. Muted alerts (silenced, inhibited) are left
 * out; a group whose alerts are all muted sends nothing, and an alert that resolves without ever
 * having been announced is dropped silently. Resolved alerts leave the group after the flush; a
 * group left empty is dropped.
 */
final class GroupFlusher {
  /**
   * The group after the flush, whether to drop it (no alert left) and the notification (null:
   * none).
   */
  record Outcome(AlertGroup next, boolean drop, Notification notification) {}

  private final NotificationComposer composer;

  GroupFlusher(NotificationComposer composer) {
    this.composer = composer;
  }

  Outcome flush(AlertGroup g, Map<String, TrackedAlert> alerts, Muting muting, Instant now) {
    List<AlertEvent> firing = new ArrayList<>();
    List<AlertEvent> resolved = new ArrayList<>();
    Set<String> remaining = new TreeSet<>();
    for (String fp : g.members()) {
      TrackedAlert t = alerts.get(fp);
      if (t == null) {
        continue; // forgotten: nothing left to tell
      }
      if (t.firing()) {
        remaining.add(fp);
        if (!muting.muted(t.event())) {
          firing.add(t.event());
        }
      } else if (g.notifiedFiring().contains(fp)) {
        resolved.add(t.event());
      }
    }
    Set<String> firingNow = new TreeSet<>();
    firing.forEach(e -> firingNow.add(e.fingerprint()));
    boolean changed = !g.notifiedFiring().containsAll(firingNow) || !resolved.isEmpty();
    boolean repeat = !firing.isEmpty() && g.repeatDue(now);
    Notification n = null;
    if (changed || repeat) {
      n = composer.compose(g, g.counter() + 1, firing, resolved, now);
    }
    AlertGroup next = g.flushed(now, n != null, remaining, firingNow);
    return new Outcome(next, remaining.isEmpty(), n);
  }
}
