import { useMemo } from 'react';
import type { MetricInfo, MetricResult } from '../../api/types';
import { nanosToMs } from '../../ui/format';
import { Chart } from '../../ui/Chart';
import { alignSeries } from '../../ui/align';
import { useTimeRange } from '../../ui/TimeContext';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { useUrlState } from '../../ui/urlState';
import {
  aggregationsFor,
  burstWindow,
  correlationWindow,
  seriesLabel,
  stepFor,
} from './aggregations';
import { AttributeRows } from './AttributeRows';
import { CorrelationPanel } from './CorrelationPanel';
import { useMetricCatalog, useMetricQuery, type MetricSelection } from './hooks';

/** One chart's data: the series aligned on one axis, named by their labels. */
function chartData(result: MetricResult) {
  return {
    data: alignSeries(
      result.series.map((s) => s.points),
      (p) => p.timeUnixNano,
      (p) => p.value,
    ),
    labels: result.series.map((s) => seriesLabel(s.labels, result.name)),
  };
}

/** The times (ms) of the points that have a value. */
function pointTimes(result: MetricResult): number[] {
  return result.series.flatMap((s) =>
    s.points.filter((p) => p.value !== null).map((p) => nanosToMs(p.timeUnixNano)),
  );
}

/** The metric catalog with search; a picked metric charted; a click on a point correlates. */
export default function MetricsPage() {
  const url = useUrlState();
  const { range, error } = useTimeRange();
  const catalog = useMetricCatalog(range);
  const search = url.get('find');
  const name = url.get('metric');
  const info = catalog.data?.metrics.find((m) => m.name === name);
  const aggs = aggregationsFor(info?.type ?? '');
  const selection: MetricSelection = {
    name,
    agg: aggs.includes(url.get('agg')) ? url.get('agg') : aggs[0],
    groupBy: url.getAll('groupBy'),
    service: url.get('service'),
    attrs: url.getAll('attr'),
    step: range ? stepFor(range.fromMs, range.toMs) : '60s',
  };
  const coarse = useMetricQuery(selection, info ? range : null);
  // a burst (a spike of a few seconds in an hour) is asked again at a step that shows its shape
  const rangeStepMs = Number(selection.step.replace('s', '')) * 1000;
  const burst = useMemo(
    () => (coarse.data ? burstWindow(pointTimes(coarse.data), rangeStepMs) : null),
    [coarse.data, rangeStepMs],
  );
  const fine = useMetricQuery(
    { ...selection, step: burst?.step ?? selection.step },
    burst && info ? { fromMs: burst.fromMs, toMs: burst.toMs } : null,
  );
  const result = burst ? fine : coarse;
  const at = Number(url.get('at')) || null;

  const shown = useMemo(
    () =>
      (catalog.data?.metrics ?? []).filter((m) =>
        m.name.toLowerCase().includes(search.trim().toLowerCase()),
      ),
    [catalog.data, search],
  );

  return (
    <section className="page">
      <h1>Metrics</h1>
      {error && <ErrorState error={error} />}
      <div className="split split-left">
        <nav aria-label="Metric catalog" className="panel catalog">
          <label>
            Search metrics
            <input
              type="search"
              value={search}
              onChange={(e) => url.set({ find: e.target.value }, true)}
            />
          </label>
          <QueryView query={catalog} what="the metric catalog">
            {() =>
              shown.length === 0 ? (
                <Empty title="No metrics in this range." />
              ) : (
                <ul className="catalog-list">
                  {shown.map((m) => (
                    <li key={m.name + m.type}>
                      <button
                        type="button"
                        aria-pressed={m.name === name}
                        onClick={() =>
                          url.set({
                            metric: m.name,
                            agg: null,
                            groupBy: null,
                            attr: null,
                            at: null,
                          })
                        }
                      >
                        <strong>{m.name}</strong>{' '}
                        <span className="muted">{m.type.toLowerCase()}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryView>
        </nav>
        <div>
          {!name ? (
            <Empty title="Pick a metric from the catalog." />
          ) : !info ? (
            catalog.isPending ? null : (
              <Empty title={`No metric '${name}' in this range.`} />
            )
          ) : (
            <MetricView
              info={info}
              selection={selection}
              aggs={aggs}
              result={result}
              onPick={(timeS) => url.set({ at: String(Math.round(timeS * 1000)) }, true)}
            />
          )}
          {info && at && (
            <CorrelationPanel
              metric={name}
              service={selection.service || (info.services.length === 1 ? info.services[0] : '')}
              window={correlationWindow(at, rangeStepMs)}
              onClose={() => url.set({ at: null }, true)}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function MetricView({
  info,
  selection,
  aggs,
  result,
  onPick,
}: {
  info: MetricInfo;
  selection: MetricSelection;
  aggs: string[];
  result: ReturnType<typeof useMetricQuery>;
  onPick: (timeS: number) => void;
}) {
  const url = useUrlState();
  const data = useMemo(() => (result.data ? chartData(result.data) : null), [result.data]);
  function toggle(key: 'groupBy' | 'attr', value: string) {
    const now = url.getAll(key);
    url.set({ [key]: now.includes(value) ? now.filter((v) => v !== value) : [...now, value] });
  }
  return (
    <>
      <h2>
        {info.name} <span className="muted">{info.unit}</span>
      </h2>
      {info.description && <p>{info.description}</p>}
      <div className="toolbar">
        <label>
          Aggregation
          <select value={selection.agg} onChange={(e) => url.set({ agg: e.target.value })}>
            {aggs.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Service
          <select value={selection.service} onChange={(e) => url.set({ service: e.target.value })}>
            <option value="">All</option>
            {info.services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="attrs">
        <legend>Attributes: group by, or filter by a top value</legend>
        <AttributeRows
          attributes={info.attributes}
          groupBy={selection.groupBy}
          filters={selection.attrs}
          onGroupBy={(key) => toggle('groupBy', key)}
          onFilter={(keyValue) => toggle('attr', keyValue)}
        />
      </fieldset>
      <QueryView query={result} what={info.name}>
        {() =>
          !data || data.data[0].length === 0 ? (
            <Empty title="No points in this range." />
          ) : (
            <>
              <Chart
                title={`${selection.agg} of ${info.name}`}
                data={data.data}
                series={data.labels.map((label) => ({ label }))}
                height={280}
                onPick={onPick}
              />
              <p className="muted">
                Click a point (a spike), or focus the chart and use the arrow keys and Enter, to see
                the traces and logs behind it.
              </p>
            </>
          )
        }
      </QueryView>
    </>
  );
}
