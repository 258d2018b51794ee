package io.obsera.alert.send;

import io.obsera.alert.notify.Link;
import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.AlertState;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The human-readable forms of a notification: subject line, plain text, HTML and SMS. */
final class NotificationText {
  static final int SMS_MAX = 320;

  private NotificationText() {}

  /** {@code [FIRING] [PAGE] title} or {@code [RESOLVED] title}. */
  static String subject(Notification n) {
    return n.state() == AlertState.FIRING
        ? "[FIRING] [" + n.severity() + "] " + n.title()
        : "[RESOLVED] " + n.title();
  }

  static String severity(Notification n) {
    return n.severity().name().toLowerCase(Locale.ROOT);
  }

  static String plain(Notification n) {
    StringBuilder sb = new StringBuilder(subject(n)).append("\n\n");
    if (!n.summary().isEmpty()) {
      sb.append(n.summary()).append("\n\n");
    }
    sb.append("Severity: ").append(severity(n)).append('\n');
    sb.append("Started: ").append(time(n.startsAt())).append('\n');
    if (n.endsAt() != null) {
      sb.append("Resolved: ").append(time(n.endsAt())).append('\n');
    }
    if (!n.labels().isEmpty()) {
      sb.append("Labels:\n");
      n.labels().forEach((k, v) -> sb.append("  ").append(k).append('=').append(v).append('\n'));
    }
    for (Link l : n.links()) {
      sb.append(l.title()).append(": ").append(l.url()).append('\n');
    }
    sb.append("\nTenant ").append(n.tenantId()).append(", alert ").append(n.alertId());
    sb.append(", delivery ").append(n.deliveryId()).append('\n');
    return sb.toString();
  }

  static String html(Notification n) {
    StringBuilder sb = new StringBuilder("<html><body>");
    sb.append("<h2>").append(escape(subject(n))).append("</h2>");
    if (!n.summary().isEmpty()) {
      sb.append("<p>").append(escape(n.summary()).replace("\n", "<br>")).append("</p>");
    }
    sb.append("<table>");
    row(sb, "Severity", severity(n));
    row(sb, "Started", time(n.startsAt()));
    if (n.endsAt() != null) {
      row(sb, "Resolved", time(n.endsAt()));
    }
    for (Map.Entry<String, String> e : n.labels().entrySet()) {
      row(sb, e.getKey(), e.getValue());
    }
    sb.append("</table>");
    if (!n.links().isEmpty()) {
      sb.append("<ul>");
      for (Link l : n.links()) {
        sb.append("<li><a href=\"")
            .append(escape(l.url()))
            .append("\">")
            .append(escape(l.title()))
            .append("</a></li>");
      }
      sb.append("</ul>");
    }
    sb.append("<p><small>Tenant ")
        .append(escape(n.tenantId()))
        .append(", alert ")
        .append(escape(n.alertId()))
        .append(", delivery ")
        .append(n.deliveryId())
        .append("</small></p></body></html>");
    return sb.toString();
  }

  /** One short text message: subject and the first link, at most {@link #SMS_MAX} characters. */
  static String sms(Notification n) {
    String s = subject(n);
    if (!n.links().isEmpty()) {
      String link = " " + n.links().get(0).url();
      if (s.length() + link.length() <= SMS_MAX) {
        return s + link;
      }
    }
    return s.length() <= SMS_MAX ? s : s.substring(0, SMS_MAX - 3) + "...";
  }

  static String time(java.time.Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t);
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append("<tr><th align=\"left\">")
        .append(escape(k))
        .append("</th><td>")
        .append(escape(v))
        .append("</td></tr>");
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
