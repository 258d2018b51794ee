package io.obsera.query.sla;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import java.time.Clock;

/**
 * {@code GET /api/v1/sla?month=2026-10&objective=0.999[&format=pdf]} and {@code GET
 * /api/v1/sla/{month}.pdf}: the monthly SLA report of the key's tenant, in its time zone.
 */
public final class SlaRoutes {
  public static final double DEFAULT_OBJECTIVE = 0.999;

  private final Auth auth;
  private final ControlPlaneView view;
  private final SlaReports reports;
  private final Clock clock;

  public SlaRoutes(Auth auth, ControlPlaneView view, SlaReports reports, Clock clock) {
    this.auth = auth;
    this.view = view;
    this.reports = reports;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/sla", this::report);
    cfg.routes.get("/api/v1/sla/{month}.pdf", this::pdf);
  }

  private void report(Context ctx) {
    String format = ctx.queryParam("format");
    if (format != null && !format.equals("json") && !format.equals("pdf")) {
      throw ApiException.badRequest("parameter 'format' must be json or pdf, got '" + format + "'");
    }
    SlaReport r = build(ctx, ctx.queryParam("month"));
    if ("pdf".equals(format)) {
      sendPdf(ctx, r);
    } else {
      ctx.json(r);
    }
  }

  private void pdf(Context ctx) {
    sendPdf(ctx, build(ctx, ctx.pathParam("month")));
  }

  private SlaReport build(Context ctx, String month) {
    String tenantId = auth.tenant(ctx);
    TenantRecord tenant =
        view.tenant(tenantId)
            .orElseThrow(() -> ApiException.notFound("tenant " + tenantId + " not found"));
    SlaMonth m;
    try {
      m = SlaMonth.parse("month", month, tenant.zone(), clock);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return reports.report(tenant, m, objective(ctx.queryParam("objective")));
  }

  static double objective(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_OBJECTIVE;
    }
    double v;
    try {
      v = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "parameter 'objective' must be a number like 0.999, got '" + raw + "'");
    }
    if (!(v > 0 && v < 1)) {
      throw ApiException.badRequest(
          "parameter 'objective' must be strictly between 0 and 1, got '" + raw + "'");
    }
    return v;
  }

  private static void sendPdf(Context ctx, SlaReport r) {
    byte[] pdf = SlaPdf.render(r);
    ctx.contentType("application/pdf")
        .header(
            "Content-Disposition",
            "attachment; filename=\"sla-" + r.tenant() + "-" + r.month() + ".pdf\"")
        .result(pdf);
  }
}
