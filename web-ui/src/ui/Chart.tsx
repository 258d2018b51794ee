import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatTime } from './format';

export interface ChartSeries {
  label: string;
  color?: string;
  /** Bars instead of a line (counts per step). */
  bars?: boolean;
}

export interface ChartProps {
  /** An accessible name: what the chart shows. */
  title: string;
  /** x in seconds since the epoch, then one array per series (null: no value). */
  data: uPlot.AlignedData;
  series: ChartSeries[];
  height?: number;
  /** A sparkline: no axes, no legend, no cursor. */
  compact?: boolean;
  yFormat?: (v: number) => string;
  /** A click on the plot: the time (seconds) under the cursor and the nearest point's index. */
  onPick?: (timeS: number, index: number) => void;
}

export const PALETTE = [
  '#3b82f6',
  '#ef4444',
  '#10b981',
  '#f59e0b',
  '#8b5cf6',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
];

/**
 * The x range of a plot: the data's, or a minute each side of a single point in time (where uPlot
 * would give a time axis 86,400 times its unit, a thousand days for seconds).
 */
export function xRange(u: uPlot, min: number, max: number): uPlot.Range.MinMax {
  const xs = u.data[0];
  if (xs.length > 0 && xs[0] === xs[xs.length - 1]) return [xs[0] - 60, xs[0] + 60];
  return [min, max];
}

/**
 * The point a key moves to: arrows one point on (the first press starts at an end), Home and End
 * to the ends; null for other keys.
 */
export function pointAfterKey(key: string, current: number | null, count: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return current === null ? 0 : Math.min(last, current + 1);
    case 'ArrowLeft':
      return current === null ? last : Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** The one uPlot wrapper every time series goes through. */
export function Chart({ title, data, series, height = 200, compact, yFormat, onPick }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);
  // keyboard picking: the point the arrow keys are on, said aloud through a live region
  // (of this data: new data starts again from no point)
  const [keyed, setKeyed] = useState<{ data: uPlot.AlignedData; index: number } | null>(null);
  const point = keyed?.data === data ? keyed.index : null;
  const hint = useId();

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const axisColor = getComputedStyle(el).color || '#888';
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, compact ? 80 : 200),
      height,
      legend: { show: !compact },
      cursor: compact ? { show: false } : { drag: { x: false, y: false } },
      // one point in time (a single bucket) would otherwise span years around it
      scales: { x: { time: true, range: xRange } },
      axes: compact
        ? [{ show: false }, { show: false }]
        : [
            { stroke: axisColor, grid: { stroke: 'rgba(128,128,128,0.15)' } },
            {
              stroke: axisColor,
              grid: { stroke: 'rgba(128,128,128,0.15)' },
              size: 60,
              values: yFormat ? (_u, vals) => vals.map((v) => yFormat(v)) : undefined,
            },
          ],
      series: [
        {},
        ...series.map((s, i) => {
          const color = s.color ?? PALETTE[i % PALETTE.length];
          return {
            label: s.label,
            stroke: color,
            width: compact ? 1.25 : 1.5,
            fill: s.bars ? color + '88' : undefined,
            paths: s.bars ? uPlot.paths.bars?.({ size: [0.8, 40] }) : undefined,
            // uPlot draws points only where they are sparse: a lone point is not lost
            points: s.bars || compact ? { show: false } : {},
            value: yFormat
              ? (_u: uPlot, v: number | null) => (v === null ? '–' : yFormat(v))
              : undefined,
            spanGaps: false,
          } satisfies uPlot.Series;
        }),
      ],
      hooks: {
        // the x range drawn (seconds), on the element for the browser stories: axes are canvas
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            el.dataset.xMin = String(u.scales.x.min);
            el.dataset.xMax = String(u.scales.x.max);
          },
        ],
        ready: [
          (u) => {
            u.over.addEventListener('click', () => {
              const idx = u.cursor.idx;
              if (idx === null || idx === undefined || !pick.current) return;
              pick.current(u.data[0][idx], idx);
            });
          },
        ],
      },
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      u.setSize({ width: Math.max(el.clientWidth, compact ? 80 : 200), height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // a new plot when the shape changes; data alone is set below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series.length, series.map((s) => s.label).join('\u0000'), height, compact]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    const xs = data[0];
    const next = pointAfterKey(e.key, point, xs.length);
    if (next !== null) {
      e.preventDefault();
      setKeyed({ data, index: next });
      const u = plot.current;
      if (u) u.setCursor({ left: u.valToPos(xs[next], 'x'), top: u.over.clientHeight / 2 });
    } else if (e.key === 'Enter' && point !== null) {
      e.preventDefault();
      pick.current?.(xs[point], point);
    }
  }

  const said =
    point === null
      ? ''
      : `${formatTime(data[0][point] * 1000)}: ` +
        series
          .map((s, i) => {
            const v = data[i + 1][point];
            return `${s.label} ${v === null || v === undefined ? 'no value' : yFormat ? yFormat(v) : v}`;
          })
          .join(', ');
  const pickable = onPick !== undefined && !compact;
  return (
    <figure
      className={compact ? 'chart chart-compact' : 'chart'}
      aria-label={title}
      tabIndex={pickable ? 0 : undefined}
      aria-describedby={pickable ? hint : undefined}
      onKeyDown={pickable ? onKeyDown : undefined}
    >
      <div ref={host} className="chart-plot" role="img" aria-label={title} />
      {pickable && (
        <>
          <span id={hint} className="sr-only">
            Arrow keys move along the points, Enter picks the point.
          </span>
          <span className="sr-only" role="status" aria-live="polite">
            {said}
          </span>
        </>
      )}
    </figure>
  );
}

/** A small line of one series: points in time order. */
export function Sparkline({
  title,
  times,
  values,
  color,
}: {
  title: string;
  times: number[];
  values: (number | null)[];
  color?: string;
}) {
  return (
    <Chart
      title={title}
      data={[times, values]}
      series={[{ label: title, color }]}
      height={28}
      compact
    />
  );
}
