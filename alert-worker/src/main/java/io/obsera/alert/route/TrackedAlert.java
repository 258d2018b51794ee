package io.obsera.alert.route;

import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import java.util.List;

/**
 * An alert as the routing topology knows it: its latest event and the groups it joined (so its
 * resolve reaches them even when the routing changed since it fired).
 */
record TrackedAlert(AlertEvent event, List<String> groups) {
  TrackedAlert {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  boolean firing() {
    return event.state() == AlertState.FIRING;
  }

  /**
   * Whether {@code e} tells nothing new: an older firing of this fingerprint, or a sequence of this
   * firing already seen.
   */
  boolean supersedes(AlertEvent e) {
    int c = event.startsAt().compareTo(e.startsAt());
    return c > 0 || (c == 0 && e.sequence() <= event.sequence());
  }

  TrackedAlert with(AlertEvent newer) {
    boolean sameLife = newer.startsAt().equals(event.startsAt());
    return new TrackedAlert(newer, sameLife ? groups : List.of());
  }

  TrackedAlert joined(List<String> groupKeys) {
    return new TrackedAlert(event, groupKeys);
  }
}
