package io.obsera.query.status;

import io.obsera.model.Topics;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.query.api.ApiException;
import io.obsera.query.control.ControlWrites;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Status page settings in the compacted control-plane topic (key: tenant id), read back through a
 * {@link KeyedTopicView}; a write returns once the view has it. A slug taken by another tenant is
 * refused (409). The check is not atomic: should two tenants claim one slug at the same moment,
 * {@link #bySlug} serves the page created first.
 */
public final class StatusPageStore {
  private final ControlWrites writes;
  private final KeyedTopicView<StatusPageSettings> view;
  private final Clock clock;

  public StatusPageStore(
      ControlPlaneWriter writer, KeyedTopicView<StatusPageSettings> view, Clock clock) {
    this.writes = new ControlWrites(writer);
    this.view = view;
    this.clock = clock;
  }

  /** An invalid record in the topic is skipped (the previous one stays). */
  public static final BiFunction<String, StatusPageSettings, String> PROBLEM =
      KeyedTopicView.sound(
          "status page", StatusPageSettings::validate, StatusPageSettings::tenantId);

  public Optional<StatusPageSettings> get(String tenant) {
    return view.get(tenant);
  }

  /** Creates or replaces the tenant's page; 400 naming the field, 409 for a taken slug. */
  public StatusPageSettings put(String tenant, StatusPageSettings draft, String actor) {
    Instant now = clock.instant();
    Instant created = get(tenant).map(StatusPageSettings::createdAt).orElse(now);
    StatusPageSettings page = draft.stamped(tenant, created, now, actor);
    ControlWrites.requireNoErrors(page.validate());
    Optional<StatusPageSettings> holder = bySlugAnyVisibility(page.slug());
    if (holder.isPresent() && !holder.get().tenantId().equals(tenant)) {
      throw ApiException.conflict("slug '" + page.slug() + "' is taken by another tenant");
    }
    return writes.put(Topics.CONTROL_STATUS_PAGES, tenant, page, () -> view.get(tenant));
  }

  public void delete(String tenant) {
    if (get(tenant).isEmpty()) {
      throw ApiException.notFound("tenant " + tenant + " has no status page");
    }
    writes.delete(Topics.CONTROL_STATUS_PAGES, tenant, () -> view.get(tenant));
  }

  /** The public page at {@code slug}, if any. */
  public Optional<StatusPageSettings> bySlug(String slug) {
    return bySlugAnyVisibility(slug).filter(p -> Boolean.TRUE.equals(p.publicPage()));
  }

  private Optional<StatusPageSettings> bySlugAnyVisibility(String slug) {
    return view.values().stream()
        .filter(p -> p.slug().equals(slug))
        .min(java.util.Comparator.comparing(StatusPageSettings::createdAt));
  }
}
