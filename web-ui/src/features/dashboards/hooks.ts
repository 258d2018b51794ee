import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../../api/client';
import { PATHS, path } from '../../api/paths';
import { toBody, type Dashboard } from './model';

/** One SQL panel's answer (POST .../panels/{panelId}/run). */
export interface PanelResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  rowCount: number;
  error?: string;
}

export function useDashboards() {
  return useQuery({
    queryKey: ['dashboards'],
    queryFn: ({ signal }) =>
      request<{ dashboards: Dashboard[] }>(PATHS.dashboards, { signal }).then((r) => r.dashboards),
  });
}

export function useDashboard(id: string) {
  return useQuery({
    queryKey: ['dashboard', id],
    queryFn: ({ signal }) => request<Dashboard>(path(PATHS.dashboard, { id }), { signal }),
  });
}

/** Create (no `replace`) or replace a dashboard; the answer is the stored dashboard. */
export function useSaveDashboard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ dashboard, replace }: { dashboard: Dashboard; replace: boolean }) =>
      replace
        ? request<Dashboard>(path(PATHS.dashboard, { id: dashboard.id }), {
            method: 'PUT',
            body: toBody(dashboard),
          })
        : request<Dashboard>(PATHS.dashboards, {
            method: 'POST',
            body: { ...toBody(dashboard), id: dashboard.id || undefined },
          }),
    onSuccess: (saved) => {
      client.setQueryData(['dashboard', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['dashboards'] });
      void client.invalidateQueries({ queryKey: ['panel', saved.id] });
    },
  });
}

export function useDeleteDashboard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request<unknown>(path(PATHS.dashboard, { id }), { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['dashboards'] }),
  });
}

export function usePanelRun(
  dashboardId: string,
  panelId: string,
  params: Record<string, string>,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['panel', dashboardId, panelId, params],
    enabled,
    // 503: the tenant's ClickHouse reader is being created or updated ("retry in a few seconds")
    retry: (failures, error) => error instanceof ApiError && error.status === 503 && failures < 5,
    retryDelay: 2000,
    queryFn: ({ signal }) =>
      request<PanelResult>(path(PATHS.panelRun, { id: dashboardId, panelId }), {
        method: 'POST',
        signal,
        body: { params },
      }),
  });
}
