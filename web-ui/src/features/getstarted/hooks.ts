import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS } from '../../api/paths';
import type { IssuedKey, ServiceList } from '../../api/types';
import { apiTime } from '../../ui/timeRange';

const POLL_MS = 5000;

/** Polls for any service in the last 15 minutes until one arrives. */
export function useFirstData() {
  return useQuery({
    queryKey: ['first-data'],
    queryFn: ({ signal }) => {
      const now = Date.now();
      return request<ServiceList>(PATHS.services, {
        signal,
        query: { from: apiTime(now - 15 * 60_000), to: apiTime(now) },
      });
    },
    refetchInterval: (q) => ((q.state.data?.services.length ?? 0) > 0 ? false : POLL_MS),
  });
}

/** What a new key may do: send from the browser (bound to origins) or from backends. */
export type KeyRequest =
  { kind: 'browser'; name: string; origin: string } | { kind: 'ingest'; name: string };

/** POST /api/v1/keys (admins): an ingest-only key; the secret comes back once, in the answer. */
export function useCreateKey() {
  return useMutation({
    mutationFn: (k: KeyRequest) =>
      request<IssuedKey>(PATHS.keys, {
        method: 'POST',
        body:
          k.kind === 'browser'
            ? { name: k.name, scopes: ['browser'], origins: [k.origin] }
            : { name: k.name, scopes: ['ingest'] },
      }),
  });
}
