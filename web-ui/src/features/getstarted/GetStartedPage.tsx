import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/client';
import { PATHS } from '../../api/paths';
import type { ServiceList } from '../../api/types';
import { apiTime } from '../../ui/timeRange';
import { useUrlState } from '../../ui/urlState';
import { PLATFORMS, envVars, otlpEndpoint, snippet, type Platform } from './snippets';

const POLL_MS = 5000;

/** Polls for any service in the last 15 minutes until one arrives. */
function useFirstData() {
  return useQuery({
    queryKey: ['first-data'],
    queryFn: ({ signal }) => {
      const now = Date.now();
      return request<ServiceList>(PATHS.services, {
        signal,
        query: { from: apiTime(now - 15 * 60_000), to: apiTime(now) },
      });
    },
    refetchInterval: (q) => ((q.state.data?.services.length ?? 0) > 0 ? false : POLL_MS),
  });
}

/** A tenant with no data yet: what to run, where to send it, and "first data received". */
export default function GetStartedPage() {
  const url = useUrlState();
  const platform = (PLATFORMS.find((p) => p.id === url.get('platform'))?.id ?? 'node') as Platform;
  const [service, setService] = useState('checkout');
  const [origin, setOrigin] = useState('');
  const endpoint = otlpEndpoint(window.location);
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
          <input value={service} onChange={(e) => setService(e.target.value)} />
        </label>
        {platform === 'browser' && (
          <label>
            Your site's origin (the browser key works only from it)
            <input
              value={origin}
              placeholder="https://shop.example"
              onChange={(e) => setOrigin(e.target.value)}
            />
          </label>
        )}
      </div>
      <h2>1. A key</h2>
      <p>
        {platform === 'browser'
          ? `A browser key bound to ${origin || 'your origin'}: it can only send data, and only from there.`
          : 'An ingest key for your services or Collector.'}{' '}
        Ask an admin of this tenant for one (keys are made in the admin API today; making one here
        comes with key management).
      </p>
      <h2>2. The endpoint and variables</h2>
      <pre className="code" aria-label="Environment variables">
        {envVars(endpoint, service)}
      </pre>
      <h2>3. Run it</h2>
      <pre className="code" aria-label="Snippet">
        {snippet(platform, endpoint, service, origin)}
      </pre>
      <h2>4. Data</h2>
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
