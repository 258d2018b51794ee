import { useId, type ReactNode } from 'react';
import { ApiError } from '../api/client';

/**
 * The parts of an API error that name `field` (the API's 400s say `field 'name' ...`, several
 * problems joined by "; "), or null. What names no field of the form is shown by `FormError`.
 */
export function fieldError(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const parts = error.message.split(/;\s+(?=field |')/).filter((p) => p.includes(`'${field}'`));
  return parts.length ? parts.join('; ') : null;
}

/** The error when it names none of `fields` (or is not a 400): shown above the form's buttons. */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  if (fields.some((f) => fieldError(error, f))) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="field-error" role="alert">
      {message}
    </p>
  );
}

/**
 * A labelled control with its hint and the API's error for `field` next to it (the control is
 * described by both and marked invalid). `children` gets the id and aria props to spread.
 */
export function Field({
  label,
  field,
  error,
  hint,
  children,
}: {
  label: string;
  field: string;
  error: unknown;
  hint?: ReactNode;
  children: (props: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
}) {
  const id = useId();
  const message = fieldError(error, field);
  const described = [hint ? id + '-hint' : '', message ? id + '-error' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name: field,
        'aria-invalid': message !== null,
        'aria-describedby': described || undefined,
      })}
      {hint && (
        <small id={id + '-hint'} className="muted">
          {hint}
        </small>
      )}
      {message && (
        <small id={id + '-error'} className="field-error" role="alert">
          {message}
        </small>
      )}
    </div>
  );
}
