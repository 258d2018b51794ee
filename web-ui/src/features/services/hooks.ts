import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS, path } from '../../api/paths';
import type { ServiceDetail, ServiceList } from '../../api/types';
import { apiRange, type ResolvedRange } from '../../ui/timeRange';

export function useServices(range: ResolvedRange | null) {
  return useQuery({
    queryKey: ['services', range],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      request<ServiceList>(PATHS.services, {
        signal,
        query: apiRange(range),
      }),
  });
}

export function useService(name: string, range: ResolvedRange | null) {
  return useQuery({
    queryKey: ['service', name, range],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      request<ServiceDetail>(path(PATHS.service, { name }), {
        signal,
        query: apiRange(range),
      }),
  });
}
