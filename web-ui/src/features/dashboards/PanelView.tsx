import { useQuery } from '@tanstack/react-query';
import { Component, useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/client';
import { PATHS, path } from '../../api/paths';
import type { MetricResult } from '../../api/types';
import { alignSeries } from '../../ui/align';
import { Chart } from '../../ui/Chart';
import { formatCount, formatDuration, formatPercent, nanosToMs } from '../../ui/format';
import { Empty, ErrorState, Loading, QueryView } from '../../ui/states';
import { apiRange, apiTime, type ResolvedRange } from '../../ui/timeRange';
import { useLogSearch } from '../logs/hooks';
import { seriesLabel, stepFor } from '../metrics/aggregations';
import { useMetricQuery } from '../metrics/hooks';
import { useTraceSearch } from '../traces/hooks';
import { usePanelRun, type PanelResult } from './hooks';
import { panelParams, resolveVariable, type Panel, type Variable } from './model';

/** Rows of a list or table drawn in a panel; the rest is a link away. */
const SHOWN_ROWS = 100;

/**
 * A chart's plot height filling a panel `h` grid rows high: 60 px rows with 12 px gaps, less the
 * panel's header, padding, and the chart's axis and legend.
 */
export function chartHeight(h: number): number {
  return Math.max(100, h * 72 - 12 - 140);
}

export interface PanelContext {
  dashboardId: string;
  variables: Variable[];
  values: (name: string) => string;
  range: ResolvedRange | null;
}

/** One panel's content by its kind; its own errors stay inside it. */
export function PanelView({ panel, ctx }: { panel: Panel; ctx: PanelContext }) {
  return (
    <PanelBoundary title={panel.title}>
      {panel.kind === 'sql' ? (
        <SqlPanel panel={panel} ctx={ctx} />
      ) : panel.kind === 'metric' ? (
        <MetricPanel panel={panel} ctx={ctx} />
      ) : panel.kind === 'logs' ? (
        <LogsPanel panel={panel} ctx={ctx} />
      ) : panel.kind === 'traces' ? (
        <TracesPanel panel={panel} ctx={ctx} />
      ) : panel.kind === 'slo-budget' ? (
        <SloBudgetPanel sloId={panel.sloId ?? ''} />
      ) : panel.kind === 'uptime' ? (
        <UptimePanel endpointId={panel.endpointId ?? ''} range={ctx.range} />
      ) : (
        <Empty title={`Unknown panel kind '${String(panel.kind)}'.`} />
      )}
    </PanelBoundary>
  );
}

/** A panel that throws while drawing shows why; the other panels go on. */
class PanelBoundary extends Component<{ title: string; children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    return this.state.error ? <ErrorState error={this.state.error} /> : this.props.children;
  }
}

function SqlPanel({ panel, ctx }: { panel: Panel; ctx: PanelContext }) {
  const range = ctx.range ? { from: apiTime(ctx.range.fromMs), to: apiTime(ctx.range.toMs) } : null;
  const params = panelParams(panel, ctx.variables, ctx.values, range);
  const run = usePanelRun(ctx.dashboardId, panel.id, params, ctx.range !== null);
  return (
    <QueryView query={run} what={panel.title}>
      {(result) =>
        result.error ? (
          <ErrorState error={new Error(result.error)} />
        ) : result.rows.length === 0 ? (
          <Empty title="No rows." />
        ) : panel.display === 'stat' ? (
          <StatView result={result} />
        ) : panel.display === 'bar' ? (
          <BarView result={result} title={panel.title} />
        ) : panel.display === 'timeseries' ? (
          <SqlTimeSeries result={result} title={panel.title} height={chartHeight(panel.layout.h)} />
        ) : (
          <ResultTable result={result} title={panel.title} />
        )
      }
    </QueryView>
  );
}

