import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useRawRange } from './urlState';
import { resolveRange, type ResolvedRange } from './timeRange';

interface Clock {
  nowMs: number;
  refresh: () => void;
}

const ClockContext = createContext<Clock | null>(null);

/** Holds the "now" relative ranges resolve against; `refresh` moves it to the present. */
export function TimeProvider({ children }: { children: ReactNode }) {
  const [nowMs, setNow] = useState(() => Date.now());
  const refresh = useCallback(() => setNow(Date.now()), []);
  const value = useMemo(() => ({ nowMs, refresh }), [nowMs, refresh]);
  return <ClockContext.Provider value={value}>{children}</ClockContext.Provider>;
}

export function useClock(): Clock {
  const clock = useContext(ClockContext);
  if (!clock) throw new Error('useClock outside TimeProvider');
  return clock;
}

/** The URL's range resolved to milliseconds, or the error of a bad `from`/`to`. */
export function useTimeRange(): {
  from: string;
  to: string;
  range: ResolvedRange | null;
  error: string | null;
} {
  const { from, to } = useRawRange();
  const { nowMs } = useClock();
  return useMemo(() => {
    const r = resolveRange(from, to, nowMs);
    return 'range' in r
      ? { from, to, range: r.range, error: null }
      : { from, to, range: null, error: r.error };
  }, [from, to, nowMs]);
}
