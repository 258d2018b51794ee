import { useState } from 'react';
import { Link } from 'react-router';
import type { IssuedKey } from '../../api/types';
import { ErrorState } from '../../ui/states';
import { useUrlState } from '../../ui/urlState';
import { useSignedIn, type Session } from '../auth/session';
import { useCreateKey, useFirstData } from './hooks';
import { PLATFORMS, envVars, keyKind, otlpEndpoint, snippet, type Platform } from './snippets';

type Kind = ReturnType<typeof keyKind>;

/** A tenant with no data yet: what to run, where to send it, and "first data received". */
export default function GetStartedPage() {
  const url = useUrlState();
  const session = useSignedIn();
  const platform = (PLATFORMS.find((p) => p.id === url.get('platform'))?.id ?? 'node') as Platform;
  const kind = keyKind(platform);
  // what the person typed is in the URL like every view's state (the key never is)
  const typed = url.get('service');
  const service = typed || 'checkout';
  const origin = url.get('origin');
  // the keys made on this page, one per kind: in memory only, gone when the page is left
  const [created, setCreated] = useState<Partial<Record<Kind, IssuedKey>>>({});
  const key = created[kind];
  const endpoint = otlpEndpoint(window.location, session.otlpUrl);
  const first = useFirstData();
  const arrived = first.data?.services ?? [];
  return (
    <section className="page">
      <h1>Get started</h1>
      <fieldset className="toolbar">
        <legend>Where does your data come from?</legend>
        {PLATFORMS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={p.id === platform}
            onClick={() => url.set({ platform: p.id }, true)}
          >
            {p.label}
          </button>
        ))}
      </fieldset>
      <div className="toolbar">
        <label>
          Service name
          <input
            value={typed}
            placeholder="checkout"
            onChange={(e) => url.set({ service: e.target.value }, true)}
          />
        </label>
        {platform === 'browser' && (
          <label>
            Your site's origin (the browser key works only from it)
            <input
              value={origin}
              placeholder="https://shop.example"
              onChange={(e) => url.set({ origin: e.target.value }, true)}
            />
          </label>
        )}
      </div>
      <h2>1. A key</h2>
      <KeyStep
        session={session}
        kind={kind}
        name={`${service} ${kind} key`}
        origin={origin.trim()}
        created={key}
        onCreated={(k) => setCreated((c) => ({ ...c, [kind]: k }))}
      />
      <h2>2. The endpoint and variables</h2>
      {kind === 'browser' ? (
        <p>
          The endpoint is <code>{endpoint}/v1/traces</code>; a web page sets no environment
          variables, so the snippet below carries the endpoint and the key.
        </p>
      ) : (
        <pre className="code" aria-label="Environment variables">
          {envVars(endpoint, service, key?.key)}
        </pre>
      )}
      <h2>3. Run it</h2>
      <pre className="code" aria-label="Snippet">
        {snippet(platform, endpoint, service, key?.origins[0] ?? origin, key?.key)}
      </pre>
      <h2>4. Data</h2>
      {first.error && <ErrorState error={first.error} retry={() => void first.refetch()} />}
      {arrived.length > 0 ? (
        <p role="status" className="ok">
          First data received from {arrived.map((s) => s.name).join(', ')}.{' '}
          <Link to="/services">See your services</Link>
        </p>
      ) : (
        <p role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> Waiting for the first data (checking every
          5 s)…
        </p>
      )}
    </section>
  );
}

/**
 * Admins create the key here (POST /api/v1/keys) and see its secret once; everyone else is told
 * to ask an admin: they get no control that would only answer 403.
 */
function KeyStep({
  session,
  kind,
  name,
  origin,
  created,
  onCreated,
}: {
  session: Session;
  kind: Kind;
  name: string;
  origin: string;
  created: IssuedKey | undefined;
  onCreated: (key: IssuedKey) => void;
}) {
  const create = useCreateKey();
  const what =
    kind === 'browser'
      ? `A browser key bound to ${origin || 'your origin'}: it can only send data, and only from there.`
      : 'An ingest key for your services or Collector: it can only send data.';
  if (!session.isAdmin) {
    return (
      <p>
        {what} Ask an admin of {session.tenant.name} for one: only admins make keys (you are{' '}
        {session.role === 'editor' ? 'an editor' : 'a viewer'}).
      </p>
    );
  }
  if (created) {
    return (
      <div className="key-once" role="status">
        <p>
          <strong>
            Your new {kind} key
            {created.origins.length > 0 && ` for ${created.origins.join(', ')}`}
          </strong>
          , shown this once: copy it now (
          {kind === 'browser'
            ? 'the snippet below carries'
            : 'the variables and snippet below carry'}{' '}
          it). It cannot be shown again; revoke it and make another if it is lost.
        </p>
        <pre className="code" aria-label="New key">
          {created.key}
        </pre>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
          Copy key
        </button>
      </div>
    );
  }
  return (
    <div>
      <p>{what}</p>
      <button
        type="button"
        className="primary"
        disabled={create.isPending || (kind === 'browser' && !origin)}
        title={kind === 'browser' && !origin ? "Type your site's origin first" : undefined}
        onClick={() =>
          create.mutate(kind === 'browser' ? { kind, name, origin } : { kind, name }, {
            onSuccess: onCreated,
          })
        }
      >
        {create.isPending ? 'Creating…' : `Create ${kind} key`}
      </button>
      {create.error && <ErrorState error={create.error} />}
    </div>
  );
}
