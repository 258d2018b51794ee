import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ChoiceField, Field, fieldError, FormFooter, formError } from '../../ui/forms';
import { QueryView } from '../../ui/states';
import { useSlos } from '../slos/hooks';
import type { BurnCondition } from '../slos/types';
import { rules, useRulePreview } from './hooks';
import { RulePreviewPanel } from './RulePreviewPanel';
import { AGGREGATIONS, RULE_KINDS, SEVERITIES, SIGNALS, type AlertRule } from './types';

const FIELDS = [
  'id',
  'name',
  'kind',
  'sloId',
  'burnConditions',
  'signal',
  'metric',
  'aggregation',
  'percentile',
  'service',
  'operation',
  'region',
  'comparison',
  'threshold',
  'windowMs',
  'forMs',
  'groupBy',
  'severity',
  'labels',
] as const;
type Values = Record<(typeof FIELDS)[number], string> & { enabled: boolean };

/** `/alerts/rules/new` and `/alerts/rules/{id}`. */
export default function RuleFormPage() {
  const id = useParams().id ?? '';
  const existing = rules.useOne(id);
  return id ? (
    <QueryView query={existing} what="the rule">
      {(r) => <RuleForm initial={r} />}
    </QueryView>
  ) : (
    <RuleForm initial={null} />
  );
}

const lines = (m: Record<string, string> | null | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

function valuesOf(r: AlertRule | null): Values {
  const s = (x: unknown) => (x === null || x === undefined ? '' : String(x));
  return {
    id: s(r?.id),
    name: s(r?.name),
    kind: r?.kind ?? 'THRESHOLD',
    sloId: s(r?.sloId),
    burnConditions: (r?.burnConditions ?? [])
      .map((c) => `${c.severity} ${c.longWindow} ${c.shortWindow} ${c.factor}`)
      .join('\n'),
    signal: r?.signal ?? 'ERROR_RATE',
    metric: s(r?.metric),
    aggregation: r?.aggregation ?? 'AVG',
    percentile: s(r?.percentile),
    service: s(r?.service),
    operation: s(r?.operation),
    region: s(r?.region),
    comparison: r?.comparison ?? 'ABOVE',
    threshold: s(r?.threshold),
    windowMs: s(r?.windowMs ?? 300000),
    forMs: s(r?.forMs ?? (r ? '' : 0)),
    groupBy: (r?.groupBy ?? []).join(', '),
    severity: r?.severity ?? 'TICKET',
    labels: lines(r?.labels),
    enabled: r?.enabled !== false,
  };
}

function parseConditions(text: string): BurnCondition[] | undefined {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (rows.length === 0) return undefined;
  return rows.map((l) => {
    const [severity, longWindow, shortWindow, factor] = l.split(/\s+/);
    return {
      severity: severity?.toUpperCase() as BurnCondition['severity'],
      longWindow,
      shortWindow,
      factor: Number(factor),
    };
  });
}

/** The rule the API gets: only the fields of its kind and signal. */
export function ruleOf(v: Values): Record<string, unknown> {
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const num = (s: string) =>
    s.trim() === '' ? undefined : Number.isNaN(Number(s)) ? s : Number(s);
  const labels = Object.fromEntries(
    v.labels
      .split('\n')
      .map((l) => l.split('='))
      .filter((p) => p.length >= 2 && p[0].trim())
      .map(([k, ...rest]) => [k.trim(), rest.join('=').trim()]),
  );
  const base = {
    id: text(v.id),
    name: text(v.name),
    kind: v.kind,
    enabled: v.enabled,
    labels: Object.keys(labels).length ? labels : undefined,
  };
  if (v.kind === 'BURN_RATE') {
    return { ...base, sloId: text(v.sloId), burnConditions: parseConditions(v.burnConditions) };
  }
  const metric = v.signal === 'METRIC';
  return {
    ...base,
    signal: v.signal,
    metric: metric ? text(v.metric) : undefined,
    aggregation: metric && v.kind === 'THRESHOLD' ? v.aggregation : undefined,
    percentile: v.signal === 'LATENCY' ? num(v.percentile) : undefined,
    service: text(v.service),
    operation: text(v.operation),
    region: text(v.region),
    comparison: v.kind === 'THRESHOLD' ? v.comparison : undefined,
    threshold: v.kind === 'THRESHOLD' ? num(v.threshold) : undefined,
    windowMs: v.kind === 'THRESHOLD' ? num(v.windowMs) : undefined,
    forMs: num(v.forMs),
    groupBy: v.groupBy.trim()
      ? v.groupBy
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean)
      : undefined,
    severity: v.severity,
  };
}

