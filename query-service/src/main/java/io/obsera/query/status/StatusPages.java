package io.obsera.query.status;

import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.TenantRecord;
import io.obsera.model.probe.OutageEvent;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.query.sla.Intervals;
import io.obsera.query.sla.Outage;
import io.obsera.query.sla.OutageRepository;
import io.obsera.query.sla.SlaCalculator;
import io.obsera.query.sla.SlaCalculator.Coverage;
import io.obsera.query.status.StatusPage.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link StatusPage} from the page's settings, the tenant's endpoints, {@code outages} and
 * {@code health_checks}. A day's bar comes from the SLA arithmetic ({@link SlaCalculator}): DOWN
 * outages are downtime, maintenance is left out, and hours without any check (and no outage) count
 * as no data, so a day is grey until probes report.
 */
public final class StatusPages {
  /** Days of uptime bars. */
  public static final int DAYS = 90;

  /** Resolved outages listed, newest first. */
  public static final int RECENT = 20;

  private static final long ROUND_MS = 30_000;

  private final ControlPlaneView view;
  private final OutageRepository outages;
  private final CheckRepository checks;
  private final Clock clock;
  private final Map<String, Built> cache = new java.util.concurrent.ConcurrentHashMap<>();

  private record Built(StatusPageSettings settings, Instant asOf, StatusPage page) {}

  public StatusPages(
      ControlPlaneView view, OutageRepository outages, CheckRepository checks, Clock clock) {
    this.view = view;
    this.outages = outages;
    this.checks = checks;
    this.clock = clock;
  }

  /** The page as of the current 30-second window (built at most once per window). */
  public StatusPage page(StatusPageSettings settings) {
    long nowMs = clock.millis();
    Instant now = Instant.ofEpochMilli(nowMs - nowMs % ROUND_MS);
    Built b = cache.get(settings.slug());
    if (b != null && b.asOf().equals(now) && b.settings().equals(settings)) {
      return b.page();
    }
    StatusPage page = build(settings, now);
    cache.put(settings.slug(), new Built(settings, now, page));
    return page;
  }

  StatusPage build(StatusPageSettings settings, Instant now) {
    String tenant = settings.tenantId();
    ZoneId zone = view.tenant(tenant).map(TenantRecord::zone).orElse(ZoneId.of("UTC"));
    Instant from =
        now.atZone(zone).toLocalDate().minusDays(DAYS - 1L).atStartOfDay(zone).toInstant();
    Map<String, EndpointDefinition> endpoints = new HashMap<>();
    view.endpointsOf(tenant).forEach(e -> endpoints.put(e.id(), e));
    List<Outage> all = outages.outages(tenant, from, now.plusMillis(1));
    Map<String, List<Long>> hours = checks.hoursWithChecks(tenant, from, now);
    List<CheckRepository.RegionLatency> latency =
        checks.latency(tenant, now.minus(Duration.ofHours(24)), now);

    List<StatusPage.Component> components = new ArrayList<>();
    List<StatusPage.OutageItem> active = new ArrayList<>();
    List<StatusPage.OutageItem> recent = new ArrayList<>();
    Status overall = Status.OPERATIONAL;
    for (String entry : settings.components()) {
      List<EndpointDefinition> members = members(entry, endpoints);
      boolean single = endpoints.containsKey(entry);
      List<Coverage> coverages = new ArrayList<>();
      Status status = members.isEmpty() ? Status.NO_DATA : Status.OPERATIONAL;
      for (EndpointDefinition e : members) {
        List<Outage> own = all.stream().filter(o -> o.endpointId().equals(e.id())).toList();
        coverages.add(coverage(e, own, hours.getOrDefault(e.id(), List.of()), from, now));
        status = status.worst(current(e, own, latency));
        for (Outage o : own) {
          StatusPage.OutageItem item = item(single ? e.name() : entry, e.name(), o, now);
          if (o.open()) {
            active.add(item);
          } else {
            recent.add(item);
          }
        }
      }
      Coverage c = single ? coverages.get(0) : SlaCalculator.service(coverages, from, now, now);
      SlaCalculator.Figures f = SlaCalculator.figures(c, from, now, now, 0.999);
      List<StatusPage.Day> days =
          SlaCalculator.daily(c, from, now, now, zone).stream()
              .map(
                  d ->
                      new StatusPage.Day(
                          d.date(),
                          dayStatus(d.uptimePercent()).id,
                          d.uptimePercent(),
                          d.downtimeMinutes()))
              .toList();
      List<String> ids = members.stream().map(EndpointDefinition::id).toList();
      components.add(
          new StatusPage.Component(
              single ? endpoints.get(entry).name() : entry,
              single ? endpoints.get(entry).name() : entry,
              single ? "endpoint" : "service",
              members.stream().map(EndpointDefinition::name).toList(),
              status.id,
              f.uptimePercent(),
              days,
              latency.stream()
                  .filter(l -> ids.contains(l.endpointId()))
                  .map(
                      l ->
                          new StatusPage.Latency(
                              l.region(),
                              endpoints.get(l.endpointId()).name(),
                              l.checks(),
                              l.failed(),
                              l.p50Ms(),
                              l.p95Ms()))
                  .toList()));
      overall = overall.worst(status);
    }
    recent.sort(Comparator.comparing(StatusPage.OutageItem::start).reversed());
    active.sort(Comparator.comparing(StatusPage.OutageItem::start));
    return new StatusPage(
        settings.slug(),
        settings.title(),
        overall.id,
        now,
        zone.getId(),
        DAYS,
        components,
        active,
        recent.subList(0, Math.min(RECENT, recent.size())));
  }

