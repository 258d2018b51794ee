import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { controls, unnamed } from '../test/controls';
import { fakeApi, renderAt, SESSION } from '../test/render';
import { SSO } from '../test/sso';
import { routes } from './routes';

const LOG = {
  timeUnixNano: '1700000000000000000',
  severityText: 'ERROR',
  severityNumber: 17,
  serviceName: 'checkout',
  body: 'payment gateway timeout',
  traceId: 'abc',
  spanId: 's1',
  attributes: {},
};

const METRICS = {
  metrics: [
    {
      name: 'http.server.duration',
      type: 'HISTOGRAM',
      unit: 'ms',
      description: '',
      services: ['checkout'],
      points: 2,
      attributes: [{ key: 'http.route', topValues: ['/cart'] }],
      link: '',
    },
  ],
};

const DASHBOARD = {
  id: 'checkout',
  title: 'Checkout',
  variables: [{ name: 'service', type: 'service' }],
  panels: [
    {
      id: 'count',
      title: 'Count',
      kind: 'sql',
      display: 'stat',
      sql: 'SELECT count() AS n FROM otel_logs WHERE ServiceName = {service:String}',
      params: { service: 'String' },
      layout: { x: 0, y: 0, w: 6, h: 4 },
    },
    {
      id: 'recent',
      title: 'Recent logs',
      kind: 'logs',
      service: '$service',
      layout: { x: 6, y: 0, w: 6, h: 4 },
    },
  ],
};

/** Every page's answers: enough for each to draw its controls. */
const API = {
  '/api/v1/me': { body: { ...SESSION, role: 'ADMIN' } },
  '/api/v1/services': {
    body: { from: '0', to: '1', stepNanos: '60', errorBoundPercent: 19, services: [] },
  },
  '/api/v1/traces': { body: { traces: [], nextCursor: null } },
  '/api/v1/logs': { body: { logs: [LOG], nextCursor: null } },
  '/api/v1/logs/histogram': { body: { buckets: [] } },
  '/api/v1/metrics/names': { body: METRICS },
  '/api/v1/metrics/query': {
    body: {
      name: 'http.server.duration',
      type: 'HISTOGRAM',
      agg: 'p95',
      stepNanos: '18000000000',
      series: [{ labels: {}, points: [{ timeUnixNano: '1700000000000000000', value: 10 }] }],
    },
  },
  '/api/v1/timeline': { body: { items: [] } },
  '/api/v1/me/totp': {
    body: {
      enabled: true,
      pending: false,
      verifiedAt: null,
      recoveryCodesLeft: 10,
      tenantRequiresMfa: false,
    },
  },
  '/api/v1/auth/policy': { body: { mfaRequired: true, updatedAt: null, updatedBy: null } },
  '/api/v1/sso': { body: SSO },
  '/api/v1/dashboards': { body: { dashboards: [DASHBOARD] } },
  '/api/v1/dashboards/checkout': { body: DASHBOARD },
  '/api/v1/dashboards/checkout/panels/count/run': {
    body: { columns: [{ name: 'n', type: 'UInt64' }], rows: [['3']], rowCount: 1 },
  },
};

describe('accessible names', () => {
  it.each([
    ['/services', 'Services'],
    ['/traces', 'Traces'],
    ['/logs?q=timeout', 'Logs'],
    ['/metrics?metric=http.server.duration', 'Metrics'],
    ['/timeline?service=checkout', /timeline/i],
    ['/get-started?platform=browser', 'Get started'],
    ['/account/security', 'Account security'],
    ['/dashboards', 'Dashboards'],
    ['/dashboards/checkout?var-service=checkout', 'Checkout'],
    ['/settings/sign-in', 'Settings'],
  ])('should_nameEveryControl_on %s', async (url, heading) => {
    fakeApi(API);
    renderAt(routes, url);
    await screen.findByRole('heading', { name: heading, level: 1 });
    await waitFor(() => expect(screen.queryByText(/Loading/)).toBeNull());
    expect(controls()).toBeGreaterThan(10);
    expect(unnamed()).toEqual([]);
  });

  it('should_nameEveryControl_onTheSignInPage', async () => {
    fakeApi({ '/api/v1/me': { status: 401, body: { error: 'unauthorized', message: 'none' } } });
    renderAt(routes, '/login');
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(unnamed()).toEqual([]);
  });

  it('should_findAControlWithoutAName', () => {
    render(
      <div>
        <button type="button">
          <svg aria-hidden="true" />
        </button>
        <input />
        <label>
          Named <input />
        </label>
      </div>,
    );
    expect(unnamed()).toHaveLength(2);
  });
});
