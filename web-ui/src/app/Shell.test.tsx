import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderAt, SESSION } from '../test/render';
import { routes } from './routes';

const SERVICES = { from: '0', to: '1', stepNanos: '60', errorBoundPercent: 19, services: [] };

describe('the shell', () => {
  it('should_sendAPersonWithoutASession_toLoginWithNext', async () => {
    fakeApi({
      '/api/v1/me': { status: 401, body: { error: 'unauthorized', message: 'no session' } },
    });
    const { router } = renderAt(routes, '/traces?service=checkout');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Ftraces%3Fservice%3Dcheckout');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('should_nameTheNavigationItems_inOrder', async () => {
    fakeApi({ '/api/v1/me': { body: SESSION }, '/api/v1/services': { body: SERVICES } });
    renderAt(routes, '/services');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual([
      'Services',
      'Traces',
      'Logs',
      'Metrics',
      'Dashboards',
      'SLOs',
      'Alerts',
      'Uptime',
      'Settings',
    ]);
  });

  it('should_switchTenant_withTheCsrfToken', async () => {
    let switched = '';
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/services': { body: SERVICES },
      'POST /api/v1/auth/switch': (_url, init) => {
        switched = String(init.body);
        return { status: 204 };
      },
    });
    renderAt(routes, '/services');
    fireEvent.change(await screen.findByRole('combobox', { name: 'Tenant' }), {
      target: { value: 'globex' },
    });
    await waitFor(() => expect(switched).toBe('{"tenant":"globex"}'));
    const post = calls.find((c) => c.init.method === 'POST');
    expect((post?.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-123');
  });

  it('should_signOut_andGoToLogin', async () => {
    let me = 200;
    fakeApi({
      '/api/v1/me': () => (me === 200 ? { body: SESSION } : { status: 401, body: {} }),
      '/api/v1/services': { body: SERVICES },
      'POST /api/v1/auth/logout': () => {
        me = 401;
        return { status: 204 };
      },
    });
    const { router } = renderAt(routes, '/services');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
  });

  it('should_showUptimeAndSettings_asPagesNoLongerComing', async () => {
    fakeApi({ '/api/v1/me': { body: SESSION }, '/api/v1/endpoints': { body: [] } });
    renderAt(routes, '/uptime');
    expect(await screen.findByRole('heading', { name: 'Uptime' })).toBeTruthy();
    expect(await screen.findByText('No endpoints are monitored yet.')).toBeTruthy();
    expect(screen.queryByText('Coming soon.')).toBeNull();
  });
});

describe('a server without sign-in', () => {
  it('should_sayThatSignInIsMissing_whenMeIs404', async () => {
    fakeApi({});
    renderAt(routes, '/services');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This server has no sign-in yet (GET /api/v1/me is missing)',
    );
  });
});
