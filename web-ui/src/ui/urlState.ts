import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_FROM, DEFAULT_TO } from './timeRange';

/**
 * A view's state in the URL's search parameters, so every view is a link and a reload keeps it.
 * `set` merges a patch (null or '' removes a key) and keeps everything else, the range included.
 */
export function useUrlState(): {
  get: (key: string) => string;
  getAll: (key: string) => string[];
  params: URLSearchParams;
  set: (patch: Record<string, string | string[] | null | undefined>, replace?: boolean) => void;
} {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? '', [params]);
  const getAll = useCallback((key: string) => params.getAll(key), [params]);
  const set = useCallback(
    (patch: Record<string, string | string[] | null | undefined>, replace = false) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(patch)) {
            next.delete(key);
            if (Array.isArray(value)) value.filter(Boolean).forEach((v) => next.append(key, v));
            else if (value) next.set(key, value);
          }
          return next;
        },
        { replace },
      );
    },
    [setParams],
  );
  return { get, getAll, params, set };
}

/** The raw `from`/`to` of the URL with their defaults. */
export function useRawRange(): { from: string; to: string } {
  const [params] = useSearchParams();
  return { from: params.get('from') || DEFAULT_FROM, to: params.get('to') || DEFAULT_TO };
}

/** `?from=..&to=..` of the current range, to carry it into links to other pages. */
export function rangeQuery(from: string, to: string): string {
  const p = new URLSearchParams();
  if (from !== DEFAULT_FROM) p.set('from', from);
  if (to !== DEFAULT_TO) p.set('to', to);
  return p.toString();
}
