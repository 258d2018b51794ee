import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Field, fieldError, FormFooter, formError } from '../../ui/forms';
import { QueryView } from '../../ui/states';
import { channels } from './hooks';
import { CHANNEL_TYPES, type Channel, type ChannelField } from './types';

/** `/alerts/channels/new` and `/alerts/channels/{id}`. */
export default function ChannelFormPage() {
  const id = useParams().id ?? '';
  const existing = channels.useOne(id);
  return id ? (
    <QueryView query={existing} what="the channel">
      {(c) => <ChannelForm initial={c} />}
    </QueryView>
  ) : (
    <ChannelForm initial={null} />
  );
}

/** The settings as the form shows them: secrets never (the API answers "***"). */
function valuesOf(c: Channel | null): Record<string, string> {
  const out: Record<string, string> = {};
  const fields = CHANNEL_TYPES[c?.type ?? 'WEBHOOK'] ?? [];
  for (const f of fields) {
    const v = c?.channel[f.name];
    out[f.name] =
      f.secret || v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** The channel body: empty secrets left out (the stored ones are kept), lists split. */
export function channelOf(type: string, values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { type };
  for (const f of CHANNEL_TYPES[type] ?? []) {
    const raw = (values[f.name] || (f.kind === 'choice' ? (f.choices?.[0] ?? '') : '')).trim();
    if (raw === '') continue;
    if (f.kind === 'list')
      out[f.name] = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (f.kind === 'number') out[f.name] = Number.isNaN(Number(raw)) ? raw : Number(raw);
    else out[f.name] = raw;
  }
  return out;
}

function ChannelForm({ initial }: { initial: Channel | null }) {
  const [type, setType] = useState(initial?.type ?? 'WEBHOOK');
  const [id, setId] = useState(initial?.id ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [values, setValues] = useState(() => valuesOf(initial));
  const save = channels.useSave(initial?.id ?? null);
  const navigate = useNavigate();
  const fields: ChannelField[] = CHANNEL_TYPES[type] ?? [];
  const err = (f: string) => fieldError(save.error, f);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        id: id.trim() || undefined,
        name: name.trim() || undefined,
        channel: channelOf(type, values),
      },
      { onSuccess: () => void navigate('/alerts/channels') },
    );
  };
  const general = formError(save.error, ['id', 'name', 'type', ...fields.map((f) => f.name)]);
  return (
    <form
      className="stack form"
      onSubmit={submit}
      aria-label={initial ? 'Edit channel' : 'New channel'}
    >
      <h2>{initial ? `Edit channel ${initial.name}` : 'New channel'}</h2>
      {!initial && (
        <Field label="Id" error={err('id')} hint="optional: generated when empty">
          {(p) => <input {...p} value={id} onChange={(e) => setId(e.target.value)} />}
        </Field>
      )}
      <Field label="Name" error={err('name')}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Type" error={err('type')}>
        {(p) => (
          <select
            {...p}
            value={type}
            disabled={initial !== null}
            onChange={(e) => setType(e.target.value)}
          >
            {Object.keys(CHANNEL_TYPES).map((t) => (
              <option key={t} value={t}>
                {t.toLowerCase().replace('_', ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      {fields.map((f) => (
        <Field
          key={type + f.name}
          label={f.label + (f.optional ? ' (optional)' : '')}
          error={err(f.name)}
          hint={
            f.secret
              ? initial
                ? 'write-only: stored and never shown; leave empty to keep it (send it again when the destination changes)'
                : 'write-only: stored sealed and never shown again'
              : undefined
          }
        >
          {(p) =>
            f.kind === 'choice' ? (
              <select
                {...p}
                value={values[f.name] || f.choices?.[0]}
                onChange={(e) => setValues((o) => ({ ...o, [f.name]: e.target.value }))}
              >
                {f.choices?.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...p}
                type={f.secret ? 'password' : 'text'}
                autoComplete={f.secret ? 'new-password' : 'off'}
                value={values[f.name] ?? ''}
                onChange={(e) => setValues((o) => ({ ...o, [f.name]: e.target.value }))}
              />
            )
          }
        </Field>
      ))}
      <FormFooter
        error={general}
        pending={save.isPending}
        submit={initial ? 'Save channel' : 'Create channel'}
        cancelTo="/alerts/channels"
      />
    </form>
  );
}
