package io.obsera.alert.route;

import io.obsera.model.control.AlertRoute;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.LabelMatcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a tenant's alert goes: the routes of its {@link AlertRouting} in order (the first that
 * matches takes the alert, unless it says {@code continueMatching}); none matching: the default
 * channels. A tenant without routing sends every alert to every one of its channels, with the
 * default timings. Grouping without any {@code groupBy}: by {@link #DEFAULT_GROUP_BY}.
 */
final class RouteResolver {
  /** Group by rule (burn-rate, threshold, no-data alerts) and endpoint (outages). */
  static final List<String> DEFAULT_GROUP_BY = List.of("rule", "endpoint");

  static final String DEFAULT_ROUTE = "default";

  /** One group an alert joins. */
  record Placement(
      String routeId,
      List<String> channels,
      Map<String, String> groupLabels,
      long groupWaitMs,
      long groupIntervalMs,
      long repeatIntervalMs) {

    /** The group key: stable for tenant, route and group label values. */
    String groupKey(String tenantId) {
      StringBuilder sb = new StringBuilder(tenantId).append('\n').append(routeId);
      groupLabels.forEach((k, v) -> sb.append('\n').append(k).append('=').append(v));
      return "group-" + sha256Hex(sb.toString()).substring(0, 40);
    }
  }

  private RouteResolver() {}

  /**
   * @param routing the tenant's routing, or null when it has none
   * @param tenantChannels the ids of the tenant's channels (used when routing is null)
   */
  static List<Placement> place(
      AlertRouting routing, List<String> tenantChannels, Map<String, String> labels) {
    if (routing == null) {
      return List.of(
          placement(
              DEFAULT_ROUTE,
              tenantChannels,
              DEFAULT_GROUP_BY,
              labels,
              AlertRouting.DEFAULT_GROUP_WAIT_MS,
              AlertRouting.DEFAULT_GROUP_INTERVAL_MS,
              AlertRouting.DEFAULT_REPEAT_INTERVAL_MS));
    }
    List<Placement> out = new ArrayList<>();
    List<AlertRoute> routes = routing.routes() == null ? List.of() : routing.routes();
    for (int i = 0; i < routes.size(); i++) {
      AlertRoute r = routes.get(i);
      if (!LabelMatcher.all(r.matchers(), labels)) {
        continue;
      }
      out.add(
          placement(
              "routes[" + i + "]",
              r.channels(),
              orElse(r.groupBy(), routing.defaultGroupBy(), DEFAULT_GROUP_BY),
              labels,
              orElse(r.groupWaitMs(), routing.groupWaitMs(), AlertRouting.DEFAULT_GROUP_WAIT_MS),
              orElse(
                  r.groupIntervalMs(),
                  routing.groupIntervalMs(),
                  AlertRouting.DEFAULT_GROUP_INTERVAL_MS),
              orElse(
                  r.repeatIntervalMs(),
                  routing.repeatIntervalMs(),
                  AlertRouting.DEFAULT_REPEAT_INTERVAL_MS)));
      if (!r.continueMatching()) {
        break;
      }
    }
    if (out.isEmpty()) {
      out.add(
          placement(
              DEFAULT_ROUTE,
              routing.defaultChannels(),
              orElse(routing.defaultGroupBy(), null, DEFAULT_GROUP_BY),
              labels,
              orElse(routing.groupWaitMs(), null, AlertRouting.DEFAULT_GROUP_WAIT_MS),
              orElse(routing.groupIntervalMs(), null, AlertRouting.DEFAULT_GROUP_INTERVAL_MS),
              orElse(routing.repeatIntervalMs(), null, AlertRouting.DEFAULT_REPEAT_INTERVAL_MS)));
    }
    return out.stream().filter(p -> !p.channels().isEmpty()).toList();
  }

  private static Placement placement(
      String routeId,
      List<String> channels,
      List<String> groupBy,
      Map<String, String> labels,
      long wait,
      long interval,
      long repeat) {
    Map<String, String> groupLabels = new TreeMap<>();
    for (String l : groupBy) {
      groupLabels.put(l, labels.getOrDefault(l, ""));
    }
    List<String> ids =
        channels == null ? List.of() : channels.stream().distinct().sorted().toList();
    return new Placement(routeId, ids, groupLabels, wait, interval, repeat);
  }

  private static <T> T orElse(T first, T second, T fallback) {
    return first != null ? first : second != null ? second : fallback;
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
