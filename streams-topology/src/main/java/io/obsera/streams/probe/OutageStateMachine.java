package io.obsera.streams.probe;

import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.OutageEvent;
import io.obsera.model.probe.OutageEvent.Kind;
import io.obsera.model.probe.OutageEvent.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The outage rules of one endpoint, applied to its state one check (or one wall-clock tick) at a
 * time; pure, so a replay of the same checks gives the same outages. Times of outages are the
 * checks' times (event time), except where noted.
 *
 * <ul>
 *   <li>A region (of the definition's regions; checks from other regions, and a region's checks
 *       older than its latest, are ignored) is <b>failing</b> after {@code failureThreshold} DOWN
 *       checks in a row, and stops on its first UP or DEGRADED check.
 *   <li><b>DOWN</b> opens when at least {@code quorum} regions are failing. Its start is the first
 *       DOWN check of the region that completed the quorum: with the failing regions' first failed
 *       checks sorted, the {@code quorum}-th of them (the moment from which {@code quorum} regions
 *       were failing; the K confirmations only tell it later). It resolves at the check that leaves
 *       fewer than {@code quorum} failing.
 *   <li><b>DEGRADED</b> opens, while no DOWN is open, when the latest checks of at least {@code
 *       quorum} regions are DEGRADED (start: the {@code quorum}-th first DEGRADED check, not before
 *       the end of the previous DOWN); it resolves when fewer are, or when DOWN opens (at DOWN's
 *       start).
 *   <li><b>NO_DATA</b>: see {@link #onTick}; a check resolves it. A check arriving {@code 3 x
 *       intervalMs} or more after the previous one (a replay, or the topology was down) opens and
 *       resolves the same NO_DATA outage the tick would have opened.
 *   <li><b>Maintenance</b>: a check inside a window opens nothing and forgets the regions' runs;
 *       outages open when the window starts are resolved with the window's start as their end.
 *   <li>While an outage is open, a change of its regions or cause emits OPEN again (same id).
 * </ul>
 */
final class OutageStateMachine {
  static final int NO_DATA_INTERVALS = 3;

  private final String tenantId;
  private final String endpointId;
  private final EndpointDefinition def;
  private final List<OutageEvent> events = new ArrayList<>();
  private final Map<String, RegionState> regions;
  private OpenOutage down;
  private OpenOutage degraded;
  private OpenOutage noData;
  private Instant lastCheck;
  private long lastArrival;
  private Instant lastDownEnd;

  /**
   * The machine of endpoint {@code tenantId|endpointId} in state {@code s}; {@code def} may be null
   * (a deleted endpoint) when only {@link #resolveAll} is called.
   */
  OutageStateMachine(String tenantId, String endpointId, EndpointDefinition def, EndpointState s) {
    this.tenantId = tenantId;
    this.endpointId = endpointId;
    this.def = def;
    this.regions = new TreeMap<>(s.regions());
    this.down = s.down();
    this.degraded = s.degraded();
    this.noData = s.noData();
    this.lastCheck = s.lastCheck();
    this.lastArrival = s.lastArrivalMillis();
    this.lastDownEnd = s.lastDownEnd();
  }

  EndpointState state() {
    return new EndpointState(regions, down, degraded, noData, lastCheck, lastArrival, lastDownEnd);
  }

  List<OutageEvent> events() {
    return events;
  }

  /** Applies one check processed at wall-clock {@code arrivalMillis}. */
  void onCheck(HealthCheck c, long arrivalMillis) {
    if (!def.regions().contains(c.region())) {
      return;
    }
    RegionState prev = regions.get(c.region());
    if (prev != null && c.time().isBefore(prev.time())) {
      return; // late check from a region that already reported a newer one
    }
    Instant t = c.time();
    lastArrival = arrivalMillis;
    if (noData != null) {
      resolve(Kind.NO_DATA, t, t);
    } else if (lastCheck != null && !t.isBefore(noDataStart(lastCheck))) {
      Instant start = outOfMaintenance(noDataStart(lastCheck));
      if (start.isBefore(t)) {
        openNoData(start);
        resolve(Kind.NO_DATA, t, t);
      }
    }
    lastCheck = lastCheck == null || t.isAfter(lastCheck) ? t : lastCheck;
    MaintenanceWindow window = windowAt(t);
    if (window != null) {
      endForMaintenance(window, t);
      return;
    }
    regions.put(c.region(), RegionState.after(prev, c));
    evaluateDown(t);
    if (down == null) {
      evaluateDegraded(t);
    }
  }

  /**
   * Wall-clock evaluation at {@code now}: NO_DATA opens when no listed region reported for {@code 3
   * x intervalMs}, both in event time ({@code lastCheck}) and in wall-clock time since the last
   * check was processed (so a replay of old checks does not open it). It starts {@code 3 x
   * intervalMs} after the last check (later if that falls in a maintenance window). A maintenance
   * window that started resolves open outages at its start.
   */
  void onTick(Instant now) {
    MaintenanceWindow window = windowAt(now);
    if (window != null) {
      endForMaintenance(window, now);
      return;
    }
    if (noData == null
        && lastCheck != null
        && !now.isBefore(noDataStart(lastCheck))
        && now.toEpochMilli() - lastArrival >= silence().toMillis()) {
      Instant start = outOfMaintenance(noDataStart(lastCheck));
      if (!start.isAfter(now)) {
        openNoData(start);
      }
    }
  }

