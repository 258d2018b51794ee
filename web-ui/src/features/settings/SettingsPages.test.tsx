import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const ADMIN = { ...SESSION, role: 'ADMIN' };
const VIEWER = { ...SESSION, role: 'viewer' };
/** A row of GET /api/v1/members. */
const member = (userId: string, name: string, role: string, mfaEnabled: boolean) => ({
  userId,
  email: `${name.toLowerCase()}@example.com`,
  name,
  role,
  mfaEnabled,
});
const SETTINGS = { tenantId: 'acme', timeZone: 'UTC', retentionDays: null, maxRetentionDays: 90 };

describe('settings', () => {
  it('should_changeARole_andShowTheInviteLinkWhenNotMailed', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/members': {
        body: { items: [{ userId: 'u1', email: 'bob@example.com', name: 'Bob', role: 'EDITOR' }] },
      },
      '/api/v1/invites': { body: { items: [] } },
      'PUT /api/v1/members/u1': { body: { userId: 'u1', role: 'VIEWER' } },
      'POST /api/v1/invites': (_, init) => ({
        status: 201,
        body: {
          id: 'i1',
          ...JSON.parse(String(init.body)),
          expiresAt: '2026-12-13T00:00:00Z',
          inviteUrl: 'http://localhost/invite/tok',
          emailed: false,
        },
      }),
    });
    const { router } = renderAt(routes, '/settings');
    const role = await screen.findByLabelText('Role of Bob');
    expect(router.state.location.pathname).toBe('/settings/members');
    fireEvent.change(role, { target: { value: 'VIEWER' } });
    await waitFor(() =>
      expect(
        calls.some((c) => c.init.method === 'PUT' && c.init.body === '{"role":"VIEWER"}'),
      ).toBe(true),
    );
    const form = screen.getByRole('form', { name: 'Invite a member' });
    fireEvent.change(within(form).getByLabelText('Email'), {
      target: { value: 'eve@example.com' },
    });
    fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'VIEWER' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send invite' }));
    expect((await screen.findByLabelText('Invite link')).textContent).toBe(
      'http://localhost/invite/tok',
    );
    expect(screen.getByRole('button', { name: 'Copy invite link' })).toBeTruthy();
  });

  it('should_resetAMembersTwoStepSignIn_onlyAfterConfirming_andNotOnesOwn', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/members': {
        body: {
          items: [member('u0', 'Ada', 'ADMIN', true), member('u1', 'Bob', 'EDITOR', true)],
        },
      },
      '/api/v1/invites': { body: { items: [] } },
      'DELETE /api/v1/members/u1/totp': { status: 204 },
    });
    renderAt(routes, '/settings/members');
    const reset = await screen.findByRole('button', { name: 'Reset two-step sign-in of Bob' });
    expect(screen.queryByRole('button', { name: 'Reset two-step sign-in of Ada' })).toBeNull();
    expect(screen.getByText(/Yours: Account security/)).toBeTruthy();
    fireEvent.click(reset);
    expect(calls.some((c) => c.init.method === 'DELETE')).toBe(false);
    expect(screen.getByText(/sign in with their password alone/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, reset two-step sign-in of Bob' }));
    await screen.findByText(/Bob sets it up again at the next sign-in/);
    expect(
      calls.some((c) => c.init.method === 'DELETE' && c.url.pathname === '/api/v1/members/u1/totp'),
    ).toBe(true);
  });

  it('should_showWhoHasTwoStepSignIn_andOfferTheResetOnlyWhereItIsOn', async () => {
    fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/members': {
        body: {
          items: [
            member('u0', 'Ada', 'ADMIN', false),
            member('u1', 'Bob', 'EDITOR', true),
            member('u2', 'Cy', 'VIEWER', false),
          ],
        },
      },
      '/api/v1/invites': { body: { items: [] } },
    });
    renderAt(routes, '/settings/members');
    const table = await screen.findByRole('table', { name: 'Members' });
    const header = within(table).getByRole('columnheader', { name: 'MFA' });
    const column = within(header.closest('tr') as HTMLElement)
      .getAllByRole('columnheader')
      .indexOf(header);
    const mfaOf = (name: string) =>
      within(
        within(table).getByRole('rowheader', { name }).closest('tr') as HTMLElement,
      ).getAllByRole('cell')[
        // the row header is the first cell of the row
        column - 1
      ].textContent;
    expect(mfaOf('Ada')).toMatch(/^Off/);
    expect(mfaOf('Bob')).toMatch(/^On/);
    expect(mfaOf('Cy')).toMatch(/^Off/);
    expect(screen.getByRole('button', { name: 'Reset two-step sign-in of Bob' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reset two-step sign-in of Cy' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reset two-step sign-in of Ada' })).toBeNull();
  });

  it('should_sayWhenAMemberHasNoTwoStepSignInToReset', async () => {
    fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/members': {
        // a list from before the member turned it off themselves
        body: {
          items: [member('u1', 'Bob', 'EDITOR', true)],
        },
      },
      '/api/v1/invites': { body: { items: [] } },
      'DELETE /api/v1/members/u1/totp': {
        status: 404,
        body: { error: 'not_found', message: 'u1 has no multi-factor sign-in to reset' },
      },
    });
    renderAt(routes, '/settings/members');
    fireEvent.click(await screen.findByRole('button', { name: 'Reset two-step sign-in of Bob' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, reset two-step sign-in of Bob' }));
    expect(
      (await screen.findByText(/no multi-factor sign-in to reset/)).closest('[role=alert]'),
    ).toBeTruthy();
  });

  it('should_showANewKeysSecretOnce_andRevokeOnlyAfterConfirming', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/keys': {
        body: {
          items: [
            {
              keyId: 'k1',
              name: 'ci',
              scopes: ['query'],
              origins: [],
              role: 'VIEWER',
              createdAt: '2026-12-01T00:00:00Z',
              revokedAt: null,
            },
          ],
        },
      },
      'POST /api/v1/keys': (_, init) => ({
        status: 201,
        body: {
          keyId: 'k2',
          ...JSON.parse(String(init.body)),
          origins: [],
          createdAt: '2026-12-06T00:00:00Z',
          revokedAt: null,
          key: 'obs_secret_once',
        },
      }),
      'DELETE /api/v1/keys/k1': { status: 204 },
    });
    renderAt(routes, '/settings/keys');
    const form = await screen.findByRole('form', { name: 'Create an API key' });
    fireEvent.change(within(form).getByLabelText('Key name'), { target: { value: 'grafana' } });
    fireEvent.change(within(form).getByLabelText('Key role'), { target: { value: 'EDITOR' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));
    expect((await screen.findByLabelText('New key')).textContent).toBe('obs_secret_once');
    const post = calls.find((c) => c.init.method === 'POST');
    expect(post).toBeDefined();
    expect(JSON.parse(String(post?.init.body))).toEqual({
      name: 'grafana',
      scopes: ['query'],
      role: 'EDITOR',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Revoke ci' }));
    expect(calls.some((c) => c.init.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke ci' }));
    await waitFor(() =>
      expect(calls.some((c) => c.init.method === 'DELETE' && c.url.pathname.endsWith('/k1'))).toBe(
        true,
      ),
    );
  });

  it('should_putAuditFiltersInTheUrl_andExportTheSameAsCsv', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/audit': {
        body: {
          items: [
            {
              id: 'e1',
              time: '2026-12-06T10:00:00Z',
              actor: 'user:u1',
              action: 'PUT /api/v1/settings',
              object: '',
              outcome: 200,
              detail: '{"timeZone":"Europe/Berlin"}',
              clientAddress: '127.0.0.1',
            },
          ],
          nextCursor: null,
        },
      },
    });
    const { router } = renderAt(routes, '/settings/audit');
    await screen.findByText('PUT /api/v1/settings');
    fireEvent.change(screen.getByLabelText('Actor'), { target: { value: 'user:u1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(router.state.location.search).toContain('actor=user%3Au1'));
    await waitFor(() =>
      expect(calls.some((c) => c.url.searchParams.get('actor') === 'user:u1')).toBe(true),
    );
    const csv = screen.getByRole('link', { name: 'Export as CSV' }).getAttribute('href') ?? '';
    expect(csv).toContain('format=csv');
    expect(csv).toContain('actor=user%3Au1');
  });

  it('should_showTheApisErrorNextToTheFieldItNames', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/settings': { body: SETTINGS },
      'PUT /api/v1/settings': {
        status: 400,
        body: {
          error: 'bad_request',
          message:
            "field 'timeZone' must be an IANA time zone such as Europe/Berlin or UTC, got: Mars/Olympus",
        },
      },
    });
    renderAt(routes, '/settings/general');
    const zone = await screen.findByLabelText('Time zone');
    const days = screen.getByLabelText('Retention (days)');
    expect(days.getAttribute('max')).toBe('90');
    expect(screen.getByText(/1 to 90 days/)).toBeTruthy();
    fireEvent.change(zone, { target: { value: 'Mars/Olympus' } });
    fireEvent.change(days, { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText(/got: Mars\/Olympus/);
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(days.getAttribute('aria-invalid')).toBe('false');
    const put = calls.find((c) => c.init.method === 'PUT');
    expect(put).toBeDefined();
    expect(JSON.parse(String(put?.init.body))).toEqual({
      timeZone: 'Mars/Olympus',
      retentionDays: 60,
    });
  });

  it('should_showAViewerNoEditControls_andAskNoAdminList', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: VIEWER },
      '/api/v1/settings': { body: SETTINGS },
    });
    renderAt(routes, '/settings/general');
    expect((await screen.findByLabelText('Time zone')).hasAttribute('readonly')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Members' }));
    await screen.findByText(/Only admins of this tenant see and manage members/);
    expect(screen.queryByRole('form', { name: 'Invite a member' })).toBeNull();
    expect(calls.some((c) => c.url.pathname === '/api/v1/members')).toBe(false);
  });
});
