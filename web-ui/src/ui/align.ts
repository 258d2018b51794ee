import type uPlot from 'uplot';
import { nanosToMs } from './format';

/**
 * Series with their own time stamps on one x axis (seconds, sorted), a null where a series has
 * no point: the shape uPlot draws.
 */
export function alignSeries<P>(
  series: readonly (readonly P[])[],
  time: (p: P) => string,
  value: (p: P) => number | null,
): uPlot.AlignedData {
  const seconds = (p: P) => nanosToMs(time(p)) / 1000;
  const xs = [...new Set(series.flatMap((s) => s.map(seconds)))].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    s.forEach((p) => (y[index.get(seconds(p)) ?? 0] = value(p)));
    return y;
  });
  return [xs, ...ys];
}