function RuleForm({ initial }: { initial: AlertRule | null }) {
  const [v, setV] = useState<Values>(() => valuesOf(initial));
  const save = rules.useSave(initial?.id ?? null);
  const slos = useSlos();
  const navigate = useNavigate();
  const preview = useRulePreview();
  const err = (f: string) => fieldError(save.error, f) ?? fieldError(preview.error, f);
  const set = (f: keyof Values) => (e: { target: { value: string } }) =>
    setV((old) => ({ ...old, [f]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    preview.reset();
    save.mutate(ruleOf(v), { onSuccess: () => void navigate('/alerts/rules') });
  };
  const general = formError(save.error, FIELDS) ?? formError(preview.error, FIELDS);
  const input = (f: keyof Values, label: string, hint?: string) => (
    <Field label={label} error={err(f)} hint={hint}>
      {(p) => <input {...p} value={v[f] as string} onChange={set(f)} />}
    </Field>
  );
  const choice = (f: keyof Values, label: string, options: readonly string[]) => (
    <ChoiceField
      label={label}
      error={err(f)}
      value={v[f] as string}
      options={options}
      onChange={set(f)}
    />
  );
  return (
    <form className="stack form" onSubmit={submit} aria-label={initial ? 'Edit rule' : 'New rule'}>
      <h2>{initial ? `Edit rule ${initial.name}` : 'New rule'}</h2>
      {!initial && input('id', 'Id', 'optional: generated when empty')}
      {input('name', 'Name')}
      {choice('kind', 'Kind', RULE_KINDS)}
      <label className="check">
        <input
          type="checkbox"
          checked={v.enabled}
          onChange={(e) => setV((old) => ({ ...old, enabled: e.target.checked }))}
        />{' '}
        Enabled
      </label>
      {v.kind === 'BURN_RATE' ? (
        <>
          <Field label="SLO" error={err('sloId')}>
            {(p) => (
              <select {...p} value={v.sloId} onChange={set('sloId')}>
                <option value="">choose an SLO</option>
                {(slos.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Burn conditions (optional)"
            error={err('burnConditions')}
            hint="one per line: severity long-window short-window factor, e.g. PAGE 1h 5m 14.4; empty: the SRE Workbook's"
          >
            {(p) => (
              <textarea {...p} rows={4} value={v.burnConditions} onChange={set('burnConditions')} />
            )}
          </Field>
        </>
      ) : (
        <>
          {choice('signal', 'Signal', SIGNALS)}
          {v.signal === 'METRIC' && input('metric', 'Metric name')}
          {v.signal === 'METRIC' &&
            v.kind === 'THRESHOLD' &&
            choice('aggregation', 'Aggregation', AGGREGATIONS)}
          {v.signal === 'LATENCY' &&
            input('percentile', 'Percentile', 'between 0 and 100, e.g. 99')}
          {input('service', 'Service', v.signal === 'METRIC' ? 'optional filter' : undefined)}
          {input('operation', 'Operation (optional)')}
          {input('region', 'Region (optional)')}
          {v.kind === 'THRESHOLD' && (
            <>
              {choice('comparison', 'Comparison', ['ABOVE', 'BELOW'])}
              {input(
                'threshold',
                'Threshold',
                'error rate as a share 0..1, latency in ms, rate per second',
              )}
              {input('windowMs', 'Window (ms)', '1 minute (60000) to 1 day')}
            </>
          )}
          {input(
            'forMs',
            'For (ms)',
            v.kind === 'NO_DATA' ? '1 minute (60000) to 7 days' : '0 to 1 day; 0 fires at once',
          )}
          {input(
            'groupBy',
            'Group by (comma separated)',
            'service, operation, region or attribute keys',
          )}
          {choice('severity', 'Severity', SEVERITIES)}
        </>
      )}
      <Field label="Labels (one label=value per line)" error={err('labels')}>
        {(p) => <textarea {...p} rows={2} value={v.labels} onChange={set('labels')} />}
      </Field>
      <div>
        <button
          type="button"
          disabled={preview.isPending}
          onClick={() => {
            save.reset();
            preview.mutate(ruleOf(v));
          }}
        >
          Preview the last day
        </button>
      </div>
      {preview.data && !preview.isPending && <RulePreviewPanel preview={preview.data} />}
      <FormFooter
        error={general}
        pending={save.isPending}
        submit={initial ? 'Save rule' : 'Create rule'}
        cancelTo="/alerts/rules"
      />
    </form>
  );
}
