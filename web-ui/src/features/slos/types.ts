/** The SLO API's shapes (query service `slo` package; openapi.json `ErrorBudget`, `BudgetSeries`). */

export type SloKind = 'AVAILABILITY' | 'LATENCY' | 'UPTIME';
export const SLO_KINDS: SloKind[] = ['AVAILABILITY', 'LATENCY', 'UPTIME'];
export const SLO_PERIODS = ['ROLLING_28D', 'ROLLING_30D', 'CALENDAR_MONTH'] as const;
export const SPAN_KINDS = ['SERVER', 'CLIENT', 'INTERNAL', 'PRODUCER', 'CONSUMER'] as const;
export const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

export interface Slo {
  id: string;
  name: string;
  kind: SloKind;
  service?: string | null;
  operation?: string | null;
  spanKind?: string | null;
  thresholdMs?: number | null;
  endpointId?: string | null;
  objective: number;
  period: string;
  createdAt?: string;
  updatedAt?: string;
  actor?: string;
}

export interface BudgetFigures {
  total: number;
  consumed: number;
  remaining: number;
  consumedShare: number;
  remainingShare: number;
}

export type Exhaustion = null | 'exhausted' | { burnRate: number; seconds: number; at: string };

export interface ErrorBudget {
  sloId: string;
  name: string;
  kind: SloKind;
  objective: number;
  period: string;
  periodStart: string;
  periodEnd: string;
  asOf: string | null;
  events: { total: number; good: number; bad: number };
  budget: BudgetFigures;
  budgetMinutes?: BudgetFigures | null;
  burnRates: Record<string, number>;
  timeToExhaustion: Record<string, Exhaustion>;
  links: Record<string, string>;
}

export interface BudgetStep {
  time: string;
  asOf: string;
  total: number;
  bad: number;
  budget: number;
  remaining: number;
  remainingShare: number;
  burnRates: Record<string, number>;
}

export interface BudgetSeries {
  sloId: string;
  from: string;
  to: string;
  step: string;
  steps: BudgetStep[];
}

/** A burn-rate condition: alert when both windows burn at least `factor`. */
export interface BurnCondition {
  severity: 'PAGE' | 'TICKET' | 'INFO';
  longWindow: string;
  shortWindow: string;
  factor: number;
}
