import type { BudgetStep, BurnCondition, ErrorBudget, Exhaustion } from './types';

/** Days of an SLO period as the evaluator counts them (a calendar month is 30). */
export function periodDays(period: string): number {
  return period === 'ROLLING_28D' ? 28 : 30;
}

const HOURS: Record<string, number> = { '1h': 1, '6h': 6, '1d': 24, '3d': 72 };

/**
 * The SRE Workbook's multiwindow conditions the alert worker applies without burnConditions:
 * budget fractions 2%, 5% (page) and 10%, 10% (ticket), factor = fraction x period hours / long
 * window hours (14.4, 6, 3, 1 for 30 days).
 */
export function defaultConditions(period: string): BurnCondition[] {
  const hours = periodDays(period) * 24;
  const c = (
    severity: BurnCondition['severity'],
    fraction: number,
    longWindow: string,
    shortWindow: string,
  ): BurnCondition => ({
    severity,
    longWindow,
    shortWindow,
    factor: Math.round(((fraction * hours) / HOURS[longWindow]) * 100) / 100,
  });
  return [
    c('PAGE', 0.02, '1h', '5m'),
    c('PAGE', 0.05, '6h', '30m'),
    c('TICKET', 0.1, '1d', '2h'),
    c('TICKET', 0.1, '3d', '6h'),
  ];
}

/** The lowest factor per severity for a window: the line drawn for it. */
export function thresholdFor(conditions: BurnCondition[], severity: string, window: string) {
  const f = conditions
    .filter((c) => c.severity === severity && (c.longWindow === window || c.shortWindow === window))
    .map((c) => c.factor);
  return f.length ? Math.min(...f) : null;
}

/** "3 d 4 h", "exhausted", or "not burning". */
export function describeExhaustion(e: Exhaustion | undefined): string {
  if (e === 'exhausted') return 'exhausted';
  if (!e) return 'not burning';
  const h = Math.floor(e.seconds / 3600);
  if (h >= 48) return `${Math.floor(h / 24)} d ${h % 24} h`;
  if (h >= 1) return `${h} h ${Math.floor((e.seconds % 3600) / 60)} min`;
  return `${Math.max(1, Math.round(e.seconds / 60))} min`;
}

/** The sooner of the 1h and 1d times to exhaustion. */
export function soonestExhaustion(b: ErrorBudget): string {
  const all = Object.values(b.timeToExhaustion ?? {});
  if (all.includes('exhausted')) return 'exhausted';
  const times = all.filter(
    (e): e is Exclude<Exhaustion, null | 'exhausted'> => !!e && e !== 'exhausted',
  );
  if (times.length === 0) return 'not burning';
  return describeExhaustion(times.reduce((a, b) => (a.seconds <= b.seconds ? a : b)));
}

/** The SLI so far: good / total events (null without events). */
export function sli(b: ErrorBudget): number | null {
  return b.events.total > 0 ? b.events.good / b.events.total : null;
}

/** x (seconds) and one series per name, from the budget series' steps. */
export function seriesOf(steps: BudgetStep[], pick: ((s: BudgetStep) => number | null)[]) {
  return [steps.map((s) => Date.parse(s.asOf) / 1000), ...pick.map((p) => steps.map(p))] as [
    number[],
    ...(number | null)[][],
  ];
}

/**
 * What to ask of the budget series: about 200 steps from the SLO's creation when that falls in
 * its period (a young SLO gets a fine step), else over the whole period (the API's default start).
 */
export function seriesWindow(
  slo: { period: string; createdAt?: string },
  nowMs: number,
): { from?: string; step: string } {
  const periodMs = periodDays(slo.period) * 86_400_000;
  const created = slo.createdAt ? Date.parse(slo.createdAt) : NaN;
  const young = !Number.isNaN(created) && nowMs - created < periodMs - 86_400_000;
  const spanMs = young ? Math.max(nowMs - created, 60_000) : periodMs;
  const step = `${Math.max(1, Math.ceil(spanMs / 200 / 1000))}s`;
  return young ? { from: new Date(created).toISOString(), step } : { step };
}

/** A share as a percentage with up to three decimals: 99.9%, 99.95%, -12.5% (overspent). */
export function pct(share: number): string {
  return `${+(share * 100).toFixed(3)}%`;
}
