package io.obsera.query.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.obsera.model.control.TenantRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A tenant's public status page, as kept in the compacted topic {@code obsera.control.status-pages}
 * (key: tenant id; one page per tenant; a tombstone deletes it).
 *
 * @param slug the page's address {@code /status/{slug}}, unique across tenants
 * @param components endpoint ids or service names (an endpoint id wins when both match), in the
 *     order shown
 * @param publicPage whether the public routes serve it (JSON field {@code public}); a page that is
 *     not public answers 404 like an unknown slug
 */
public record StatusPageSettings(
    String tenantId,
    String slug,
    String title,
    List<String> components,
    @JsonProperty("public") Boolean publicPage,
    Instant createdAt,
    Instant updatedAt,
    String actor) {

  public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  public static final int MAX_COMPONENTS = 50;

  /** These settings as {@code tenantId}'s page, last changed at {@code updatedAt}. */
  public StatusPageSettings stamped(
      String tenantId, Instant createdAt, Instant updatedAt, String actor) {
    return new StatusPageSettings(
        tenantId, slug, title, components, publicPage, createdAt, updatedAt, actor);
  }

  /** Every problem of this record, each naming its field; empty when valid. */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    try {
      TenantRecord.requireValidId(tenantId);
    } catch (IllegalArgumentException e) {
      errors.add("field 'tenantId': " + e.getMessage());
    }
    if (slug == null || !SLUG.matcher(slug).matches()) {
      errors.add(
          "field 'slug' must be 2-63 characters of a-z, 0-9 and '-', starting with a letter or"
              + " digit, got: "
              + slug);
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      errors.add("field 'title' is required (1-200 characters)");
    }
    if (components == null || components.isEmpty() || components.size() > MAX_COMPONENTS) {
      errors.add(
          "field 'components' must list 1-" + MAX_COMPONENTS + " endpoint ids or service names");
    } else {
      for (String c : components) {
        if (c == null || c.isBlank() || c.length() > 256) {
          errors.add("field 'components': each entry must be 1-256 characters, got: " + c);
        }
      }
      if (new HashSet<>(components).size() != components.size()) {
        errors.add("field 'components' must not repeat an entry");
      }
    }
    if (publicPage == null) {
      errors.add("field 'public' is required (true or false)");
    }
    if (createdAt == null || updatedAt == null) {
      errors.add("fields 'createdAt' and 'updatedAt' are required");
    }
    return errors;
  }
}