  /** The endpoint with that id, else the endpoints of that service. */
  static List<EndpointDefinition> members(String entry, Map<String, EndpointDefinition> all) {
    EndpointDefinition e = all.get(entry);
    if (e != null) {
      return List.of(e);
    }
    return all.values().stream()
        .filter(x -> entry.equals(x.service()))
        .sorted(Comparator.comparing(EndpointDefinition::id))
        .toList();
  }

  /**
   * Down, maintenance, and no data: the time before the endpoint was created (or first checked),
   * NO_DATA outages, and hours without a single check.
   */
  static Coverage coverage(
      EndpointDefinition e, List<Outage> own, List<Long> hours, Instant from, Instant now) {
    List<Instant> seen = new ArrayList<>(own.stream().map(Outage::start).toList());
    hours.stream().min(Long::compare).map(Instant::ofEpochMilli).ifPresent(seen::add);
    Coverage c =
        SlaCalculator.endpoint(
            own,
            e.maintenanceWindows() == null ? List.of() : e.maintenanceWindows(),
            from,
            now,
            now,
            SlaCalculator.measuredSince(e.createdAt(), seen));
    List<Intervals.Span> checked = new ArrayList<>();
    for (long h : hours) {
      checked.add(new Intervals.Span(h, h + 3_600_000L));
    }
    Intervals unchecked = Intervals.of(from, now).minus(Intervals.union(checked));
    Intervals noData = c.noData().union(unchecked.minus(c.down()).minus(c.maintenance()));
    return new Coverage(c.down(), noData, c.maintenance());
  }

  /** Open outages decide; with none, no check in 24 hours means no data. */
  static Status current(
      EndpointDefinition e, List<Outage> own, List<CheckRepository.RegionLatency> latency) {
    Status s = Status.OPERATIONAL;
    boolean anyOpen = false;
    for (Outage o : own) {
      if (o.open()) {
        anyOpen = true;
        s =
            s.worst(
                switch (o.kind()) {
                  case DOWN -> Status.OUTAGE;
                  case DEGRADED -> Status.DEGRADED;
                  case NO_DATA -> Status.NO_DATA;
                });
      }
    }
    if (!anyOpen && latency.stream().noneMatch(l -> l.endpointId().equals(e.id()))) {
      return Status.NO_DATA;
    }
    return s;
  }

  static Status dayStatus(Double uptimePercent) {
    if (uptimePercent == null) {
      return Status.NO_DATA;
    }
    if (uptimePercent >= 100.0) {
      return Status.OPERATIONAL;
    }
    return uptimePercent >= 99.0 ? Status.DEGRADED : Status.OUTAGE;
  }

  /** An outage as the public sees it: component and endpoint by name, never by id. */
  private static StatusPage.OutageItem item(
      String component, String endpointName, Outage o, Instant now) {
    Instant end = o.end();
    Instant until = end == null ? now : end;
    return new StatusPage.OutageItem(
        component,
        endpointName,
        o.kind() == OutageEvent.Kind.NO_DATA
            ? "no_data"
            : o.kind().name().toLowerCase(java.util.Locale.ROOT),
        o.start(),
        end,
        Math.max(0, Duration.between(o.start(), until).toMillis()) / 60_000.0,
        o.regions());
  }
}
