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
