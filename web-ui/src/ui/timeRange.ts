/**
 * Time ranges as they live in the URL: `from`/`to` are relative (`now`, `now-15m`, `now-7d`) or
 * absolute (an ISO 8601 time). Relative ones resolve against a "now" the page holds until the
 * person refreshes or picks another range, so every query of one view sees the same range.
 */

export const DEFAULT_FROM = 'now-1h';
export const DEFAULT_TO = 'now';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const PRESETS: { label: string; from: string }[] = [
  { label: 'Last 5 minutes', from: 'now-5m' },
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
];

/** Milliseconds since the epoch of a `from`/`to` value, or null when it does not parse. */
export function parseTime(raw: string, nowMs: number): number | null {
  const value = raw.trim();
  if (value === 'now') return nowMs;
  const rel = /^now-(\d+)([smhd])$/.exec(value);
  if (rel) return nowMs - Number(rel[1]) * UNITS[rel[2]];
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

/** The range, or an error naming the bad end. */
export function resolveRange(
  from: string,
  to: string,
  nowMs: number,
): { range: ResolvedRange } | { error: string } {
  const f = parseTime(from, nowMs);
  if (f === null) return { error: `'${from}' is not a time (use now-1h or 2026-01-31T10:00:00Z)` };
  const t = parseTime(to, nowMs);
  if (t === null) return { error: `'${to}' is not a time (use now or 2026-01-31T11:00:00Z)` };
  if (f >= t) return { error: 'the start of the range must be before its end' };
  return { range: { fromMs: f, toMs: t } };
}

/** The API's `from`/`to`: RFC 3339. */
export function apiTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A short label for the picker's button. */
export function describeRange(from: string, to: string): string {
  const preset = PRESETS.find((p) => p.from === from);
  if (preset && to === 'now') return preset.label;
  const rel = /^now-(\d+)([smhd])$/.exec(from);
  if (rel && to === 'now') return `Last ${rel[1]}${rel[2]}`;
  return `${from} to ${to}`;
}

/** A value for `<input type="datetime-local">` in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** `<input type="datetime-local">` value (local time) to an ISO time in UTC. */
export function fromLocalInput(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `from`/`to` query parameters of a resolved range (none before it resolves). */
export function apiRange(range: ResolvedRange | null): { from?: string; to?: string } {
  return range ? { from: apiTime(range.fromMs), to: apiTime(range.toMs) } : {};
}
