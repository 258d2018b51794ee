import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { formatTime } from '../../ui/format';
import { Field, fieldError, FormFooter, formError } from '../../ui/forms';
import { Empty } from '../../ui/states';
import { silences } from './hooks';
import { formatMatcher, parseMatcher } from './matchers';
import { RecordList } from './RecordList';

/** `/alerts/silences`: every silence with its state; active and pending ones can be expired. */
export default function SilencesPage() {
  const list = silences.useList();
  const expire = silences.useDelete();
  return (
    <RecordList
      query={list}
      what="Silences"
      newTo="/alerts/silences/new"
      newLabel="New silence"
      actionError={expire.error}
      empty={<Empty title="No silences" />}
      columns={['State', 'Matchers', 'Starts', 'Ends', 'Comment']}
      cells={(s) => (
        <>
          <td>{s.state}</td>
          <td>
            <ul className="chips" aria-label={`Matchers of silence ${s.id}`}>
              {s.matchers.map((m) => (
                <li key={formatMatcher(m)}>{formatMatcher(m)}</li>
              ))}
            </ul>
          </td>
          <td>{formatTime(Date.parse(s.startsAt))}</td>
          <td>{formatTime(Date.parse(s.endsAt))}</td>
          <td>{s.comment}</td>
        </>
      )}
      actions={(s) =>
        s.state !== 'expired' && (
          <button
            type="button"
            aria-label={`Expire silence ${s.id}`}
            onClick={() => expire.mutate(s.id)}
          >
            Expire
          </button>
        )
      }
    />
  );
}

const DURATIONS = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
];

/** `/alerts/silences/new?m=label=value&comment=`: matchers prefilled from an alert. */
export function SilenceForm() {
  const [params] = useSearchParams();
  const [matchers, setMatchers] = useState(() => params.getAll('m').join('\n'));
  const [duration, setDuration] = useState(String(DURATIONS[1].ms));
  const [comment, setComment] = useState(params.get('comment') ?? '');
  const [parseError, setParseError] = useState<string | null>(null);
  const save = silences.useSave(null);
  const navigate = useNavigate();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const lines = matchers
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const parsed = lines.map(parseMatcher);
    const bad = lines.find((_, i) => parsed[i] === null);
    if (bad !== undefined) {
      setParseError(`'${bad}' is not label=value, label!=value, label=~regex or label!~regex`);
      return;
    }
    setParseError(null);
    save.mutate(
      {
        matchers: parsed,
        endsAt: new Date(Date.now() + Number(duration)).toISOString(),
        comment,
      },
      { onSuccess: () => void navigate('/alerts/silences') },
    );
  };
  const general = formError(save.error, ['matchers', 'endsAt', 'comment']);
  return (
    <form className="stack form" onSubmit={submit} aria-label="New silence">
      <h2>New silence</h2>
      <Field
        label="Matchers (one per line)"
        error={parseError ?? fieldError(save.error, 'matchers')}
        hint="all must match: label=value, label!=value, label=~regex, label!~regex"
      >
        {(p) => (
          <textarea
            {...p}
            rows={4}
            value={matchers}
            onChange={(e) => setMatchers(e.target.value)}
          />
        )}
      </Field>
      <Field label="Duration" error={fieldError(save.error, 'endsAt')}>
        {(p) => (
          <select {...p} value={duration} onChange={(e) => setDuration(e.target.value)}>
            {DURATIONS.map((d) => (
              <option key={d.ms} value={d.ms}>
                {d.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Comment" error={fieldError(save.error, 'comment')}>
        {(p) => <input {...p} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      <FormFooter
        error={general}
        pending={save.isPending}
        submit="Create silence"
        cancelTo="/alerts/silences"
      />
    </form>
  );
}
