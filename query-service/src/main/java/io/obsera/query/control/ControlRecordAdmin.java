package io.obsera.query.control;

import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.Quotas;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The shape shared by the admins of a tenant's control-plane records with ids (alert rules, SLOs,
 * endpoints): get (404 when missing); create (the draft's id or a generated one, 409 when taken);
 * replace (400 when the body names another id than the path, 404 when missing; the creation time
 * stays); create-or-replace; delete (404 when missing). Tenant, id, times and actor are set here,
 * every record is {@linkplain Kind#checked checked} before it is written, a new one only when the
 * tenant's quota of its kind has room (429 otherwise), and each write returns once this service's
 * view shows it.
 */
public final class ControlRecordAdmin<T> {
  /**
   * One record type.
   *
   * @param noun the record in 404 and 409 messages ({@code alert rule 1 not found})
   * @param pathNoun the record in the 400 for a body id other than the path's ({@code the path's
   *     rule id})
   * @param idPrefix of generated ids ({@code rule-}); null when records are only {@linkplain
   *     ControlRecordAdmin#put put} under an id of the caller's
   * @param topic its compacted control-plane topic
   * @param key its key in that topic, of tenant and id
   * @param find this service's view of a tenant's record
   * @param id a draft's id (null: none given)
   * @param createdAt a stored record's creation time
   * @param stamp a draft as tenant's record with an id, times and actor
   * @param checked the record to write for a stamped draft (defaults filled); 400 naming every
   *     problem
   */
  public record Kind<T>(
      String noun,
      String pathNoun,
      String idPrefix,
      String topic,
      BiFunction<String, String, String> key,
      BiFunction<String, String, Optional<T>> find,
      Function<T, String> id,
      Function<T, Instant> createdAt,
      Stamp<T> stamp,
      UnaryOperator<T> checked) {}

  /** The records' {@code stamped}: {@code draft}'s settings with tenant, id, times and actor. */
  @FunctionalInterface
  public interface Stamp<T> {
    T stamped(
        T draft, String tenant, String id, Instant createdAt, Instant updatedAt, String actor);
  }

  /** A record written by {@link #put}, and whether the write created it (else it replaced one). */
  public record Put<T>(T record, boolean created) {}

  private final ControlWrites writes;
  private final Clock clock;
  private final Kind<T> kind;
  private final Quotas quotas;
  private final ObjectQuota quota;

  /** New records count against the tenant's {@code quota}. */
  public ControlRecordAdmin(
      ControlPlaneWriter writer, Clock clock, Kind<T> kind, Quotas quotas, ObjectQuota quota) {
    this.writes = new ControlWrites(writer);
    this.clock = clock;
    this.kind = kind;
    this.quotas = Objects.requireNonNull(quotas, "quotas");
    this.quota = Objects.requireNonNull(quota, "quota");
  }

  public T get(String tenant, String id) {
    return kind.find()
        .apply(tenant, id)
        .orElseThrow(() -> ApiException.notFound(kind.noun() + " " + id + " not found"));
  }

  /** Creates the record described by {@code draft}: its id, or a generated one. */
  public T create(String tenant, T draft, String actor) {
    String given = kind.id().apply(draft);
    String id =
        given != null
            ? given
            : ControlWrites.newId(
                Objects.requireNonNull(kind.idPrefix(), kind.noun() + " ids are not generated"));
    if (kind.find().apply(tenant, id).isPresent()) {
      throw ApiException.conflict(kind.noun() + " " + id + " already exists");
    }
    Instant now = clock.instant();
    return quotas.create(tenant, quota, () -> write(tenant, id, draft, now, now, actor));
  }

  /**
   * Replaces an existing record's settings with those of {@code draft}; its creation time stays.
   */
  public T update(String tenant, String id, T draft, String actor) {
    requirePathId(draft, id);
    Instant created = kind.createdAt().apply(get(tenant, id));
    Instant updated = ControlWrites.updatedAt(created, clock.instant());
    return write(tenant, id, draft, created, updated, actor);
  }

  /**
   * Creates record {@code id} from {@code draft}, or replaces its settings (creation time stays).
   */
  public Put<T> put(String tenant, String id, T draft, String actor) {
    requirePathId(draft, id);
    Optional<T> current = kind.find().apply(tenant, id);
    Instant now = clock.instant();
    Instant created = current.map(kind.createdAt()).orElse(now);
    Instant updated = ControlWrites.updatedAt(created, now);
    Supplier<T> write = () -> write(tenant, id, draft, created, updated, actor);
    return current.isEmpty()
        ? new Put<>(quotas.create(tenant, quota, write), true)
        : new Put<>(write.get(), false);
  }

  public void delete(String tenant, String id) {
    get(tenant, id);
    writes.delete(kind.topic(), kind.key().apply(tenant, id), () -> kind.find().apply(tenant, id));
  }

  private void requirePathId(T draft, String id) {
    JsonBodies.requirePathId(kind.id().apply(draft), id, kind.pathNoun());
  }

  private T write(
      String tenant, String id, T draft, Instant created, Instant updated, String actor) {
    T record =
        kind.checked().apply(kind.stamp().stamped(draft, tenant, id, created, updated, actor));
    return writes.put(
        kind.topic(), kind.key().apply(tenant, id), record, () -> kind.find().apply(tenant, id));
  }
}
