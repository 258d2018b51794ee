package io.obsera.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.identity.Identity;
import io.obsera.identity.sso.SsoSettingsStore;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.control.ControlChangeListener;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.query.alerts.AlertControlViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The before and after of every control-plane record a request changes, for its audit event. The
 * control-plane writer asks it for the record it is about to replace (from this service's views)
 * and tells it what it wrote; {@link AuditTrail} collects what one request changed. Records of
 * topics it has no view of (sessions, session activity) are not snapshots of anything a person
 * edits and are left out. Snapshots are JSON with secret-named fields redacted as in {@link
 * AuditTrail#redact}.
 */
public final class ControlChanges implements ControlChangeListener {
  private static final int MAX_SNAPSHOT = 65_536;
  private static final String PREFIX = "obsera.control.";

  /** One record changed by a request; {@code before} null: created, {@code after} null: deleted. */
  record Change(String topic, String key, Object before, Object after) {}

  /** What one request changed, as the audit event's {@code before} and {@code after} JSON. */
  record Snapshots(String before, String after) {}

  private final Map<String, Function<String, Optional<?>>> views;
  private final ThreadLocal<List<Change>> request = new ThreadLocal<>();

  ControlChanges(Map<String, Function<String, Optional<?>>> views) {
    this.views = Map.copyOf(views);
  }

  /** Over the query service's views of every control-plane record people edit. */
  public static ControlChanges over(
      ControlPlaneView view,
      AlertControlViews alerts,
      KeyedTopicView<?> dashboards,
      KeyedTopicView<?> statusPages,
      KeyedTopicView<?> analystCredentials,
      Identity identity,
      SsoSettingsStore sso) {
    return new ControlChanges(
        Map.ofEntries(
            Map.entry(Topics.CONTROL_TENANTS, view::tenant),
            Map.entry(Topics.CONTROL_API_KEYS, view::key),
            Map.entry(Topics.CONTROL_SLOS, byTenantAndId(view::slo)),
            Map.entry(Topics.CONTROL_ENDPOINTS, byTenantAndId(view::endpoint)),
            Map.entry(Topics.CONTROL_ALERT_RULES, byTenantAndId(alerts::rule)),
            Map.entry(Topics.CONTROL_CHANNELS, byTenantAndId(alerts::channel)),
            Map.entry(Topics.CONTROL_SILENCES, byTenantAndId(alerts::silence)),
            Map.entry(Topics.CONTROL_ALERT_ROUTING, alerts::routing),
            Map.entry(Topics.CONTROL_DASHBOARDS, dashboards::get),
            Map.entry(Topics.CONTROL_STATUS_PAGES, statusPages::get),
            Map.entry(Topics.CONTROL_ANALYST_CREDENTIALS, analystCredentials::get),
            Map.entry(Topics.CONTROL_USERS, id -> identity.directory().user(id)),
            Map.entry(Topics.CONTROL_AUTH_POLICIES, t -> Optional.of(identity.policies().of(t))),
            Map.entry(Topics.CONTROL_MEMBERSHIPS, byTenantAndId(identity.directory()::membership)),
            Map.entry(Topics.CONTROL_SSO, sso::get),
            Map.entry(
                Topics.CONTROL_INVITES,
                byTenantAndId(
                    (tenant, id) ->
                        identity.invites().list(tenant).stream()
                            .filter(i -> i.id().equals(id))
                            .findFirst()))));
  }

  private static Function<String, Optional<?>> byTenantAndId(
      BiFunction<String, String, Optional<?>> find) {
    return key -> {
      int bar = key.indexOf('|');
      return bar < 0 ? Optional.empty() : find.apply(key.substring(0, bar), key.substring(bar + 1));
    };
  }

  @Override
  public Optional<?> current(String topic, String key) {
    Function<String, Optional<?>> find = views.get(topic);
    return find == null || request.get() == null ? Optional.empty() : find.apply(key);
  }

  @Override
  public void changed(String topic, String key, Object before, Object after) {
    List<Change> changes = request.get();
    if (changes != null && views.containsKey(topic)) {
      changes.add(new Change(topic, key, before, after));
    }
  }

  /** Starts collecting this thread's changes (a request begins). */
  void begin() {
    request.set(new ArrayList<>());
  }

  /** Stops collecting and returns what this thread's request changed (null: nothing). */
  Snapshots end() {
    List<Change> changes = request.get();
    request.remove();
    if (changes == null || changes.isEmpty()) {
      return null;
    }
    if (changes.size() == 1) {
      Change c = changes.get(0);
      return new Snapshots(json(snapshot(c.before())), json(snapshot(c.after())));
    }
    ObjectNode before = Json.MAPPER.createObjectNode();
    ObjectNode after = Json.MAPPER.createObjectNode();
    for (Change c : changes) {
      String name = c.topic().substring(PREFIX.length()) + ":" + c.key();
      before.set(name, snapshot(c.before()));
      after.set(name, snapshot(c.after()));
    }
    return new Snapshots(json(before), json(after));
  }

  private static JsonNode snapshot(Object record) {
    if (record == null) {
      return null;
    }
    JsonNode node = Json.MAPPER.valueToTree(record);
    AuditTrail.redact(node);
    return node;
  }

  private static String json(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.toString();
    return text.length() <= MAX_SNAPSHOT
        ? text
        : "{\"truncated\":true,\"characters\":" + text.length() + "}";
  }
}
