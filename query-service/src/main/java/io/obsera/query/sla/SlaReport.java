package io.obsera.query.sla;

import io.obsera.query.sla.SlaCalculator.DayUptime;
import io.obsera.query.sla.SlaCalculator.Figures;
import io.obsera.query.sla.SlaCalculator.OutageLine;
import io.obsera.query.sla.SlaCalculator.SloFigures;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's monthly SLA report (the JSON of {@code GET /api/v1/sla} and the content of the PDF).
 *
 * @param until the figures cover {@code [from, until)}: the whole month once it is over
 * @param complete whether the month is over
 */
public record SlaReport(
    String tenant,
    String tenantName,
    String month,
    String timeZone,
    Instant from,
    Instant to,
    Instant until,
    boolean complete,
    double monthMinutes,
    double objective,
    String rules,
    List<Availability> endpoints,
    List<Availability> services,
    List<SloFigures> slos) {

  /** How the figures are computed, stated in every report. */
  public static final String RULES =
      "Only DOWN outages count as downtime (DEGRADED counts as up). Maintenance windows and"
          + " no-data time are neither downtime nor measured time: uptime = 1 - downtime /"
          + " (elapsed - maintenance - no data); error budget = (1 - objective) x (month -"
          + " maintenance - no data). An endpoint is measured from when it was created (or first"
          + " checked): the time before is no data. Months and days are cut in the tenant's time"
          + " zone.";

  /** Figures of one endpoint or one service (a group of endpoints). */
  public record Availability(
      String id,
      String name,
      List<String> endpoints,
      Double uptimePercent,
      double downtimeMinutes,
      double noDataMinutes,
      double maintenanceMinutes,
      double measuredMinutes,
      double budgetMinutes,
      double budgetRemainingMinutes,
      Double budgetRemainingPercent,
      List<OutageLine> outages,
      List<DayUptime> daily) {

    static Availability of(
        String id,
        String name,
        List<String> endpoints,
        Figures f,
        List<OutageLine> outages,
        List<DayUptime> daily) {
      return new Availability(
          id,
          name,
          endpoints,
          f.uptimePercent(),
          f.downtimeMinutes(),
          f.noDataMinutes(),
          f.maintenanceMinutes(),
          f.measuredMinutes(),
          f.budgetMinutes(),
          f.budgetRemainingMinutes(),
          f.budgetRemainingPercent(),
          outages,
          daily);
    }
  }
}
