import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../ui/fieldErrors';
import { useSaveEndpoint } from './hooks';
import type { Endpoint } from './model';

const FIELDS = [
  'id',
  'name',
  'url',
  'regions',
  'method',
  'expectedStatus',
  'intervalMs',
  'quorum',
  'failureThreshold',
  'enabled',
] as const;

/** What the SSRF rule refuses, and why: shown with every form that takes a URL. */
export function SsrfRule() {
  return (
    <p className="muted" id="ssrf-rule">
      Obsera refuses targets inside private networks: a host that does not resolve, or that resolves
      to a loopback, link-local (such as the cloud metadata address 169.254.169.254), private,
      carrier-grade NAT, multicast or reserved address (also inside IPv6), is refused when you save
      and again before every check. Otherwise anyone who can add an endpoint could make the probes
      read your internal services and cloud credentials. Your operator can allow internal ranges
      with <code>OBSERA_TARGET_ALLOWLIST</code>.
    </p>
  );
}

/**
 * Create (no `endpoint`) or edit an endpoint: PUT /api/v1/endpoints/{id}; the API's errors appear
 * next to the field they name.
 */
export function EndpointForm({
  endpoint,
  onSaved,
  onCancel,
}: {
  endpoint?: Endpoint;
  onSaved: (e: Endpoint) => void;
  onCancel: () => void;
}) {
  const save = useSaveEndpoint();
  const [v, setV] = useState({
    id: endpoint?.id ?? '',
    name: endpoint?.name ?? '',
    url: endpoint?.url ?? 'https://',
    regions: (endpoint?.regions ?? ['eu-west', 'us-east', 'ap-south']).join(', '),
    method: endpoint?.method ?? 'GET',
    expectedStatus: endpoint?.expectedStatus ?? '200-299',
    intervalS: String((endpoint?.intervalMs ?? 30_000) / 1000),
    quorum: endpoint?.quorum !== undefined ? String(endpoint.quorum) : '',
    failureThreshold: String(endpoint?.failureThreshold ?? 2),
    enabled: endpoint?.enabled ?? true,
  });
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const error = save.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    const id = (endpoint?.id ?? v.id).trim();
    const body: Record<string, unknown> = {
      name: v.name.trim(),
      url: v.url.trim(),
      regions: v.regions
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
      method: v.method,
      expectedStatus: v.expectedStatus.trim(),
      intervalMs: Math.round(Number(v.intervalS) * 1000),
      failureThreshold: Number(v.failureThreshold),
      enabled: v.enabled,
    };
    if (v.quorum.trim()) body.quorum = Number(v.quorum);
    save.mutate({ id, body }, { onSuccess: onSaved });
  }

  return (
    <form
      className="form"
      aria-label={endpoint ? `Edit ${endpoint.name}` : 'Add an endpoint'}
      onSubmit={submit}
    >
      {!endpoint && (
        <Field
          label="Id"
          field="id"
          error={error}
          hint="Letters, digits and '-'; part of this endpoint's address, cannot change later."
        >
          {(p) => (
            <input {...p} required value={v.id} onChange={(e) => set({ id: e.target.value })} />
          )}
        </Field>
      )}
      <Field label="Name" field="name" error={error}>
        {(p) => (
          <input {...p} required value={v.name} onChange={(e) => set({ name: e.target.value })} />
        )}
      </Field>
      <Field
        label="URL"
        field="url"
        error={error}
        hint={<a href="#ssrf-rule">Which URLs are refused</a>}
      >
        {(p) => (
          <input
            {...p}
            type="url"
            required
            value={v.url}
            onChange={(e) => set({ url: e.target.value })}
          />
        )}
      </Field>
      <Field
        label="Regions"
        field="regions"
        error={error}
        hint="Comma-separated probe regions, e.g. eu-west, us-east, ap-south."
      >
        {(p) => (
          <input {...p} value={v.regions} onChange={(e) => set({ regions: e.target.value })} />
        )}
      </Field>
      <Field label="Method" field="method" error={error}>
        {(p) => (
          <select {...p} value={v.method} onChange={(e) => set({ method: e.target.value })}>
            {['GET', 'HEAD', 'POST', 'PUT'].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Expected status"
        field="expectedStatus"
        error={error}
        hint="Codes and ranges, e.g. 200-299 or 200,301-302."
      >
        {(p) => (
          <input
            {...p}
            value={v.expectedStatus}
            onChange={(e) => set({ expectedStatus: e.target.value })}
          />
        )}
      </Field>
      <Field label="Interval (seconds)" field="intervalMs" error={error}>
        {(p) => (
          <input
            {...p}
            type="number"
            min="1"
            value={v.intervalS}
            onChange={(e) => set({ intervalS: e.target.value })}
          />
        )}
      </Field>
      <Field
        label="Quorum"
        field="quorum"
        error={error}
        hint="Regions that must fail for an outage (default: 2, or 1 with one region)."
      >
        {(p) => (
          <input
            {...p}
            type="number"
            min="1"
            value={v.quorum}
            onChange={(e) => set({ quorum: e.target.value })}
          />
        )}
      </Field>
      <Field
        label="Failures in a row"
        field="failureThreshold"
        error={error}
        hint="Consecutive failed checks before a region counts as failing."
      >
        {(p) => (
          <input
            {...p}
            type="number"
            min="1"
            value={v.failureThreshold}
            onChange={(e) => set({ failureThreshold: e.target.value })}
          />
        )}
      </Field>
      <label className="inline">
        <input
          type="checkbox"
          checked={v.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
        />{' '}
        Enabled
      </label>
      <SsrfRule />
      <FormError error={error} fields={FIELDS} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : endpoint ? 'Save endpoint' : 'Add endpoint'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
