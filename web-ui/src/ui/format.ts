/** Display formats shared by every page. */

/** Nanoseconds (a decimal string from the API) to milliseconds since the epoch. */
export function nanosToMs(nanos: string): number {
  // keep precision: split off the last 6 digits before converting
  if (nanos.length <= 6) return Number(nanos) / 1e6;
  return Number(nanos.slice(0, -6)) + Number(nanos.slice(-6)) / 1e6;
}

/** A duration in milliseconds: 850µs, 12.3ms, 1.25s, 2m 5s. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 10) return `${ms.toFixed(2)}ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${Math.round((ms - m * 60_000) / 1000)}s`;
}

/** Nanoseconds (string) as a duration. */
export function formatNanos(nanos: string): string {
  return formatDuration(Number(nanos) / 1e6);
}

/** A rate per second: 0.5/s, 12/s, 1.2k/s. */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond < 0.01) return `${(perSecond * 60).toFixed(2)}/min`;
  if (perSecond < 10) return `${perSecond.toFixed(2)}/s`;
  if (perSecond < 1000) return `${perSecond.toFixed(0)}/s`;
  return `${(perSecond / 1000).toFixed(1)}k/s`;
}

/** A ratio 0..1 as a percentage. */
export function formatPercent(ratio: number): string {
  if (ratio === 0) return '0%';
  if (ratio < 0.001) return '<0.1%';
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A local time of day with milliseconds (HH:MM:SS.mmm), the date in front when it is not today.
 * Hand-built: Intl formatting costs a long task when thousands of rows scroll by.
 */
export function formatTime(ms: number, now: number = Date.now()): string {
  const d = new Date(ms);
  const n = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  const sameDay =
    d.getFullYear() === n.getFullYear() &&
    d.getMonth() === n.getMonth() &&
    d.getDate() === n.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** A count: 950, 12.3k, 4.5M. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
