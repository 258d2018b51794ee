import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Field, FormError } from '../../ui/fieldErrors';
import { ErrorState, QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import { ROLES, useCreateKey, useKeys, useRevokeKey, type ApiKey } from './hooks';
import { AdminsOnly } from './SettingsLayout';

const SCOPES = [
  { id: 'query', label: 'Query: read the API (with a role)' },
  { id: 'ingest', label: 'Ingest: send telemetry' },
  { id: 'browser', label: 'Browser: send from web pages of given origins' },
];

/** The tenant's API keys: create (secret shown once), list, revoke after a confirmation. */
export default function KeysPage() {
  const session = useSignedIn();
  const keys = useKeys(session.isAdmin);
  if (!session.isAdmin) return <AdminsOnly what="API keys" role={session.role} />;
  return (
    <>
      <h2>Create a key</h2>
      <KeyForm />
      <h2>Keys</h2>
      <QueryView query={keys} what="keys">
        {(k) => (
          <table className="data">
            <caption className="sr-only">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Scopes</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {k.items.map((x) => (
                <KeyRow key={x.keyId} apiKey={x} />
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeKey();
  const name = apiKey.name || apiKey.keyId;
  return (
    <tr>
      <th scope="row">{apiKey.name || '(unnamed)'}</th>
      <td>
        <code>{apiKey.keyId}</code>
      </td>
      <td>
        {apiKey.scopes.join(', ')}
        {apiKey.origins.length > 0 && ` (${apiKey.origins.join(', ')})`}
      </td>
      <td>{apiKey.role?.toLowerCase() ?? ''}</td>
      <td>{new Date(apiKey.createdAt).toLocaleString()}</td>
      <td>
        {apiKey.revokedAt ? (
          `revoked ${new Date(apiKey.revokedAt).toLocaleString()}`
        ) : (
          <ConfirmButton
            label="Revoke"
            name={`Revoke ${name}`}
            confirm={`revoke ${name}`}
            warning={`Programs using ${name} stop working at once.`}
            onConfirm={(done) => revoke.mutate(apiKey.keyId, { onSettled: done })}
          />
        )}
        {revoke.error && <ErrorState error={revoke.error} />}
      </td>
    </tr>
  );
}

function KeyForm() {
  const create = useCreateKey();
  const [name, setName] = useState('');
  const [scope, setScope] = useState('query');
  const [role, setRole] = useState('VIEWER');
  const [origins, setOrigins] = useState('');
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        scopes: [scope],
        ...(scope === 'query' ? { role } : {}),
        ...(scope === 'browser'
          ? {
              origins: origins
                .split(',')
                .map((o) => o.trim())
                .filter(Boolean),
            }
          : {}),
      },
      { onSuccess: setCreated },
    );
  }
  return (
    <>
      <form className="form toolbar" aria-label="Create an API key" onSubmit={submit}>
        <Field label="Key name" field="name" error={create.error}>
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Scope" field="scopes" error={create.error}>
          {(p) => (
            <select {...p} value={scope} onChange={(e) => setScope(e.target.value)}>
              {SCOPES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {scope === 'query' && (
          <Field label="Key role" field="role" error={create.error}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r.toLowerCase()}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {scope === 'browser' && (
          <Field
            label="Origins"
            field="origins"
            error={create.error}
            hint="Comma-separated, e.g. https://shop.example"
          >
            {(p) => <input {...p} value={origins} onChange={(e) => setOrigins(e.target.value)} />}
          </Field>
        )}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create key
        </button>
        <FormError error={create.error} fields={['name', 'scopes', 'role', 'origins']} />
      </form>
      {created && (
        <div className="key-once" role="status">
          <p>
            <strong>Your new key {created.name}</strong>, shown this once: copy it now. It cannot be
            shown again; revoke it and make another if it is lost.
          </p>
          <pre className="code" aria-label="New key">
            {created.key}
          </pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            Copy key
          </button>
        </div>
      )}
    </>
  );
}
