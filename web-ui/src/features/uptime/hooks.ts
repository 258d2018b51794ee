import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS, path } from '../../api/paths';
import { useClock } from '../../ui/TimeContext';
import { apiTime } from '../../ui/timeRange';
import type { Endpoint, OutageView, RegionLatency, SlaReport, StatusPageSettings } from './model';
import { dateIn, monthBefore } from './model';

/** The service name probe checks are filed under; the operation is the endpoint id. */
export const PROBE_SERVICE = 'obsera-probe';
const POLL_MS = 15_000;

export function useEndpoints() {
  return useQuery({
    queryKey: ['endpoints'],
    queryFn: ({ signal }) => request<Endpoint[]>(PATHS.endpoints, { signal }),
    refetchInterval: POLL_MS,
  });
}

export function useEndpoint(id: string) {
  return useQuery({
    queryKey: ['endpoints', id],
    queryFn: ({ signal }) => request<Endpoint>(path(PATHS.endpoint, { id }), { signal }),
  });
}

export function useSla(month: string | null) {
  return useQuery({
    queryKey: ['sla', month ?? 'current'],
    queryFn: ({ signal }) =>
      request<SlaReport>(PATHS.sla, { signal, query: { month: month ?? undefined } }),
    refetchInterval: month ? false : POLL_MS,
  });
}

/**
 * The reports of this month and the three before: enough days for 90-day bars (months cut in the
 * tenant's zone, which the current report names).
 */
export function useNinetyDays() {
  const current = useSla(null);
  const { nowMs } = useClock();
  const today = current.data ? dateIn(nowMs, current.data.timeZone) : null;
  const older = useQueries({
    queries: [1, 2, 3].map((back) => ({
      queryKey: ['sla', today ? monthBefore(today, back) : `pending-${back}`],
      enabled: today !== null,
      staleTime: 5 * 60_000,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        request<SlaReport>(PATHS.sla, {
          signal,
          query: { month: monthBefore(today ?? '', back) },
        }),
    })),
  });
  const reports = [current.data, ...older.map((q) => q.data)].filter(
    (r): r is SlaReport => r !== undefined,
  );
  return { current, today, reports, error: current.error };
}

/** Probe latency per region of one endpoint over [from, to) in steps. */
export function useProbeLatency(id: string, fromMs: number, toMs: number, step: string) {
  return useQuery({
    queryKey: ['probe-latency', id, fromMs, toMs, step],
    queryFn: ({ signal }) =>
      request<{ regions: RegionLatency[] }>(PATHS.latencyRegions, {
        signal,
        query: {
          service: PROBE_SERVICE,
          operation: id,
          from: apiTime(fromMs),
          to: apiTime(toMs),
          step,
        },
      }),
    refetchInterval: POLL_MS,
  });
}

export function useOutages(id: string, fromMs: number) {
  return useQuery({
    queryKey: ['outages', id, fromMs],
    queryFn: ({ signal }) =>
      request<{ outages: OutageView[] }>(path(PATHS.endpointOutages, { id }), {
        signal,
        query: { from: apiTime(fromMs) },
      }),
    refetchInterval: POLL_MS,
  });
}

export function useSaveEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) =>
      request<Endpoint>(path(PATHS.endpoint, { id }), { method: 'PUT', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['endpoints'] }),
  });
}

export function useDeleteEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request<undefined>(path(PATHS.endpoint, { id }), { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['endpoints'] }),
  });
}

/** The tenant's status page settings; null when it has none (404). */
export function useStatusPage() {
  return useQuery({
    queryKey: ['status-page'],
    queryFn: async ({ signal }) => {
      try {
        return await request<StatusPageSettings>(PATHS.statusPage, { signal });
      } catch (e) {
        if (e instanceof Error && 'status' in e && (e as { status: number }).status === 404) {
          return null;
        }
        throw e;
      }
    },
  });
}

export function useSaveStatusPage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StatusPageSettings) =>
      request<StatusPageSettings>(PATHS.statusPage, { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(['status-page'], saved),
  });
}
