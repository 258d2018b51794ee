import type { DayUptime } from './model';
import { overallUptime } from './model';

function barClass(d: DayUptime): string {
  if (d.uptimePercent === null) return 'day nodata';
  if (d.uptimePercent >= 99.9) return 'day up';
  if (d.uptimePercent >= 99) return 'day partial';
  return 'day down';
}

function describe(d: DayUptime): string {
  return d.uptimePercent === null
    ? `${d.date}: no data`
    : `${d.date}: ${d.uptimePercent.toFixed(2)}% up, ${Math.round(d.downtimeMinutes)} min down`;
}

/**
 * One bar per day, oldest first: green at 99.9% and above, amber above 99%, red below, grey for
 * days without data (before the endpoint existed, or without checks). One accessible image with
 * a summary; each bar's figure in its tooltip.
 */
export function UptimeBars({ name, days }: { name: string; days: readonly DayUptime[] }) {
  const uptime = overallUptime(days);
  const noData = days.filter((d) => d.uptimePercent === null).length;
  const label =
    `${days.length}-day uptime of ${name}: ` +
    (uptime === null ? 'no data' : `${uptime.toFixed(3)}%`) +
    (noData > 0 ? `, ${noData} days without data` : '');
  return (
    <div className="uptime-bars" role="img" aria-label={label}>
      {days.map((d) => (
        <span key={d.date} className={barClass(d)} title={describe(d)} />
      ))}
    </div>
  );
}
