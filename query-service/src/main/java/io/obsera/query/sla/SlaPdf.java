package io.obsera.query.sla;

import io.obsera.query.sla.SlaCalculator.DayUptime;
import io.obsera.query.sla.SlaCalculator.OutageLine;
import io.obsera.query.sla.SlaCalculator.SloFigures;
import io.obsera.query.sla.SlaReport.Availability;
import java.awt.Color;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SLA report as a PDF: title, tenant, month and zone, the endpoint, service and SLO tables, the
 * outage list and a bar chart of daily uptime per endpoint drawn with PDFBox's graphics.
 */
public final class SlaPdf {
  static final Color UP = new Color(0x2e, 0x9e, 0x4f);
  static final Color WITHIN = new Color(0xe0, 0xa1, 0x1b);
  static final Color BREACH = new Color(0xd0, 0x3b, 0x3b);
  static final Color NO_DATA = new Color(0xc8, 0xc8, 0xc8);

  /** The chart's vertical axis starts here: 90 % uptime is an empty bar. */
  static final double CHART_FLOOR_PERCENT = 90.0;

  private static final float[] AVAILABILITY_COLUMNS = {0, 150, 210, 265, 320, 375, 430};
  private static final float[] SLO_COLUMNS = {0, 150, 210, 265, 330, 400};
  private static final float[] OUTAGE_COLUMNS = {0, 105, 210, 330, 400};

  private SlaPdf() {}

  public static byte[] render(SlaReport r) {
    DateTimeFormatter time =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.of(r.timeZone()));
    try (PdfCanvas pdf = new PdfCanvas()) {
      pdf.title("SLA report " + r.month());
      pdf.line("Tenant: " + r.tenantName() + " (" + r.tenant() + ")", 10, false);
      pdf.line("Month: " + r.month() + "   Time zone: " + r.timeZone(), 10, false);
      pdf.line(
          "Period: "
              + time.format(r.from())
              + " to "
              + time.format(r.to())
              + (r.complete() ? "" : "   (in progress, figures until " + time.format(r.until()))
              + (r.complete() ? "" : ")"),
          10,
          false);
      pdf.line(
          "Objective: "
              + pct(r.objective() * 100)
              + " %   Month length: "
              + num(r.monthMinutes())
              + " minutes",
          10,
          false);
      availability(pdf, "Endpoints", r.endpoints());
      availability(pdf, "Services", r.services());
      slos(pdf, r.slos());
      outages(pdf, r, time);
      chart(pdf, r);
      pdf.heading("How the figures are computed");
      pdf.paragraph(SlaReport.RULES, 8.5f);
      return pdf.finish();
    }
  }

  private static void availability(PdfCanvas pdf, String title, List<Availability> rows) {
    pdf.heading(title);
    pdf.row(
        AVAILABILITY_COLUMNS,
        List.of(
            "Name",
            "Uptime %",
            "Down min",
            "No data min",
            "Maint. min",
            "Budget min",
            "Budget left min"),
        true);
    if (rows.isEmpty()) {
      pdf.line("none", 8.5f, false);
    }
    for (Availability a : rows) {
      pdf.row(
          AVAILABILITY_COLUMNS,
          List.of(
              a.name(),
              a.uptimePercent() == null ? "no data" : pct(a.uptimePercent()),
              num(a.downtimeMinutes()),
              num(a.noDataMinutes()),
              num(a.maintenanceMinutes()),
              num(a.budgetMinutes()),
              num(a.budgetRemainingMinutes())),
          false);
    }
  }

  private static void slos(PdfCanvas pdf, List<SloFigures> rows) {
    pdf.heading("SLOs");
    pdf.row(
        SLO_COLUMNS,
        List.of("SLO", "Objective %", "SLI %", "Good", "Total", "Budget left %"),
        true);
    if (rows.isEmpty()) {
      pdf.line("none", 8.5f, false);
    }
    for (SloFigures s : rows) {
      pdf.row(
          SLO_COLUMNS,
          List.of(
              s.name(),
              pct(s.objective() * 100),
              s.sliPercent() == null ? "no data" : pct(s.sliPercent()),
              Long.toString(s.good()),
              Long.toString(s.total()),
              s.budgetRemainingPercent() == null ? "-" : num(s.budgetRemainingPercent())),
          false);
    }
  }

  private static void outages(PdfCanvas pdf, SlaReport r, DateTimeFormatter time) {
    pdf.heading("Outages (clipped to the month)");
    pdf.row(OUTAGE_COLUMNS, List.of("Start", "End", "Endpoint", "Kind", "Minutes"), true);
    List<OutageLine> all = new ArrayList<>();
    r.endpoints().forEach(a -> all.addAll(a.outages()));
    all.sort(java.util.Comparator.comparing(OutageLine::start));
    if (all.isEmpty()) {
      pdf.line("none", 8.5f, false);
    }
    for (OutageLine o : all) {
      pdf.row(
          OUTAGE_COLUMNS,
          List.of(
              time.format(o.start()),
              o.end() == null ? "ongoing" : time.format(o.end()),
              o.endpointId(),
              o.kind().name(),
              num(o.minutes())),
          false);
    }
  }

  /** One row of daily bars per endpoint: the height is the uptime from 90 % to 100 %. */
  private static void chart(PdfCanvas pdf, SlaReport r) {
    pdf.heading("Daily uptime per endpoint (bar height: 90 % to 100 %)");
    float height = 40;
    for (Availability a : r.endpoints()) {
      pdf.line(a.name(), 9, true);
      List<DayUptime> days = a.daily();
      float top = pdf.reserve(height + 14);
      float bottom = top - height;
      pdf.rect(PdfCanvas.MARGIN, bottom - 0.5f, PdfCanvas.WIDTH, 0.5f, Color.GRAY);
      int n = Math.max(days.size(), 1);
      float slot = (PdfCanvas.WIDTH - 30) / n;
      for (int i = 0; i < days.size(); i++) {
        DayUptime d = days.get(i);
        float x = PdfCanvas.MARGIN + 30 + i * slot;
        Double u = d.uptimePercent();
        float h =
            u == null
                ? height
                : (float)
                    Math.max(1.5, height * (u - CHART_FLOOR_PERCENT) / (100 - CHART_FLOOR_PERCENT));
        pdf.rect(x, bottom, Math.max(slot - 2, 1), h, colour(u, r.objective()));
        if (i % 5 == 0 || i == days.size() - 1) {
          pdf.text(
              x, bottom - 9, Integer.toString(d.date().getDayOfMonth()), 6, false, Color.DARK_GRAY);
        }
      }
      pdf.text(PdfCanvas.MARGIN, top - 6, "100%", 6, false, Color.DARK_GRAY);
      pdf.text(PdfCanvas.MARGIN, bottom, "90%", 6, false, Color.DARK_GRAY);
    }
  }

  static Color colour(Double uptimePercent, double objective) {
    if (uptimePercent == null) {
      return NO_DATA;
    }
    if (uptimePercent >= 100.0) {
      return UP;
    }
    return uptimePercent >= objective * 100 ? WITHIN : BREACH;
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
