import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ChoiceField, Field, fieldError, FormFooter, formError } from '../../ui/forms';
import { QueryView } from '../../ui/states';
import { useSaveSlo, useSlo, type SloDraft } from './hooks';
import { SLO_KINDS, SLO_PERIODS, SPAN_KINDS, type Slo, type SloKind } from './types';

const FIELDS = [
  'id',
  'name',
  'kind',
  'service',
  'operation',
  'spanKind',
  'thresholdMs',
  'endpointId',
  'objective',
  'period',
] as const;

/** `/slos/new` and `/slos/{id}/edit`. */
export default function SloFormPage() {
  const id = useParams().id ?? '';
  const existing = useSlo(id);
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/slos">SLOs</Link> / {id ? `${id} / edit` : 'new'}
      </p>
      <h1>{id ? 'Edit SLO' : 'New SLO'}</h1>
      {id ? (
        <QueryView query={existing} what="the SLO">
          {(s) => <SloForm initial={s} />}
        </QueryView>
      ) : (
        <SloForm initial={null} />
      )}
    </section>
  );
}

type Values = Record<(typeof FIELDS)[number], string>;

function valuesOf(s: Slo | null): Values {
  return {
    id: s?.id ?? '',
    name: s?.name ?? '',
    kind: s?.kind ?? 'AVAILABILITY',
    service: s?.service ?? '',
    operation: s?.operation ?? '',
    spanKind: s?.spanKind ?? '',
    thresholdMs: s?.thresholdMs ? String(s.thresholdMs) : '',
    endpointId: s?.endpointId ?? '',
    objective: s ? String(s.objective) : '0.999',
    period: s?.period ?? 'ROLLING_30D',
  };
}

/** The draft the API gets: only the fields of the kind, numbers as numbers (bad ones as typed). */
export function draftOf(v: Values): SloDraft {
  const kind = v.kind as SloKind;
  const num = (s: string) =>
    s.trim() === '' ? undefined : Number.isNaN(Number(s)) ? s : Number(s);
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim());
  return {
    id: v.id.trim(),
    name: v.name.trim(),
    kind,
    service: text(v.service),
    operation: kind === 'UPTIME' ? undefined : text(v.operation),
    spanKind: kind === 'UPTIME' ? undefined : text(v.spanKind),
    thresholdMs: kind === 'LATENCY' ? (num(v.thresholdMs) as number | undefined) : undefined,
    endpointId: kind === 'UPTIME' ? text(v.endpointId) : undefined,
    objective: num(v.objective) as number,
    period: v.period,
  };
}

function SloForm({ initial }: { initial: Slo | null }) {
  const [v, setV] = useState<Values>(() => valuesOf(initial));
  const save = useSaveSlo(initial?.id ?? null);
  const navigate = useNavigate();
  const err = (f: string) => fieldError(save.error, f);
  const set = (f: keyof Values) => (e: { target: { value: string } }) =>
    setV((old) => ({ ...old, [f]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draftOf(v), {
      onSuccess: (slo) => void navigate(`/slos/${encodeURIComponent(slo.id)}`),
    });
  };
  const general = formError(save.error, FIELDS);
  return (
    <form className="stack form" onSubmit={submit} aria-label={initial ? 'Edit SLO' : 'New SLO'}>
      {!initial && (
        <Field label="Id" error={err('id')} hint="a-z, 0-9, - and _; made from the name when empty">
          {(p) => <input {...p} value={v.id} onChange={set('id')} />}
        </Field>
      )}
      <Field label="Name" error={err('name')}>
        {(p) => <input {...p} value={v.name} onChange={set('name')} />}
      </Field>
      <ChoiceField
        label="Kind"
        error={err('kind')}
        value={v.kind}
        options={SLO_KINDS}
        onChange={set('kind')}
      />
      {v.kind === 'UPTIME' && (
        <Field label="Endpoint id" error={err('endpointId')}>
          {(p) => <input {...p} value={v.endpointId} onChange={set('endpointId')} />}
        </Field>
      )}
      <Field
        label="Service"
        error={err('service')}
        hint={v.kind === 'UPTIME' ? "optional: the endpoint's service by default" : undefined}
      >
        {(p) => <input {...p} value={v.service} onChange={set('service')} />}
      </Field>
      {v.kind !== 'UPTIME' && (
        <>
          <Field label="Operation (span name, optional)" error={err('operation')}>
            {(p) => <input {...p} value={v.operation} onChange={set('operation')} />}
          </Field>
          <ChoiceField
            label="Span kind"
            error={err('spanKind')}
            value={v.spanKind}
            options={SPAN_KINDS}
            onChange={set('spanKind')}
            empty="any"
          />
        </>
      )}
      {v.kind === 'LATENCY' && (
        <Field label="Threshold (ms)" error={err('thresholdMs')} hint="good: at most this long">
          {(p) => (
            <input {...p} inputMode="numeric" value={v.thresholdMs} onChange={set('thresholdMs')} />
          )}
        </Field>
      )}
      <Field label="Objective" error={err('objective')} hint="a share between 0 and 1, e.g. 0.999">
        {(p) => (
          <input {...p} inputMode="decimal" value={v.objective} onChange={set('objective')} />
        )}
      </Field>
      <ChoiceField
        label="Period"
        error={err('period')}
        value={v.period}
        options={SLO_PERIODS}
        onChange={set('period')}
      />
      <FormFooter
        error={general}
        pending={save.isPending}
        submit={initial ? 'Save SLO' : 'Create SLO'}
        cancelTo={initial ? `/slos/${encodeURIComponent(initial.id)}` : '/slos'}
      />
    </form>
  );
}
