import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS } from '../../api/paths';
import type { Correlation, MetricInfo, MetricResult } from '../../api/types';
import { apiRange, apiTime, type ResolvedRange } from '../../ui/timeRange';
import { attributeParams } from '../traces/hooks';

export function useMetricCatalog(range: ResolvedRange | null) {
  return useQuery({
    queryKey: ['metric-catalog', range],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      request<{ metrics: MetricInfo[] }>(PATHS.metricNames, { signal, query: apiRange(range) }),
  });
}

export interface MetricSelection {
  name: string;
  agg: string;
  groupBy: string[];
  service: string;
  attrs: string[];
  step: string;
}

export function useMetricQuery(sel: MetricSelection, range: ResolvedRange | null) {
  return useQuery({
    queryKey: ['metric', sel, range],
    enabled: range !== null && sel.name !== '',
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      request<MetricResult>(PATHS.metricQuery, {
        signal,
        query: {
          name: sel.name,
          agg: sel.agg,
          groupBy: sel.groupBy.join(','),
          service: sel.service,
          step: sel.step,
          ...attributeParams(sel.attrs),
          ...apiRange(range),
        },
      }),
  });
}

export function useCorrelation(
  metric: string,
  service: string,
  window: { fromMs: number; toMs: number } | null,
) {
  return useQuery({
    queryKey: ['correlate', metric, service, window],
    enabled: window !== null && metric !== '',
    queryFn: ({ signal }) =>
      request<Correlation>(PATHS.correlate, {
        signal,
        query: {
          metric,
          service,
          from: window ? apiTime(window.fromMs) : undefined,
          to: window ? apiTime(window.toMs) : undefined,
          limit: 20,
        },
      }),
  });
}
