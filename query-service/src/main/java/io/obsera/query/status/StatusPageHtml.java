package io.obsera.query.status;

import io.obsera.query.status.StatusPage.Status;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Server-rendered HTML of a status page: inline CSS, no script, nothing loaded from anywhere (the
 * CSP of the routes forbids it anyway). {@link #embed} is the compact variant for iframes.
 */
public final class StatusPageHtml {
  private static final String CSS =
      "*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',"
          + "Roboto,Helvetica,Arial,sans-serif;color:#1d2127;background:#f6f7f9}"
          + "main{max-width:860px;margin:0 auto;padding:24px 16px}"
          + "h1{font-size:26px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 10px}"
          + ".overall{padding:14px 16px;border-radius:8px;color:#fff;font-weight:600;margin:0}"
          + ".card{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:14px 16px;"
          + "margin:10px 0}.row{display:flex;justify-content:space-between;gap:12px}"
          + ".name{font-weight:600}.st{font-weight:600}"
          + ".bars{display:flex;gap:2px;height:34px;margin:10px 0 4px}"
          + ".bar{flex:1;border-radius:2px;min-width:2px}"
          + ".legend{display:flex;justify-content:space-between;font-size:12px;color:#69707a}"
          + "table{width:100%;border-collapse:collapse;background:#fff;font-size:14px}"
          + "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6ea}"
          + "td.n,th.n{text-align:right}.muted{color:#69707a}footer{margin-top:28px;font-size:12px;"
          + "color:#69707a}a{color:#2457c5}"
          + ".embed main{padding:8px}.embed h1{font-size:18px}.embed .bars{height:22px}";

  private StatusPageHtml() {}

  public static String page(StatusPage p) {
    return document(p, false);
  }

  public static String embed(StatusPage p) {
    return document(p, true);
  }

  private static String document(StatusPage p, boolean compact) {
    DateTimeFormatter time =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.of(p.timeZone()));
    Status overall = Status.of(p.status());
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        // No favicon request: browsers would ask this origin for /favicon.ico.
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<title>")
        .append(esc(p.title()))
        .append(" status</title><style>")
        .append(CSS)
        .append("</style></head><body")
        .append(compact ? " class=\"embed\"" : "")
        .append("><main><h1>")
        .append(esc(p.title()))
        .append("</h1><p id=\"overall\" class=\"overall\" data-status=\"")
        .append(overall.id)
        .append("\" style=\"background:")
        .append(overall.colour)
        .append("\">")
        .append(overall == Status.OPERATIONAL ? "All systems operational" : overall.label)
        .append("</p><section id=\"components\">");
    for (StatusPage.Component c : p.components()) {
      component(b, c, compact ? 30 : p.days());
    }
    b.append("</section>");
    if (!compact) {
      b.append("<section id=\"active\"><h2>Active outages</h2>");
      outages(b, p.activeOutages(), time, "No active outages.");
      b.append("</section><section id=\"latency\"><h2>Latency by region (last 24 hours)</h2>");
      latency(b, p.components());
      b.append("</section><section id=\"recent\"><h2>Recent outages</h2>");
      outages(b, p.recentOutages(), time, "No outages in the last " + p.days() + " days.");
      b.append("</section>");
    } else if (!p.activeOutages().isEmpty()) {
      b.append("<p class=\"muted\">")
          .append(p.activeOutages().size())
          .append(" active outage(s)</p>");
    }
    b.append("<footer>As of ")
        .append(time.format(p.asOf()))
        .append(" (")
        .append(esc(p.timeZone()))
        .append(")")
        .append(compact ? "" : " &middot; <a href=\"" + esc(p.slug()) + ".json\">JSON</a>")
        .append("</footer></main></body></html>");
    return b.toString();
  }

  private static void component(StringBuilder b, StatusPage.Component c, int days) {
    Status s = Status.of(c.status());
    b.append("<div class=\"card component\" data-id=\"")
        .append(esc(c.id()))
        .append("\" data-status=\"")
        .append(s.id)
        .append("\"><div class=\"row\"><span class=\"name\">")
        .append(esc(c.name()))
        .append("</span><span class=\"st\" style=\"color:")
        .append(s.colour)
        .append("\">")
        .append(s.label)
        .append("</span></div><div class=\"bars\" aria-label=\"daily uptime\">");
    List<StatusPage.Day> shown =
        c.days().subList(Math.max(0, c.days().size() - days), c.days().size());
    for (StatusPage.Day d : shown) {
      Status ds = Status.of(d.status());
      b.append("<span class=\"bar\" data-date=\"")
          .append(d.date())
          .append("\" style=\"background:")
          .append(ds.colour)
          .append("\" title=\"")
          .append(d.date())
          .append(": ")
          .append(d.uptimePercent() == null ? "no data" : fmt(d.uptimePercent()) + " % uptime")
          .append(d.downtimeMinutes() > 0 ? ", " + fmt(d.downtimeMinutes()) + " min down" : "")
          .append("\"></span>");
    }
    b.append("</div><div class=\"legend\"><span>")
        .append(shown.size())
        .append(" days ago</span><span>")
        .append(c.uptimePercent() == null ? "no data" : fmt(c.uptimePercent()) + " % uptime")
        .append("</span><span>Today</span></div></div>");
  }

  private static void outages(
      StringBuilder b, List<StatusPage.OutageItem> list, DateTimeFormatter time, String none) {
    if (list.isEmpty()) {
      b.append("<p class=\"muted\">").append(none).append("</p>");
      return;
    }
    b.append("<table><tr><th>Component</th><th>Kind</th><th>Started</th><th>Ended</th>")
        .append("<th class=\"n\">Minutes</th><th>Regions</th></tr>");
    for (StatusPage.OutageItem o : list) {
      b.append("<tr class=\"outage\" data-kind=\"")
          .append(esc(o.kind()))
          .append("\"><td>")
          .append(esc(o.component()))
          .append(o.component().equals(o.endpoint()) ? "" : " / " + esc(o.endpoint()))
          .append("</td><td>")
          .append(esc(o.kind()))
          .append("</td><td>")
          .append(time.format(o.start()))
          .append("</td><td>")
          .append(o.end() == null ? "ongoing" : time.format(o.end()))
          .append("</td><td class=\"n\">")
          .append(fmt(o.minutes()))
          .append("</td><td>")
          .append(esc(String.join(", ", o.regions())))
          .append("</td></tr>");
    }
    b.append("</table>");
  }

  private static void latency(StringBuilder b, List<StatusPage.Component> components) {
    boolean any = components.stream().anyMatch(c -> !c.latency().isEmpty());
    if (!any) {
      b.append("<p class=\"muted\">No checks in the last 24 hours.</p>");
      return;
    }
    b.append("<table><tr><th>Component</th><th>Region</th><th class=\"n\">p50 ms</th>")
        .append("<th class=\"n\">p95 ms</th><th class=\"n\">Checks</th>")
        .append("<th class=\"n\">Failed checks</th></tr>");
    for (StatusPage.Component c : components) {
      for (StatusPage.Latency l : c.latency()) {
        b.append("<tr class=\"latency\" data-region=\"")
            .append(esc(l.region()))
            .append("\"><td>")
            .append(esc(c.name()))
            .append(c.kind().equals("service") ? " / " + esc(l.endpoint()) : "")
            .append("</td><td>")
            .append(esc(l.region()))
            .append("</td><td class=\"n\">")
            .append(l.p50Ms() == null ? "-" : fmt(l.p50Ms()))
            .append("</td><td class=\"n\">")
            .append(l.p95Ms() == null ? "-" : fmt(l.p95Ms()))
            .append("</td><td class=\"n\">")
            .append(l.checks())
            .append("</td><td class=\"n failed\">")
            .append(l.failedChecks())
            .append("</td></tr>");
      }
    }
    b.append("</table>");
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.2f", v);
  }

  /** HTML text and attribute escaping. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
