package io.obsera.query.sla;

import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.query.sla.SlaCalculator.Coverage;
import io.obsera.query.sla.SlaReport.Availability;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a tenant's {@link SlaReport} from its endpoints, SLOs, outages and SLI counts. */
public final class SlaReports {
  private final ControlPlaneView view;
  private final OutageRepository repository;
  private final Clock clock;

  public SlaReports(ControlPlaneView view, OutageRepository repository, Clock clock) {
    this.view = view;
    this.repository = repository;
    this.clock = clock;
  }

  public SlaReport report(TenantRecord tenant, SlaMonth month, double objective) {
    Instant now = clock.instant();
    Instant from = month.start();
    Instant to = month.end();
    List<Outage> outages = repository.outages(tenant.id(), from, to);
    Map<String, List<EndpointDefinition>> byService = new TreeMap<>();
    Map<String, List<Coverage>> serviceCoverage = new TreeMap<>();
    List<Availability> endpoints = new ArrayList<>();
    for (EndpointDefinition e : view.endpointsOf(tenant.id())) {
      List<Outage> own = outages.stream().filter(o -> o.endpointId().equals(e.id())).toList();
      Coverage c =
          SlaCalculator.endpoint(
              own,
              e.maintenanceWindows() == null ? List.of() : e.maintenanceWindows(),
              from,
              to,
              now,
              SlaCalculator.measuredSince(e.createdAt(), own.stream().map(Outage::start).toList()));
      endpoints.add(
          Availability.of(
              e.id(),
              e.name(),
              List.of(e.id()),
              SlaCalculator.figures(c, from, to, now, objective),
              SlaCalculator.outageList(own, from, to, now),
              SlaCalculator.daily(c, from, to, now, month.zone())));
      byService.computeIfAbsent(e.service(), k -> new ArrayList<>()).add(e);
      serviceCoverage.computeIfAbsent(e.service(), k -> new ArrayList<>()).add(c);
    }
    List<Availability> services = new ArrayList<>();
    byService.forEach(
        (service, members) -> {
          List<String> ids = members.stream().map(EndpointDefinition::id).toList();
          Coverage c = SlaCalculator.service(serviceCoverage.get(service), from, to, now);
          List<Outage> own = outages.stream().filter(o -> ids.contains(o.endpointId())).toList();
          services.add(
              Availability.of(
                  service,
                  service,
                  ids,
                  SlaCalculator.figures(c, from, to, now, objective),
                  SlaCalculator.outageList(own, from, to, now),
                  SlaCalculator.daily(c, from, to, now, month.zone())));
        });
    Map<String, OutageRepository.SliCounts> sli = repository.sli(tenant.id(), from, to);
    List<SlaCalculator.SloFigures> slos = new ArrayList<>();
    for (SloDefinition s : view.slosOf(tenant.id())) {
      OutageRepository.SliCounts n = sli.getOrDefault(s.id(), new OutageRepository.SliCounts(0, 0));
      slos.add(SlaCalculator.slo(s.id(), s.name(), s.objective(), n.good(), n.total()));
    }
    boolean complete = !now.isBefore(to);
    return new SlaReport(
        tenant.id(),
        tenant.name(),
        month.month().toString(),
        month.zone().getId(),
        from,
        to,
        complete ? to : now,
        complete,
        month.minutes(),
        objective,
        SlaReport.RULES,
        endpoints,
        services,
        slos);
  }
}
