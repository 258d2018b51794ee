package io.obsera.model.control;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A silence, as kept in the compacted topic {@link io.obsera.model.Topics#CONTROL_SILENCES} (key
 * {@code tenant|id}) and managed at {@code /api/v1/silences}: while {@code startsAt <= now <
 * endsAt}, alerts whose labels match every matcher are not notified (they are still evaluated and
 * stored). Expiring a silence sets {@code endsAt} to now; expired silences stay listed.
 */
public record Silence(
    String tenantId,
    String id,
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String comment,
    Instant createdAt,
    Instant updatedAt,
    String actor) {

  public static String key(String tenantId, String id) {
    return tenantId + "|" + id;
  }

  public String key() {
    return key(tenantId, id);
  }

  /** The longest a silence may last. */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  public static final int MAX_MATCHERS = 32;

  /** Where a silence stands at a given time. */
  public enum State {
    /** Starts later. */
    PENDING,
    /** Silences matching alerts now. */
    ACTIVE,
    /** Ended (or was expired); still listed. */
    EXPIRED
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  /** {@link State#PENDING} before {@code startsAt}, ACTIVE until {@code endsAt}, then EXPIRED. */
  public State stateAt(Instant now) {
    if (!now.isBefore(endsAt)) {
      return State.EXPIRED;
    }
    return now.isBefore(startsAt) ? State.PENDING : State.ACTIVE;
  }

  /** These settings as {@code tenantId}'s silence {@code id}, last changed at {@code updatedAt}. */
  public Silence stamped(
      String tenantId, String id, Instant createdAt, Instant updatedAt, String actor) {
    return new Silence(
        tenantId, id, matchers, startsAt, endsAt, comment, createdAt, updatedAt, actor);
  }

  /**
   * This silence expired at {@code now}: it ends now (a pending one also starts now, so it never
   * silenced anything); one that already ended is returned unchanged.
   */
  public Silence expiredAt(Instant now, String actor) {
    if (!now.isBefore(endsAt)) {
      return this;
    }
    Instant start = now.isBefore(startsAt) ? now : startsAt;
    Instant updated = now.isBefore(createdAt) ? createdAt : now;
    return new Silence(tenantId, id, matchers, start, now, comment, createdAt, updated, actor);
  }

  /**
   * Every problem of this record, each naming its field: 1-32 matchers, both times, {@code endsAt}
   * not before {@code startsAt} (equal: an expired silence that never started) and at most one year
   * after it. New silences also go through {@link #validateNew}.
   */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    FieldErrors.ids(errors, tenantId, id);
    AlertFields.matchers(errors, "matchers", matchers, true, MAX_MATCHERS);
    if (startsAt == null) {
      errors.add("field 'startsAt' is required");
    }
    if (endsAt == null) {
      errors.add("field 'endsAt' is required");
    }
    if (startsAt != null && endsAt != null) {
      if (endsAt.isBefore(startsAt)) {
        errors.add("field 'endsAt' must be after 'startsAt'");
      } else if (Duration.between(startsAt, endsAt).compareTo(MAX_DURATION) > 0) {
        errors.add("field 'endsAt' must be at most 365 days after 'startsAt'");
      }
    }
    AlertFields.longText(errors, "comment", comment, 1024);
    FieldErrors.times(errors, createdAt, updatedAt);
    return errors;
  }

  /**
   * The problems of a silence about to be created at {@code now}: those of {@link #validate()}, and
   * {@code endsAt} strictly after {@code startsAt} and after {@code now} (else it would silence
   * nothing).
   */
  public List<String> validateNew(Instant now) {
    List<String> errors = validate();
    if (startsAt != null && startsAt.equals(endsAt)) {
      errors.add("field 'endsAt' must be after 'startsAt'");
    } else if (endsAt != null && !endsAt.isAfter(now)) {
      errors.add("field 'endsAt' must be in the future, got: " + endsAt);
    }
    return errors;
  }

  @JsonIgnore
  public boolean isValid() {
    return validate().isEmpty();
  }

  /** Throws {@link IllegalArgumentException} listing every problem when the record is invalid. */
  public Silence requireValid() {
    FieldErrors.throwIfAny(validate());
    return this;
  }
}