  /** The endpoint was disabled (or deleted): every open outage resolves at {@code end}. */
  void resolveAll(Instant end, Instant eventTime) {
    for (Kind k : Kind.values()) {
      resolve(k, end, eventTime);
    }
    regions.clear();
  }

  private void evaluateDown(Instant t) {
    List<String> failing = matching(r -> r.failing(def.failureThreshold()));
    if (failing.size() >= def.quorum()) {
      if (down == null) {
        Instant start = quorumStart(failing, RegionState::failingSince);
        if (degraded != null) {
          resolve(Kind.DEGRADED, start, t);
        }
        down = open(Kind.DOWN, start, failing, cause(failing), t);
      } else {
        down = update(Kind.DOWN, down, failing, cause(failing), t);
      }
    } else if (down != null) {
      resolve(Kind.DOWN, t, t);
      lastDownEnd = t;
    }
  }

  private void evaluateDegraded(Instant t) {
    List<String> slow = matching(RegionState::degraded);
    if (slow.size() >= def.quorum()) {
      if (degraded == null) {
        Instant start = quorumStart(slow, RegionState::degradedSince);
        if (lastDownEnd != null && start.isBefore(lastDownEnd)) {
          start = lastDownEnd;
        }
        degraded = open(Kind.DEGRADED, start, slow, cause(slow), t);
      } else {
        degraded = update(Kind.DEGRADED, degraded, slow, cause(slow), t);
      }
    } else if (degraded != null) {
      resolve(Kind.DEGRADED, t, t);
    }
  }

  /** The regions of the definition whose state matches, sorted. */
  private List<String> matching(Predicate<RegionState> p) {
    return def.regions().stream()
        .filter(r -> regions.containsKey(r) && p.test(regions.get(r)))
        .sorted()
        .toList();
  }

  /** The {@code quorum}-th earliest start among these regions. */
  private Instant quorumStart(
      List<String> names, java.util.function.Function<RegionState, Instant> since) {
    return names.stream()
        .map(n -> since.apply(regions.get(n)))
        .sorted(Comparator.naturalOrder())
        .toList()
        .get(def.quorum() - 1);
  }

  private String cause(List<String> names) {
    return String.join(
        "; ",
        names.stream()
            .map(
                n -> {
                  RegionState r = regions.get(n);
                  String e =
                      r.error() == null || r.error().isBlank() ? "no reason given" : r.error();
                  return n + ": " + r.outcome() + " (" + e + ")";
                })
            .toList());
  }

  private void openNoData(Instant start) {
    noData =
        open(
            Kind.NO_DATA,
            start,
            def.regions().stream().sorted().toList(),
            "no check from any region since " + lastCheck,
            start);
  }

  private OpenOutage open(
      Kind kind, Instant start, List<String> regionNames, String cause, Instant t) {
    OpenOutage o =
        new OpenOutage(
            OutageEvent.outageId(tenantId, endpointId, kind, start), start, regionNames, cause, t);
    emit(kind, State.OPEN, o, null, t);
    return o;
  }

  private OpenOutage update(
      Kind kind, OpenOutage o, List<String> regionNames, String cause, Instant t) {
    if (o.regions().equals(regionNames) && o.cause().equals(cause)) {
      return o;
    }
    Instant at = o.nextEventTime(t);
    OpenOutage changed = new OpenOutage(o.outageId(), o.startedAt(), regionNames, cause, at);
    emit(kind, State.OPEN, changed, null, at);
    return changed;
  }

  private void resolve(Kind kind, Instant end, Instant t) {
    OpenOutage o =
        switch (kind) {
          case DOWN -> down;
          case DEGRADED -> degraded;
          case NO_DATA -> noData;
        };
    if (o == null) {
      return;
    }
    Instant e = end.isBefore(o.startedAt()) ? o.startedAt() : end;
    emit(kind, State.RESOLVED, o, e, o.nextEventTime(t));
    switch (kind) {
      case DOWN -> down = null;
      case DEGRADED -> degraded = null;
      case NO_DATA -> noData = null;
    }
  }

  private void emit(Kind kind, State state, OpenOutage o, Instant end, Instant t) {
    events.add(
        new OutageEvent(
            tenantId,
            endpointId,
            o.outageId(),
            kind,
            state,
            o.startedAt(),
            end,
            o.regions(),
            o.cause(),
            t));
  }

  private void endForMaintenance(MaintenanceWindow window, Instant t) {
    resolveAll(window.start(), t);
  }

  private Duration silence() {
    return Duration.ofMillis(NO_DATA_INTERVALS * def.intervalMs());
  }

  private Instant noDataStart(Instant last) {
    return last.plus(silence());
  }

  /** {@code t}, or the end of the maintenance window(s) it falls in. */
  private Instant outOfMaintenance(Instant t) {
    MaintenanceWindow w;
    while ((w = windowAt(t)) != null) {
      t = w.end();
    }
    return t;
  }

  private MaintenanceWindow windowAt(Instant t) {
    return def.maintenanceWindows().stream().filter(w -> w.contains(t)).findFirst().orElse(null);
  }
}
