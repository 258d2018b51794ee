import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS } from '../../api/paths';
import type { LogHistogram, LogPage } from '../../api/types';
import { apiRange, type ResolvedRange } from '../../ui/timeRange';
import { attributeParams } from '../traces/hooks';

export interface LogFilters {
  q: string;
  severity: string;
  service: string;
  traceId: string;
  attrs: string[];
}

function params(f: LogFilters, range: ResolvedRange | null) {
  return {
    q: f.q,
    severity: f.severity,
    service: f.service,
    traceId: f.traceId,
    ...attributeParams(f.attrs),
    ...apiRange(range),
  };
}

export function useLogSearch(filters: LogFilters, range: ResolvedRange | null) {
  return useInfiniteQuery({
    queryKey: ['logs', filters, range],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    initialPageParam: '',
    getNextPageParam: (last: LogPage) => last.nextCursor ?? undefined,
    queryFn: ({ signal, pageParam }) =>
      request<LogPage>(PATHS.logs, {
        signal,
        query: { ...params(filters, range), limit: 500, cursor: pageParam },
      }),
  });
}

export function useLogHistogram(filters: LogFilters, range: ResolvedRange | null) {
  return useQuery({
    queryKey: ['logs-histogram', filters, range],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      request<LogHistogram>(PATHS.logHistogram, { signal, query: params(filters, range) }),
  });
}
