/** The aggregations that fit a metric type; the first is the default. */
export function aggregationsFor(type: string): string[] {
  switch (type.toLowerCase()) {
    case 'sum':
      return ['rate', 'sum', 'avg', 'min', 'max'];
    case 'histogram':
      return ['p95', 'p50', 'p99', 'rate', 'min', 'max'];
    case 'gauge':
      return ['avg', 'max', 'min', 'sum', 'count'];
    default:
      return ['avg', 'rate', 'sum', 'count'];
  }
}

/** A step giving about `points` points over the range, in whole seconds (at least 10 s). */
export function stepFor(fromMs: number, toMs: number, points = 200): string {
  const seconds = Math.max(10, Math.ceil((toMs - fromMs) / 1000 / points));
  return `${seconds}s`;
}

/** Steps the range-wide query may put a burst into before a finer step is asked for. */
const FEW_STEPS = 12;

/**
 * A finer query for data that arrived in a burst: when every point of the range-wide query falls
 * within a few of its steps (a spike that would be drawn as one or two points), the span of the
 * data with a margin, at about 40 steps across the data (at least 100 ms, in whole milliseconds).
 * Null when the range-wide step already shows the data's shape.
 */
export function burstWindow(
  timesMs: readonly number[],
  stepMs: number,
): { fromMs: number; toMs: number; step: string } | null {
  if (timesMs.length === 0) return null;
  const first = Math.min(...timesMs);
  const last = Math.max(...timesMs);
  if ((last - first) / stepMs + 1 > FEW_STEPS) return null;
  // the range-wide step puts a point at its bucket's start: the data lies within [first, last + step)
  const fine = Math.max(100, Math.ceil((last - first + stepMs) / 40));
  if (fine >= stepMs) return null;
  return {
    fromMs: first - 4 * fine,
    toMs: last + stepMs + 4 * fine,
    step: `${fine}ms`,
  };
}

/** A series' name from its labels. */
export function seriesLabel(labels: Record<string, string>, metric: string): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : metric;
}

/** The correlation window around a clicked point: the step it stands for, at least 2 minutes. */
export function correlationWindow(atMs: number, stepMs: number): { fromMs: number; toMs: number } {
  const half = Math.max(stepMs, 120_000) / 2;
  return { fromMs: atMs - half, toMs: atMs + half + stepMs };
}
