package io.obsera.alert.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.alert.notify.Link;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.notify.TextLimits;
import io.obsera.model.Json;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.channel.PagerDutyChannel;
import io.obsera.platform.send.DeliveryException;
import okhttp3.Headers;

/**
 * PagerDuty Events API v2: a firing notification is a {@code trigger} (an update re-triggers the
 * same alert), a resolved one a {@code resolve}, both with {@code dedup_key} = {@link
 * Notification#alertKey()} so PagerDuty ties them to one alert.
 */
final class PagerDutySender implements Sender<PagerDutyChannel> {
  static final int SUMMARY_MAX = 1024;

  private final GuardedHttp http;

  PagerDutySender(GuardedHttp http) {
    this.http = http;
  }

  @Override
  public void send(Notification n, PagerDutyChannel channel) throws DeliveryException {
    http.postJson("pagerduty", channel.eventsUrl(), Headers.of(), body(n, channel.routingKey()));
  }

  static ObjectNode body(Notification n, String routingKey) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("routing_key", routingKey);
    o.put("dedup_key", n.alertKey());
    if (n.state() == AlertState.RESOLVED) {
      o.put("event_action", "resolve");
    } else {
      o.put("event_action", "trigger");
      ObjectNode p = o.putObject("payload");
      p.put("summary", TextLimits.cut(n.title(), SUMMARY_MAX));
      p.put("source", n.labels().getOrDefault("service", "obsera/" + n.tenantId()));
      p.put("severity", severity(n));
      p.put("timestamp", NotificationText.time(n.startsAt()));
      if (n.labels().containsKey("service")) {
        p.put("component", n.labels().get("service"));
      }
      if (n.labels().containsKey("region")) {
        p.put("group", n.labels().get("region"));
      }
      p.put("class", n.alertId());
      ObjectNode details = p.putObject("custom_details");
      details.put("summary", n.summary());
      details.put("tenant", n.tenantId());
      details.put("delivery_id", n.deliveryId());
      details.put("sequence", n.sequence());
      n.labels().forEach(details.putObject("labels")::put);
      o.put("client", "Obsera");
      if (!n.links().isEmpty()) {
        o.put("client_url", n.links().get(0).url());
        ArrayNode links = o.putArray("links");
        for (Link l : n.links()) {
          links.addObject().put("href", l.url()).put("text", l.title());
        }
      }
    }
    return o;
  }

  static String severity(Notification n) {
    return switch (n.severity()) {
      case PAGE -> "critical";
      case TICKET -> "warning";
      case INFO -> "info";
    };
  }
}
