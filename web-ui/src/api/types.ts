/**
 * Response types of the query API (query-service's openapi.json; `paths.test.ts` checks that every
 * path the UI calls is in that document). Nanosecond times are decimal strings.
 */

export type Links = Record<string, string>;

/** Requests (count, per second), error rate 0..1 and latency percentiles in ms. */
export interface RedFigures {
  count: number;
  requestRate: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface RedPoint extends RedFigures {
  timeUnixNano: string;
}

/** A service, a region or an operation: figures over the range and per step. */
export interface RedGroup extends RedFigures {
  name: string;
  series: RedPoint[];
}

export interface ServiceSummary extends RedGroup {
  regions: RedGroup[];
  links: Links;
}

export interface ServiceList {
  from: string;
  to: string;
  stepNanos: string;
  errorBoundPercent: number;
  services: ServiceSummary[];
}

export interface Alert {
  fingerprint: string;
  ruleId: string;
  name: string;
  source: string;
  severity: string;
  state: string;
  service: string | null;
  summary: string | null;
  value: number | null;
  threshold: number | null;
  startsAt: string;
  endsAt: string | null;
  links: Links;
}

export interface ServiceEndpoint {
  id: string;
  name: string;
  url: string;
  regions: string[];
}

export interface ServiceDetail extends RedGroup {
  from: string;
  to: string;
  stepNanos: string;
  errorBoundPercent: number;
  regions: RedGroup[];
  operations: RedGroup[];
  endpoints: ServiceEndpoint[];
  alerts: Alert[];
  links: Links;
}

export interface TraceHit {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startTimeUnixNano: string;
  durationNanos: string;
  spanCount: number;
  errorCount: number;
  services: string[];
  regions: string[];
  links: Links;
}

export interface TracePage {
  traces: TraceHit[];
  nextCursor: string | null;
}

export interface Span {
  spanId: string;
  parentSpanId: string;
  childSpanIds: string[];
  name: string;
  serviceName: string;
  startTimeUnixNano: string;
  durationNanos: string;
  status: { code: string; message: string } | null;
  attributes: Record<string, string>;
  kind?: string;
  resource?: Record<string, string>;
  events?: { timeUnixNano: string; name: string; attributes: Record<string, string> }[];
  spanLinks?: {
    traceId: string;
    spanId: string;
    traceState: string;
    attributes: Record<string, string>;
  }[];
}

export interface TraceLog {
  timeUnixNano: string;
  severityText: string;
  severityNumber: number;
  body: string;
  spanId: string;
  attributes: Record<string, string>;
}

export interface MetricPoint {
  metricName: string;
  serviceName: string;
  attributes: Record<string, string>;
  timeUnixNano: string;
  value: number;
  spanId: string;
  link: string;
}

export interface Trace {
  traceId: string;
  rootSpanIds: string[];
  spans: Span[];
  logs: TraceLog[];
  metricPoints: MetricPoint[];
  summary: TraceHit | null;
  links: Links;
}

export interface LogHit {
  timeUnixNano: string;
  severityText: string;
  severityNumber: number;
  serviceName: string;
  body: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, string>;
  links: Links;
}

export interface LogPage {
  logs: LogHit[];
  nextCursor: string | null;
}

export interface LogHistogram {
  from: string;
  to: string;
  stepNanos: string;
  buckets: { timeUnixNano: string; count: number; errors: number }[];
}

export interface MetricInfo {
  name: string;
  type: string;
  unit: string;
  description: string;
  services: string[];
  points: number;
  attributes: { key: string; topValues: string[] }[];
  link: string;
}

export interface MetricSeries {
  labels: Record<string, string>;
  points: { timeUnixNano: string; value: number | null }[];
}

export interface MetricResult {
  name: string;
  type: string;
  agg: string;
  stepNanos: string;
  series: MetricSeries[];
}

export interface Correlation {
  metric: string;
  services: string[];
  from: string;
  to: string;
  traces: {
    traceId: string;
    serviceName: string;
    timeUnixNano: string;
    reason: string;
    reasons: string[];
    links: Links;
  }[];
  logs: { reason: string; log: LogHit }[];
  links: Links;
}

export interface TimelineItem {
  type: 'span' | 'log' | 'metric' | 'outage' | 'alert';
  timeUnixNano: string;
  serviceName: string;
  traceId: string;
  spanId: string;
  name: string;
  detail: string;
  extra: string;
  links: Links;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
}

/** POST /api/v1/keys: the new key, its secret (`key`) in this answer only. */
export interface IssuedKey {
  keyId: string;
  name: string | null;
  scopes: string[];
  origins: string[];
  key: string;
}
