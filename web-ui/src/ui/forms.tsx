import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';

/**
 * The field an API error names: the query service says `field 'objective' must be ...` (or
 * `field 'channel.url' ...`, `routes[0].channels`); null when it names none.
 */
export function errorField(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const m =
    /field '([^']+)'/.exec(error.message) ?? /^'?([\w.[\]]+)'? (?:must|is|has)/.exec(error.message);
  return m ? m[1] : null;
}

/** The error's message when it names `field` (or a part of it, `channel.url` for `url`). */
export function fieldError(error: unknown, field: string): string | null {
  const named = errorField(error);
  if (!named || !(error instanceof Error)) return null;
  return covers(named, field) ? error.message : null;
}

/** The error's message when it names no field of the form: shown above the buttons. */
export function formError(error: unknown, fields: readonly string[]): string | null {
  if (!error) return null;
  const named = errorField(error);
  if (named && fields.some((f) => covers(named, f))) return null;
  return error instanceof Error ? error.message : String(error);
}

/** `routes[0].channels` and `channel.url` are about `routes` and `url`. */
function covers(named: string, field: string): boolean {
  return (
    named === field ||
    named.startsWith(field + '[') ||
    named.startsWith(field + '.') ||
    named.endsWith('.' + field)
  );
}

/** A labelled control with the API's error for it right below, tied by aria-describedby. */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | null;
  hint?: string;
  children: (props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
  }) => ReactNode;
}) {
  const id = useId();
  const described = [error ? id + '-error' : '', hint ? id + '-hint' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-describedby': described || undefined,
        'aria-invalid': error ? true : undefined,
      })}
      {hint && (
        <small id={id + '-hint'} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={id + '-error'} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** The end of a form: the error that names no field, submit, and a way back. */
export function FormFooter({
  error,
  pending,
  submit,
  cancelTo,
}: {
  error: string | null;
  pending: boolean;
  submit: string;
  cancelTo: string;
}) {
  return (
    <>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="toolbar">
        <button className="primary" type="submit" disabled={pending}>
          {submit}
        </button>
        <Link to={cancelTo}>Cancel</Link>
      </div>
    </>
  );
}

/** A select of an API enum, shown in lower case ("rolling 30d"); `empty` adds a first option. */
export function ChoiceField({
  label,
  error,
  value,
  options,
  onChange,
  empty,
}: {
  label: string;
  error?: string | null;
  value: string;
  options: readonly string[];
  onChange: (e: { target: { value: string } }) => void;
  empty?: string;
}) {
  return (
    <Field label={label} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={onChange}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o.toLowerCase().replace('_', ' ')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
