package io.obsera.model.control;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Checks shared by the validated control-plane records; every message names its field. */
final class FieldErrors {
  /** Ids of SLOs, endpoints and the like: what fits in a URL path and a ClickHouse string. */
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  static final int MAX_TEXT = 256;

  private FieldErrors() {}

  /** The tenant id and the record id. */
  static void ids(List<String> errors, String tenantId, String id) {
    try {
      TenantRecord.requireValidId(tenantId);
    } catch (IllegalArgumentException e) {
      errors.add("field 'tenantId': " + e.getMessage());
    }
    if (id == null || !ID.matcher(id).matches()) {
      errors.add(
          "field 'id' must be 1-63 characters of a-z, 0-9, '-' and '_', starting with a letter"
              + " or digit, got: "
              + id);
    }
  }

  /** A short text: when present, not blank and at most {@link #MAX_TEXT} characters. */
  static void text(List<String> errors, String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        errors.add("field '" + field + "' is required");
      }
    } else if (value.isBlank()) {
      errors.add("field '" + field + "' must not be blank");
    } else if (value.length() > MAX_TEXT) {
      errors.add("field '" + field + "' must be at most " + MAX_TEXT + " characters");
    }
  }

  /** The audit times: both present, the update not before the creation. */
  static void times(List<String> errors, Instant createdAt, Instant updatedAt) {
    if (createdAt == null) {
      errors.add("field 'createdAt' is required");
    }
    if (updatedAt == null) {
      errors.add("field 'updatedAt' is required");
    } else if (createdAt != null && updatedAt.isBefore(createdAt)) {
      errors.add("field 'updatedAt' must not be before 'createdAt'");
    }
  }

  /** Throws {@link IllegalArgumentException} listing every problem, if there is any. */
  static void throwIfAny(List<String> errors) {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
  }
}
