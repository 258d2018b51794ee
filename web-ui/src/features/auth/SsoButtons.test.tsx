import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt } from '../../test/render';

describe('single sign-on on the sign-in page', () => {
  it('should_offerTheTenantsProviders_fromAuthMethods', async () => {
    const calls = fakeApi({
      '/api/v1/me': { status: 401, body: {} },
      '/api/v1/auth/methods': {
        body: {
          tenant: 'acme',
          password: false,
          sso: [
            { provider: 'oidc', startUrl: '/api/v1/auth/oidc/acme/start' },
            { provider: 'github', startUrl: '/api/v1/auth/github/acme/start' },
            { provider: 'evil', startUrl: 'https://evil.example/start' },
          ],
        },
      },
    });
    renderAt(routes, '/login?tenant=acme');

    const oidc = await screen.findByRole('link', {
      name: 'Sign in with single sign-on (OpenID Connect)',
    });
    expect(oidc.getAttribute('href')).toBe('/api/v1/auth/oidc/acme/start');
    expect(screen.getByRole('link', { name: 'Sign in with GitHub' }).getAttribute('href')).toBe(
      '/api/v1/auth/github/acme/start',
    );
    expect(screen.queryByRole('link', { name: /evil/ })).toBeNull();
    expect(screen.getByText(/passwords are refused/)).toBeTruthy();
    const asked = calls.find((c) => c.url.pathname === '/api/v1/auth/methods');
    expect(asked?.url.searchParams.get('tenant')).toBe('acme');
  });

  it('should_askNothing_withoutATenant', async () => {
    const calls = fakeApi({ '/api/v1/me': { status: 401, body: {} } });
    renderAt(routes, '/login');

    await screen.findByLabelText('Password');
    expect(screen.queryByRole('navigation', { name: 'Single sign-on' })).toBeNull();
    expect(calls.some((c) => c.url.pathname === '/api/v1/auth/methods')).toBe(false);
  });
});
