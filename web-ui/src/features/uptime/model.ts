/** Shapes of the probe, outage, SLA and status page APIs (docs/probes-and-status-pages.md). */

export interface Endpoint {
  id: string;
  name: string;
  url: string;
  regions: string[];
  service?: string;
  method?: string;
  expectedStatus?: string;
  bodyMatch?: string | null;
  intervalMs?: number;
  timeoutMs?: number;
  quorum?: number;
  failureThreshold?: number;
  degradedLatencyMs?: number | null;
  enabled?: boolean;
  createdAt?: string;
}

export interface DayUptime {
  date: string;
  uptimePercent: number | null;
  downtimeMinutes: number;
  measuredMinutes: number;
}

export interface OutageLine {
  outageId: string;
  endpointId: string;
  kind: 'DOWN' | 'DEGRADED' | 'NO_DATA' | string;
  start: string;
  end: string | null;
  ongoing: boolean;
  minutes: number;
  regions: string[];
  cause: string | null;
}

export interface Availability {
  id: string;
  name: string;
  uptimePercent: number | null;
  downtimeMinutes: number;
  noDataMinutes: number;
  maintenanceMinutes: number;
  measuredMinutes: number;
  budgetMinutes: number;
  budgetRemainingMinutes: number;
  budgetRemainingPercent: number | null;
  outages: OutageLine[];
  daily: DayUptime[];
}

export interface SlaReport {
  month: string;
  timeZone: string;
  until: string;
  complete: boolean;
  objective: number;
  rules: string;
  endpoints: Availability[];
  services: Availability[];
}

export interface OutageView {
  outageId: string;
  kind: string;
  state: 'OPEN' | 'RESOLVED';
  start: string;
  end: string | null;
  durationMs: number;
  regions: string[];
  cause: string | null;
}

export interface LatencyStats {
  timeUnixNano: string;
  count: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface RegionLatency extends Omit<LatencyStats, 'timeUnixNano'> {
  region: string;
  series: LatencyStats[];
}

export interface StatusPageSettings {
  slug: string;
  title: string;
  components: string[];
  public: boolean;
}

/** `YYYY-MM` of `monthsBack` months before the month of `date` (`YYYY-MM-DD`). */
export function monthBefore(date: string, monthsBack: number): string {
  const [y, m] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - monthsBack;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Today's date (`YYYY-MM-DD`) in `timeZone`. */
export function dateIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}

/** The `days` dates ending with `last` (inclusive), oldest first. */
export function datesEndingAt(last: string, days: number): string[] {
  const end = Date.parse(last + 'T00:00:00Z');
  return Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * One bar per day of the last `days` up to `today`: the reports' day, or no data (null uptime)
 * for days no report measured: before the endpoint existed, or without checks.
 */
export function dailyBars(
  reports: readonly SlaReport[],
  endpointId: string,
  today: string,
  days = 90,
): DayUptime[] {
  const known = new Map<string, DayUptime>();
  for (const r of reports) {
    for (const d of r.endpoints.find((e) => e.id === endpointId)?.daily ?? []) {
      known.set(d.date, d);
    }
  }
  return datesEndingAt(today, days).map((date) => {
    const d = known.get(date);
    return d && d.measuredMinutes > 0 && d.uptimePercent !== null
      ? d
      : { date, uptimePercent: null, downtimeMinutes: 0, measuredMinutes: 0 };
  });
}

export type Status = 'up' | 'down' | 'degraded' | 'no data' | 'paused';

/**
 * The status now, as the status page tells it: an ongoing DOWN outage is down, DEGRADED degraded,
 * NO_DATA or no check in the last day no data; a disabled endpoint is paused.
 */
export function currentStatus(
  endpoint: Endpoint,
  ongoing: readonly { kind: string }[],
  checksLastDay: number | undefined,
): Status {
  if (endpoint.enabled === false) return 'paused';
  if (ongoing.some((o) => o.kind === 'DOWN')) return 'down';
  if (ongoing.some((o) => o.kind === 'DEGRADED')) return 'degraded';
  if (ongoing.some((o) => o.kind === 'NO_DATA') || !checksLastDay) return 'no data';
  return 'up';
}

/** The uptime of measured days together, or null when none was measured. */
export function overallUptime(days: readonly DayUptime[]): number | null {
  const measured = days.reduce((s, d) => s + d.measuredMinutes, 0);
  if (measured === 0) return null;
  const down = days.reduce((s, d) => s + d.downtimeMinutes, 0);
  return 100 * (1 - down / measured);
}
