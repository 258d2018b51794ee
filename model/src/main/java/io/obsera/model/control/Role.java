package io.obsera.model.control;

import java.util.Locale;

/**
 * What a member of a tenant (a user's membership, or an API key with the query scope) may do; each
 * role includes the ones before it.
 */
public enum Role {
  /** Reads everything of the tenant. */
  VIEWER,
  /**
   * Also writes SLOs, alert rules, channels, routing, silences, endpoints, dashboards and the
   * status page.
   */
  EDITOR,
  /** Also manages members, invites, API keys and the tenant's settings. */
  ADMIN;

  /** Whether this role includes {@code required}. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  /** Parses {@code viewer}, {@code editor} or {@code admin} (any case), naming {@code field}. */
  public static Role parse(String field, String value) {
    if (value != null) {
      for (Role r : values()) {
        if (r.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "field '" + field + "' must be one of VIEWER, EDITOR, ADMIN (got " + value + ")");
  }
}
