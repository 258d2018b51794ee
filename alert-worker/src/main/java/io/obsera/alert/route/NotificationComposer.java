package io.obsera.alert.route;

import io.obsera.alert.notify.Link;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.notify.TextLimits;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes the one notification of a group flush: {@code [FIRING:2] checkout availability} (or {@code
 * [RESOLVED] ...}), a summary listing the firing and the resolved alerts (summary, value, since),
 * the labels every alert shares, and deep links to the API (alerts; the SLO's error budget and the
 * service's timeline when every alert names the same one).
 */
final class NotificationComposer {
  private static final int MAX_SUMMARY = 4000;
  private static final Comparator<AlertEvent> ORDER =
      Comparator.comparing(AlertEvent::severity)
          .thenComparing(AlertEvent::startsAt)
          .thenComparing(AlertEvent::fingerprint);

  private final String publicUrl;

  NotificationComposer(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  Notification compose(
      AlertGroup group,
      long sequence,
      List<AlertEvent> firing,
      List<AlertEvent> resolved,
      Instant now) {
    List<AlertEvent> all = new ArrayList<>(firing);
    all.addAll(resolved);
    all.sort(ORDER);
    boolean isFiring = !firing.isEmpty();
    AlertState state = isFiring ? AlertState.FIRING : AlertState.RESOLVED;
    Severity severity =
        (isFiring ? firing : resolved)
            .stream()
                .map(AlertEvent::severity)
                .min(Comparator.naturalOrder())
                .orElse(Severity.INFO);
    Map<String, String> common = commonLabels(all);
    String name = common(all, AlertEvent::name);
    if (name == null) {
      name =
          group.groupLabels().values().stream()
              .filter(v -> !v.isEmpty())
              .reduce((a, b) -> a + " " + b)
              .orElse("alerts");
    }
    String title = (isFiring ? "[FIRING:" + firing.size() + "] " : "[RESOLVED] ") + name;
    Instant startsAt =
        all.stream().map(AlertEvent::startsAt).min(Comparator.naturalOrder()).orElse(now);
    Instant endsAt = null;
    if (!isFiring) {
      endsAt =
          resolved.stream()
              .map(e -> e.endsAt() == null ? now : e.endsAt())
              .max(Comparator.naturalOrder())
              .orElse(now);
      if (endsAt.isBefore(startsAt)) {
        endsAt = startsAt;
      }
    }
    String ruleId = common(all, AlertEvent::ruleId);
    return Notification.of(
            group.tenantId(),
            TextLimits.cut(ruleId == null ? group.routeId() : ruleId, 128),
            group.fingerprint(),
            sequence,
            state,
            severity,
            TextLimits.cut(title, 200),
            TextLimits.cut(summary(firing, resolved, common), MAX_SUMMARY),
            common,
            links(common),
            startsAt,
            endsAt)
        .withAlerts(all.stream().map(AlertEvent::fingerprint).toList());
  }

  private static String summary(
      List<AlertEvent> firing, List<AlertEvent> resolved, Map<String, String> common) {
    StringBuilder sb = new StringBuilder();
    section(sb, "Firing", firing);
    section(sb, "Resolved", resolved);
    if (!common.isEmpty()) {
      sb.append("Labels:");
      common.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
      sb.append('\n');
    }
    return sb.toString().strip();
  }

  private static void section(StringBuilder sb, String heading, List<AlertEvent> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    sb.append(heading).append(" (").append(alerts.size()).append("):\n");
    alerts.stream()
        .sorted(ORDER)
        .forEach(
            a -> {
              sb.append("- ")
                  .append(a.name())
                  .append(" [")
                  .append(a.severity().name().toLowerCase(java.util.Locale.ROOT))
                  .append("]");
              if (a.summary() != null && !a.summary().isBlank()) {
                sb.append(": ").append(a.summary().strip());
              }
              sb.append(" (");
              if (a.value() != null) {
                sb.append("value ").append(a.value()).append(", ");
              }
              sb.append("since ").append(a.startsAt());
              if (a.endsAt() != null) {
                sb.append(", resolved ").append(a.endsAt());
              }
              sb.append(")\n");
            });
  }

  private List<Link> links(Map<String, String> common) {
    List<Link> out = new ArrayList<>();
    out.add(new Link("Alerts", publicUrl + "/api/v1/alerts"));
    String slo = common.get("slo");
    if (slo != null && !slo.isEmpty()) {
      out.add(new Link("Error budget", publicUrl + "/api/v1/slos/" + encode(slo) + "/budget"));
    }
    String service = common.get("service");
    if (service != null && !service.isEmpty()) {
      out.add(new Link("Timeline", publicUrl + "/api/v1/timeline?service=" + encode(service)));
    }
    return out;
  }

  private static Map<String, String> commonLabels(List<AlertEvent> alerts) {
    Map<String, String> out = new TreeMap<>(alerts.isEmpty() ? Map.of() : alerts.get(0).labels());
    for (AlertEvent a : alerts) {
      out.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
    }
    return out;
  }

  private static String common(
      List<AlertEvent> alerts, java.util.function.Function<AlertEvent, String> field) {
    String first = alerts.isEmpty() ? null : field.apply(alerts.get(0));
    if (first == null || first.isBlank()) {
      return null;
    }
    for (AlertEvent a : alerts) {
      if (!Objects.equals(first, field.apply(a))) {
        return null;
      }
    }
    return first;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
