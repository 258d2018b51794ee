import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS, path } from '../../api/paths';
import { apiTime } from '../../ui/timeRange';
import type { AlertPage, AlertRule } from '../alerts/types';
import { seriesWindow } from './burn';
import type { BudgetSeries, ErrorBudget, Slo } from './types';

export function useSlos() {
  return useQuery({
    queryKey: ['slos'],
    queryFn: ({ signal }) => request<Slo[]>(PATHS.slos, { signal }),
  });
}

export function useSlo(id: string) {
  return useQuery({
    queryKey: ['slo', id],
    enabled: id !== '',
    queryFn: ({ signal }) => request<Slo>(path(PATHS.slo, { id }), { signal }),
  });
}

export function useBudget(id: string) {
  return useQuery({
    queryKey: ['slo-budget', id],
    queryFn: ({ signal }) => request<ErrorBudget>(path(PATHS.sloBudget, { id }), { signal }),
  });
}

/** The budget of every listed SLO, one request each (the list is short: tens, not thousands). */
export function useBudgets(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['slo-budget', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        request<ErrorBudget>(path(PATHS.sloBudget, { id }), { signal }),
    })),
  });
}

/** The budget over the SLO's current period (or since its creation), about 200 steps. */
export function useBudgetSeries(slo: Slo) {
  return useQuery({
    queryKey: ['slo-series', slo.id, slo.createdAt],
    queryFn: ({ signal }) =>
      request<BudgetSeries>(path(PATHS.sloBudgetSeries, { id: slo.id }), {
        signal,
        query: seriesWindow(slo, Date.now()),
      }),
  });
}

/** The burn-rate rules watching the SLO (their conditions are the thresholds drawn). */
export function useSloRules(id: string) {
  return useQuery({
    queryKey: ['alert-rules'],
    queryFn: ({ signal }) => request<AlertRule[]>(PATHS.alertRules, { signal }),
    select: (rules) => rules.filter((r) => r.kind === 'BURN_RATE' && r.sloId === id),
  });
}

/** The alerts of the SLO's service that carry its `slo` label. */
export function useSloAlerts(slo: Slo | undefined) {
  return useQuery({
    queryKey: ['alerts', 'slo', slo?.id],
    enabled: slo !== undefined,
    queryFn: ({ signal }) =>
      request<AlertPage>(PATHS.alerts, {
        signal,
        query: {
          service: slo?.service ?? undefined,
          from: apiTime(Date.now() - 35 * 86_400_000),
          limit: 200,
        },
      }),
    select: (page) => page.alerts.filter((a) => a.labels.slo === slo?.id),
  });
}

export type SloDraft = Omit<Slo, 'createdAt' | 'updatedAt' | 'actor'>;

/** POST a new SLO, or PUT over `editing`. */
export function useSaveSlo(editing: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: SloDraft) =>
      editing
        ? request<Slo>(path(PATHS.slo, { id: editing }), { method: 'PUT', body: draft })
        : request<Slo>(PATHS.slos, { method: 'POST', body: draft }),
    onSuccess: (slo) => {
      void client.invalidateQueries({ queryKey: ['slos'] });
      void client.invalidateQueries({ queryKey: ['slo', slo.id] });
    },
  });
}

export function useDeleteSlo() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<undefined>(path(PATHS.slo, { id }), { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['slos'] }),
  });
}
