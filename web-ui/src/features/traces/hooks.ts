import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS, path } from '../../api/paths';
import type { Trace, TracePage } from '../../api/types';
import { apiRange, type ResolvedRange } from '../../ui/timeRange';

export interface TraceFilters {
  service: string;
  operation: string;
  minDuration: string;
  maxDuration: string;
  status: string;
  region: string;
  /** `key=value` pairs, sent as attr.key=value. */
  attrs: string[];
}

/** attr.<key>=<value> parameters from `key=value` strings (others are ignored). */
export function attributeParams(attrs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of attrs) {
    const i = a.indexOf('=');
    if (i > 0) out['attr.' + a.slice(0, i).trim()] = a.slice(i + 1).trim();
  }
  return out;
}

export function useTraceSearch(filters: TraceFilters, range: ResolvedRange | null) {
  return useInfiniteQuery({
    queryKey: ['traces', filters, range],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    initialPageParam: '',
    getNextPageParam: (last: TracePage) => last.nextCursor ?? undefined,
    queryFn: ({ signal, pageParam }) =>
      request<TracePage>(PATHS.traces, {
        signal,
        query: {
          service: filters.service,
          operation: filters.operation,
          minDuration: filters.minDuration,
          maxDuration: filters.maxDuration,
          status: filters.status,
          region: filters.region,
          ...attributeParams(filters.attrs),
          ...apiRange(range),
          limit: 100,
          cursor: pageParam,
        },
      }),
  });
}

export function useTrace(traceId: string) {
  return useQuery({
    queryKey: ['trace', traceId],
    queryFn: ({ signal }) => request<Trace>(path(PATHS.trace, { traceId }), { signal }),
  });
}
