import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { controls, unnamed } from '../../test/controls';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const SLO = {
  id: 'c',
  name: 'Checkout',
  kind: 'AVAILABILITY',
  service: 'c',
  objective: 0.99,
  period: 'ROLLING_30D',
};
const API = {
  '/api/v1/me': { body: { ...SESSION, role: 'ADMIN' } },
  '/api/v1/slos': { body: [SLO] },
  '/api/v1/slos/c': { body: SLO },
  '/api/v1/alerts': { body: { alerts: [], nextCursor: null } },
  '/api/v1/alert-rules': {
    body: [{ id: 'r', name: 'R', kind: 'NO_DATA', signal: 'REQUEST_RATE' }],
  },
  '/api/v1/silences': { body: [] },
  '/api/v1/channels': { body: [{ id: 'ops', name: 'Ops', type: 'WEBHOOK', channel: {} }] },
  '/api/v1/alert-routing': {
    body: { routes: [{ matchers: [], channels: ['ops'] }], defaultChannels: [], default: false },
  },
};

describe('accessible names on the SLO and alert pages', () => {
  it.each([
    ['/slos', 'SLOs', 3],
    ['/slos/new', 'New SLO', 10],
    ['/slos/c/edit', 'Edit SLO', 10],
    ['/alerts', 'Alerts', 8],
    ['/alerts/silences/new', 'Alerts', 10],
    ['/alerts/rules', 'Alerts', 8],
    ['/alerts/rules/new', 'Alerts', 15],
    ['/alerts/channels', 'Alerts', 8],
    ['/alerts/channels/new', 'Alerts', 10],
    ['/alerts/routing', 'Alerts', 10],
  ])('should_nameEveryControl_on %s', async (url, heading, atLeast) => {
    fakeApi(API);
    renderAt(routes, url);
    await screen.findByRole('heading', { name: heading, level: 1 });
    await waitFor(() => expect(screen.queryByText(/Loading/)).toBeNull());
    expect(controls()).toBeGreaterThan(atLeast);
    expect(unnamed()).toEqual([]);
  });
});
