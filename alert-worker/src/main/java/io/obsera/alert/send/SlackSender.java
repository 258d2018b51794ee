package io.obsera.alert.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.alert.notify.Link;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.notify.TextLimits;
import io.obsera.model.Json;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.channel.SlackChannel;
import io.obsera.platform.send.DeliveryException;
import java.util.Map;
import okhttp3.Headers;

/**
 * A Slack incoming webhook message: {@code text} as the notification fallback, and Block Kit blocks
 * (header, summary, severity and times as fields, labels as context, links as buttons) within
 * Slack's documented limits.
 */
final class SlackSender implements Sender<SlackChannel> {
  static final int HEADER_MAX = 150;
  static final int TEXT_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int BUTTON_TEXT_MAX = 75;
  static final int MAX_BUTTONS = 25;

  private final GuardedHttp http;

  SlackSender(GuardedHttp http) {
    this.http = http;
  }

  @Override
  public void send(Notification n, SlackChannel channel) throws DeliveryException {
    http.postJson("slack", channel.webhookUrl(), Headers.of(), body(n));
  }

  static ObjectNode body(Notification n) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    String icon = n.state() == AlertState.FIRING ? ":red_circle:" : ":large_green_circle:";
    root.put("text", TextLimits.cut(icon + " " + mrkdwn(NotificationText.subject(n)), TEXT_MAX));
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", TextLimits.cut(NotificationText.subject(n), HEADER_MAX));
    if (!n.summary().isEmpty()) {
      blocks.addObject().put("type", "section").set("text", text(mrkdwn(n.summary()), TEXT_MAX));
    }
    ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
    fields.add(text("*Severity*\n" + NotificationText.severity(n), FIELD_MAX));
    fields.add(text("*Started*\n" + NotificationText.time(n.startsAt()), FIELD_MAX));
    if (n.endsAt() != null) {
      fields.add(text("*Resolved*\n" + NotificationText.time(n.endsAt()), FIELD_MAX));
    }
    if (!n.labels().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : n.labels().entrySet()) {
        sb.append(sb.length() == 0 ? "" : "  ")
            .append('`')
            .append(mrkdwn(e.getKey()))
            .append('=')
            .append(mrkdwn(e.getValue()))
            .append('`');
      }
      blocks.addObject().put("type", "context").putArray("elements").add(text(sb.toString(), 3000));
    }
    if (!n.links().isEmpty()) {
      ArrayNode buttons = blocks.addObject().put("type", "actions").putArray("elements");
      for (Link l : n.links().subList(0, Math.min(MAX_BUTTONS, n.links().size()))) {
        ObjectNode b = buttons.addObject().put("type", "button").put("url", l.url());
        b.putObject("text")
            .put("type", "plain_text")
            .put("text", TextLimits.cut(l.title(), BUTTON_TEXT_MAX));
      }
    }
    return root;
  }

  private static ObjectNode text(String s, int max) {
    return Json.MAPPER.createObjectNode().put("type", "mrkdwn").put("text", TextLimits.cut(s, max));
  }

  /** Slack's mrkdwn escaping: only {@code &}, {@code <} and {@code >}. */
  static String mrkdwn(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
