import { useId, useState, type FormEvent } from 'react';
import type { ResolvedRange } from '../../ui/timeRange';
import { aggregationsFor } from '../metrics/aggregations';
import { AttributeRows } from '../metrics/AttributeRows';
import { useMetricCatalog } from '../metrics/hooks';
import {
  DISPLAYS,
  KIND_LABELS,
  KINDS,
  type Display,
  type MetricSpec,
  type Panel,
  type PanelKind,
  type Variable,
} from './model';

/**
 * Adds or edits one panel: its title and kind, then the kind's inputs (a metric with the Metrics
 * page's picker, SQL with its display, an SLO, an endpoint, a service and search). The API checks
 * the rest when the dashboard is saved, and its message names the field.
 */
export function PanelEditor({
  initial,
  variables,
  range,
  onSave,
  onCancel,
}: {
  initial: Panel;
  variables: Variable[];
  range: ResolvedRange | null;
  onSave: (panel: Panel) => void;
  onCancel: () => void;
}) {
  const [panel, setPanel] = useState<Panel>(initial);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const set = (patch: Partial<Panel>) => setPanel((p) => ({ ...p, ...patch }));
  const serviceVars = variables.filter((v) => v.type === 'service').map((v) => '$' + v.name);

  function submit(e: FormEvent) {
    e.preventDefault();
    const missing = requiredMissing(panel);
    if (missing) {
      setError(missing);
      return;
    }
    onSave(forKind(panel));
  }

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      className="dialog"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <form className="dialog-body" onSubmit={submit} noValidate>
        <h2 id={titleId}>{initial.title ? `Edit panel ${initial.title}` : 'Add a panel'}</h2>
        <label>
          Panel title
          <input
            autoFocus
            value={panel.title}
            onChange={(e) => set({ title: e.target.value })}
            required
          />
        </label>
        <label>
          Panel kind
          <select value={panel.kind} onChange={(e) => set({ kind: e.target.value as PanelKind })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {panel.kind === 'metric' && (
          <MetricPicker
            spec={panel.metric ?? { name: '', agg: '', service: '', groupBy: [], filters: [] }}
            serviceVars={serviceVars}
            range={range}
            onChange={(metric) => set({ metric })}
          />
        )}
        {panel.kind === 'sql' && (
          <>
            <label>
              SQL
              <textarea
                rows={6}
                value={panel.sql ?? ''}
                onChange={(e) => set({ sql: e.target.value, params: null })}
                spellCheck={false}
              />
            </label>
            <p className="muted">
              Use <code>{'{from:DateTime64(9)}'}</code> and <code>{'{to:DateTime64(9)}'}</code> for
              the time range and <code>{'{service:String}'}</code> for a variable: the values are
              bound by ClickHouse, never pasted into the SQL.
            </p>
            <label>
              Display
              <select
                value={panel.display ?? 'table'}
                onChange={(e) => set({ display: e.target.value as Display })}
              >
                {DISPLAYS.map((d) => (
                  <option key={d}>{d}</option>
                ))}
              </select>
            </label>
          </>
        )}
        {panel.kind === 'slo-budget' && (
          <label>
            SLO id
            <input value={panel.sloId ?? ''} onChange={(e) => set({ sloId: e.target.value })} />
          </label>
        )}
        {panel.kind === 'uptime' && (
          <label>
            Endpoint id
            <input
              value={panel.endpointId ?? ''}
              onChange={(e) => set({ endpointId: e.target.value })}
            />
          </label>
        )}
        {(panel.kind === 'logs' || panel.kind === 'traces') && (
          <label>
            Service (a name, or {serviceVars[0] ?? '$variable'})
            <input
              value={panel.service ?? ''}
              list={`${titleId}-services`}
              onChange={(e) => set({ service: e.target.value })}
            />
            <datalist id={`${titleId}-services`}>
              {serviceVars.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          </label>
        )}
        {panel.kind === 'logs' && (
          <label>
            Search text
            <input value={panel.query ?? ''} onChange={(e) => set({ query: e.target.value })} />
          </label>
        )}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="toolbar">
          <button type="submit" className="primary">
            Apply panel
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** What the kind needs that is not there, as a sentence; null when complete. */
export function requiredMissing(p: Panel): string | null {
  if (!p.title.trim()) return 'A panel needs a title.';
  if (p.kind === 'sql' && !p.sql?.trim()) return 'A SQL panel needs its SQL.';
  if (p.kind === 'metric' && !p.metric?.name) return 'Pick a metric.';
  if (p.kind === 'slo-budget' && !p.sloId?.trim()) return 'An SLO budget panel needs the SLO id.';
  if (p.kind === 'uptime' && !p.endpointId?.trim()) return 'An uptime panel needs the endpoint id.';
  return null;
}

/** The panel with only its kind's fields (the API refuses another kind's). */
export function forKind(p: Panel): Panel {
  const base = { id: p.id, title: p.title.trim(), kind: p.kind, layout: p.layout };
  switch (p.kind) {
    case 'sql':
      return { ...base, sql: p.sql, params: p.params ?? null, display: p.display ?? 'table' };
    case 'metric':
      return { ...base, metric: p.metric };
    case 'slo-budget':
      return { ...base, sloId: p.sloId?.trim() };
    case 'uptime':
      return { ...base, endpointId: p.endpointId?.trim() };
    case 'logs':
      return { ...base, service: p.service || null, query: p.query || null };
    case 'traces':
      return { ...base, service: p.service || null };
  }
}

/** The Metrics page's picker in a form: metric, aggregation, service, group by, filters. */
function MetricPicker({
  spec,
  serviceVars,
  range,
  onChange,
}: {
  spec: MetricSpec;
  serviceVars: string[];
  range: ResolvedRange | null;
  onChange: (spec: MetricSpec) => void;
}) {
  const catalog = useMetricCatalog(range);
  const metrics = catalog.data?.metrics ?? [];
  const info = metrics.find((m) => m.name === spec.name);
  const aggs = aggregationsFor(info?.type ?? '');
  const toggle = (key: 'groupBy' | 'filters', value: string) =>
    onChange({
      ...spec,
      [key]: spec[key].includes(value)
        ? spec[key].filter((v) => v !== value)
        : [...spec[key], value],
    });
  return (
    <fieldset className="attrs">
      <legend>Metric</legend>
      <label>
        Metric name
        <select
          value={spec.name}
          onChange={(e) => {
            const next = metrics.find((m) => m.name === e.target.value);
            onChange({
              name: e.target.value,
              agg: aggregationsFor(next?.type ?? '')[0],
              service: '',
              groupBy: [],
              filters: [],
            });
          }}
        >
          <option value="">{catalog.isPending ? 'Loading metrics…' : 'Pick a metric'}</option>
          {spec.name && !info && <option value={spec.name}>{spec.name}</option>}
          {metrics.map((m) => (
            <option key={m.name + m.type} value={m.name}>
              {m.name} ({m.type.toLowerCase()})
            </option>
          ))}
        </select>
      </label>
      {catalog.error && <p className="field-error">{(catalog.error as Error).message}</p>}
      <label>
        Aggregation
        <select
          value={aggs.includes(spec.agg) ? spec.agg : aggs[0]}
          onChange={(e) => onChange({ ...spec, agg: e.target.value })}
        >
          {aggs.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label>
        Metric service
        <select
          value={spec.service}
          onChange={(e) => onChange({ ...spec, service: e.target.value })}
        >
          <option value="">All</option>
          {serviceVars.map((v) => (
            <option key={v}>{v}</option>
          ))}
          {(info?.services ?? []).map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <AttributeRows
        attributes={info?.attributes ?? []}
        groupBy={spec.groupBy}
        filters={spec.filters}
        onGroupBy={(key) => toggle('groupBy', key)}
        onFilter={(keyValue) => toggle('filters', keyValue)}
      />
    </fieldset>
  );
}