function cell(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function ResultTable({ result, title }: { result: PanelResult; title: string }) {
  return (
    <div className="panel-scroll">
      <table className="result-table" aria-label={title}>
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th key={c.name} scope="col" title={c.type}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.slice(0, SHOWN_ROWS).map((row, i) => (
            <tr key={i}>
              {row.map((v, j) => (
                <td key={j}>{cell(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {result.rows.length > SHOWN_ROWS && (
        <p className="muted">
          The first {SHOWN_ROWS} of {result.rows.length} rows.
        </p>
      )}
    </div>
  );
}

/** The first row's last column, large. */
function StatView({ result }: { result: PanelResult }) {
  const row = result.rows[0];
  const value = row[row.length - 1];
  const n = Number(value);
  return (
    <p className="stat-value">
      {typeof value !== 'boolean' && value !== '' && Number.isFinite(n)
        ? formatCount(n)
        : cell(value)}
      <span className="muted"> {result.columns[result.columns.length - 1]?.name}</span>
    </p>
  );
}

/** First column the label, last column the length of the bar. */
function BarView({ result, title }: { result: PanelResult; title: string }) {
  const rows = result.rows.slice(0, SHOWN_ROWS).map((r) => ({
    label: cell(r[0]),
    value: Number(r[r.length - 1]) || 0,
  }));
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.value)));
  return (
    <ul className="dash-bars" aria-label={title}>
      {rows.map((r, i) => (
        <li key={i}>
          <span className="dash-bar-label">{r.label}</span>
          <span className="dash-bar-track" aria-hidden="true">
            <span
              className="dash-bar-fill"
              style={{ width: `${(Math.abs(r.value) / max) * 100}%` }}
            />
          </span>
          <span className="dash-bar-value">{formatCount(r.value)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Seconds since the epoch of a ClickHouse time (UTC text, or a number of s/ms/ns). */
export function timeSeconds(v: unknown): number | null {
  if (typeof v === 'number') return v > 1e15 ? v / 1e9 : v > 1e11 ? v / 1e3 : v;
  if (typeof v !== 'string') return null;
  if (/^\d+$/.test(v)) return timeSeconds(Number(v));
  const ms = Date.parse(v.includes('T') ? v : v.replace(' ', 'T') + 'Z');
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** First column the time, every other column a series. */
function SqlTimeSeries({
  result,
  title,
  height,
}: {
  result: PanelResult;
  title: string;
  height: number;
}) {
  const data = useMemo(() => {
    const rows = result.rows
      .map((r) => ({ t: timeSeconds(r[0]), r }))
      .filter((x): x is { t: number; r: unknown[] } => x.t !== null)
      .sort((a, b) => a.t - b.t);
    const series = result.columns.slice(1).map((_, j) =>
      rows.map((x) => {
        const n = Number(x.r[j + 1]);
        return Number.isFinite(n) ? n : null;
      }),
    );
    return [rows.map((x) => x.t), ...series] as [number[], ...(number | null)[][]];
  }, [result]);
  if (data[0].length === 0)
    return <Empty title="The first column holds no times: choose the table display." />;
  return (
    <Chart
      title={title}
      data={data}
      series={result.columns.slice(1).map((c) => ({ label: c.name }))}
      height={height}
    />
  );
}

function MetricPanel({ panel, ctx }: { panel: Panel; ctx: PanelContext }) {
  const m = panel.metric;
  const selection = {
    name: m?.name ?? '',
    agg: m?.agg ?? 'avg',
    groupBy: m?.groupBy ?? [],
    service: resolveVariable(m?.service, ctx.variables, ctx.values),
    attrs: m?.filters ?? [],
    step: ctx.range ? stepFor(ctx.range.fromMs, ctx.range.toMs, 120) : '60s',
  };
  const result = useMetricQuery(selection, ctx.range);
  return (
    <QueryView query={result} what={selection.name}>
      {(r) => <MetricChart result={r} title={panel.title} height={chartHeight(panel.layout.h)} />}
    </QueryView>
  );
}

function MetricChart({
  result,
  title,
  height,
}: {
  result: MetricResult;
  title: string;
  height: number;
}) {
  const data = useMemo(
    () =>
      alignSeries(
        result.series.map((s) => s.points),
        (p) => p.timeUnixNano,
        (p) => p.value,
      ),
    [result],
  );
  if (data[0].length === 0) return <Empty title="No points in this range." />;
  return (
    <Chart
      title={`${title}: ${result.agg} of ${result.name}`}
      data={data}
      series={result.series.map((s) => ({ label: seriesLabel(s.labels, result.name) }))}
      height={height}
    />
  );
}

function LogsPanel({ panel, ctx }: { panel: Panel; ctx: PanelContext }) {
  const service = resolveVariable(panel.service, ctx.variables, ctx.values);
  const logs = useLogSearch(
    { q: panel.query ?? '', severity: '', service, traceId: '', attrs: [] },
    ctx.range,
  );
  return (
    <QueryView query={logs} what="logs">
      {(data) => {
        const rows = data.pages.flatMap((p) => p.logs).slice(0, SHOWN_ROWS);
        return rows.length === 0 ? (
          <Empty title="No logs in this range." />
        ) : (
          <ul className="panel-list panel-scroll" aria-label={panel.title}>
            {rows.map((l, i) => (
              <li key={i}>
                <span className="muted">{new Date(nanosToMs(l.timeUnixNano)).toISOString()}</span>{' '}
                <strong>{l.severityText}</strong> {l.serviceName}: {l.body}
              </li>
            ))}
          </ul>
        );
      }}
    </QueryView>
  );
}

function TracesPanel({ panel, ctx }: { panel: Panel; ctx: PanelContext }) {
  const service = resolveVariable(panel.service, ctx.variables, ctx.values);
  const regionVariable = ctx.variables.find((v) => v.type === 'region');
  const traces = useTraceSearch(
    {
      service,
      operation: '',
      minDuration: '',
      maxDuration: '',
      status: '',
      region: regionVariable
        ? resolveVariable('$' + regionVariable.name, ctx.variables, ctx.values)
        : '',
      attrs: [],
    },
    ctx.range,
  );
  return (
    <QueryView query={traces} what="traces">
      {(data) => {
        const rows = data.pages.flatMap((p) => p.traces).slice(0, SHOWN_ROWS);
        return rows.length === 0 ? (
          <Empty title="No traces in this range." />
        ) : (
          <ul className="panel-list panel-scroll" aria-label={panel.title}>
            {rows.map((t) => (
              <li key={t.traceId}>
                <Link to={`/traces/${t.traceId}`}>
                  {t.rootService} {t.rootOperation}
                </Link>{' '}
                <span className="muted">
                  {formatDuration(nanosToMs(t.durationNanos))}, {t.spanCount} spans
                  {t.errorCount > 0 ? `, ${t.errorCount} errors` : ''}
                </span>
              </li>
            ))}
          </ul>
        );
      }}
    </QueryView>
  );
}

interface Budget {
  name: string;
  objective: number;
  budget: { remainingShare: number; consumedShare: number };
}

function SloBudgetPanel({ sloId }: { sloId: string }) {
  const budget = useQuery({
    queryKey: ['slo-budget', sloId],
    queryFn: ({ signal }) => request<Budget>(path(PATHS.sloBudget, { id: sloId }), { signal }),
  });
  return (
    <QueryView query={budget} what="the budget">
      {(b) => {
        const left = Math.max(0, Math.min(1, b.budget.remainingShare));
        return (
          <div>
            <p className="stat-value">
              {formatPercent(b.budget.remainingShare)}
              <span className="muted"> of the error budget left</span>
            </p>
            <div
              className="dash-bar-track"
              role="meter"
              aria-label={`Error budget left of ${b.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(left * 100)}
            >
              <span
                className={left < 0.2 ? 'dash-bar-fill bad' : 'dash-bar-fill'}
                style={{ width: `${left * 100}%` }}
              />
            </div>
            <p className="muted">
              {b.name}: objective {formatPercent(b.objective)}
            </p>
          </div>
        );
      }}
    </QueryView>
  );
}

interface Outages {
  outages: { start: string; end: string | null; kind: string }[];
}

/** Bars across the range; a bar is red when an outage overlaps it. */
const UPTIME_BARS = 30;

function UptimePanel({ endpointId, range }: { endpointId: string; range: ResolvedRange | null }) {
  const outages = useQuery({
    queryKey: ['outages', endpointId, range],
    enabled: range !== null,
    queryFn: ({ signal }) =>
      request<Outages>(path(PATHS.endpointOutages, { id: endpointId }), {
        signal,
        query: apiRange(range),
      }),
  });
  if (!range) return <Loading what="uptime" />;
  return (
    <QueryView query={outages} what="uptime">
      {(o) => {
        const step = (range.toMs - range.fromMs) / UPTIME_BARS;
        const bars = Array.from({ length: UPTIME_BARS }, (_, i) => {
          const from = range.fromMs + i * step;
          const to = from + step;
          const down = o.outages.some(
            (x) => Date.parse(x.start) < to && (x.end === null || Date.parse(x.end) > from),
          );
          return { from, down };
        });
        const downCount = bars.filter((b) => b.down).length;
        return (
          <div>
            <ol
              className="uptime-bars"
              aria-label={`Uptime of ${endpointId}: ${downCount} of ${UPTIME_BARS} intervals with an outage`}
            >
              {bars.map((b) => (
                <li
                  key={b.from}
                  className={b.down ? 'down' : 'up'}
                  title={`${new Date(b.from).toISOString()}: ${b.down ? 'outage' : 'up'}`}
                />
              ))}
            </ol>
            <p className="muted">
              {o.outages.length} outage{o.outages.length === 1 ? '' : 's'} in this range
            </p>
          </div>
        );
      }}
    </QueryView>
  );
}
