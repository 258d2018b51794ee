import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS, path } from '../../api/paths';
import { apiTime } from '../../ui/timeRange';
import type {
  AlertDeliveries,
  AlertPage,
  AlertRule,
  Channel,
  ChannelTestResult,
  Routing,
  RulePreview,
  Silence,
} from './types';

const DAY_MS = 86_400_000;

/** Alerts of the last `days` (newest first), optionally only firing or resolved ones. */
export function useAlerts(state: string, days = 7) {
  return useQuery({
    queryKey: ['alerts', state, days],
    queryFn: ({ signal }) =>
      request<AlertPage>(PATHS.alerts, {
        signal,
        query: { state: state || undefined, from: apiTime(Date.now() - days * DAY_MS), limit: 200 },
      }),
    refetchInterval: 15_000,
  });
}

/** The delivery history of alert `fingerprint`, newest first. */
export function useAlertDeliveries(fingerprint: string) {
  return useQuery({
    queryKey: ['alert-deliveries', fingerprint],
    queryFn: ({ signal }) =>
      request<AlertDeliveries>(path(PATHS.alertDeliveries, { id: fingerprint }), {
        signal,
        query: { limit: 200 },
      }),
    refetchInterval: 15_000,
  });
}

/** A control-plane collection: list, one, save (POST new / PUT over `editing`), delete. */
function collection<T extends { id: string }>(key: string, list: string, one: string) {
  return {
    useList: () =>
      useQuery({ queryKey: [key], queryFn: ({ signal }) => request<T[]>(list, { signal }) }),
    useOne: (id: string) =>
      useQuery({
        queryKey: [key, id],
        enabled: id !== '',
        queryFn: ({ signal }) => request<T>(path(one, { id }), { signal }),
      }),
    useSave: (editing: string | null) => {
      const client = useQueryClient();
      return useMutation({
        mutationFn: (body: unknown) =>
          editing
            ? request<T>(path(one, { id: editing }), { method: 'PUT', body })
            : request<T>(list, { method: 'POST', body }),
        onSuccess: () => void client.invalidateQueries({ queryKey: [key] }),
      });
    },
    useDelete: () => {
      const client = useQueryClient();
      return useMutation({
        mutationFn: (id: string) => request<undefined>(path(one, { id }), { method: 'DELETE' }),
        onSuccess: () => void client.invalidateQueries({ queryKey: [key] }),
      });
    },
  };
}

export const rules = collection<AlertRule>('alert-rules', PATHS.alertRules, PATHS.alertRule);
export const channels = collection<Channel>('channels', PATHS.channels, PATHS.channel);
/** Silences: DELETE expires one (it stays listed as expired). */
export const silences = collection<Silence>('silences', PATHS.silences, PATHS.silence);

/** POST /api/v1/channels/{id}/test: a test notification through the channel's real sender. */
export function useTestChannel() {
  return useMutation({
    mutationFn: (id: string) =>
      request<ChannelTestResult>(path(PATHS.channelTest, { id }), { method: 'POST' }),
  });
}

export function useRouting() {
  return useQuery({
    queryKey: ['alert-routing'],
    queryFn: ({ signal }) => request<Routing>(PATHS.alertRouting, { signal }),
  });
}

export function useSaveRouting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Routing) => request<Routing>(PATHS.alertRouting, { method: 'PUT', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['alert-routing'] }),
  });
}

/** POST /api/v1/alert-rules/preview: what a rule (not saved) would have fired over the last day. */
export function useRulePreview() {
  return useMutation({
    mutationFn: (body: unknown) =>
      request<RulePreview>(PATHS.alertRulePreview, {
        method: 'POST',
        body,
        query: { from: apiTime(Date.now() - DAY_MS) },
      }),
  });
}
