import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

describe('signing in', () => {
  it('should_postTheCredentials_andReturnToNext', async () => {
    let signedIn = false;
    let body = '';
    fakeApi({
      '/api/v1/me': () => (signedIn ? { body: SESSION } : { status: 401, body: {} }),
      'POST /api/v1/auth/login': (_u, init) => {
        body = String(init.body);
        signedIn = true;
        return { status: 204 };
      },
      '/api/v1/logs': { body: { logs: [], nextCursor: null } },
      '/api/v1/logs/histogram': { body: { buckets: [] } },
    });
    const { router } = renderAt(routes, '/login?next=%2Flogs%3Fq%3Dtimeout');
    fireEvent.change(await screen.findByLabelText('Email'), {
      target: { value: 'ada@example.com' },
    });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/logs'));
    expect(router.state.location.search).toBe('?q=timeout');
    expect(JSON.parse(body)).toEqual({ email: 'ada@example.com', password: 'correct horse' });
  });

  it('should_showTheApisMessage_onWrongCredentials', async () => {
    fakeApi({
      '/api/v1/me': { status: 401, body: {} },
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: 'unauthorized', message: 'wrong email or password' },
      },
    });
    const { router } = renderAt(routes, '/login');
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'a@b.c' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('wrong email or password');
    expect(router.state.location.pathname).toBe('/login');
  });

  it('should_acceptAnInvite_withNameAndPassword', async () => {
    let accepted = '';
    fakeApi({
      '/api/v1/invites/tok1': {
        body: { email: 'bo@example.com', tenant: { id: 'acme', name: 'Acme' }, role: 'viewer' },
      },
      'POST /api/v1/invites/tok1/accept': (_u, init) => {
        accepted = String(init.body);
        return { status: 204 };
      },
      '/api/v1/me': () => (accepted ? { body: SESSION } : { status: 401, body: {} }),
      '/api/v1/services': { body: { services: [] } },
    });
    const { router } = renderAt(routes, '/invite/tok1');
    expect(await screen.findByRole('heading', { name: 'Join Acme' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Bo' } });
    fireEvent.change(screen.getByLabelText('New password'), {
      target: { value: 'long enough pw' },
    });
    fireEvent.change(screen.getByLabelText('Repeat the password'), {
      target: { value: 'long enough pw' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Accept invitation' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/services'));
    expect(JSON.parse(accepted)).toEqual({ name: 'Bo', password: 'long enough pw' });
  });

  it('should_askForTheCode_whenTheApiAnswersMfaRequired_thenSendItWithThePassword', async () => {
    const bodies: unknown[] = [];
    let signedIn = false;
    fakeApi({
      '/api/v1/me': () => (signedIn ? { body: SESSION } : { status: 401, body: {} }),
      'POST /api/v1/auth/login': (_u, init) => {
        const body = JSON.parse(String(init.body)) as { totp?: string; recoveryCode?: string };
        bodies.push(body);
        if (!body.totp && !body.recoveryCode) {
          return {
            status: 401,
            body: { error: 'mfa_required', message: 'give the code', mfaRequired: true },
          };
        }
        if (body.totp === '111111') {
          return { status: 401, body: { error: 'unauthorized', message: 'wrong or already used' } };
        }
        signedIn = true;
        return { body: SESSION };
      },
      '/api/v1/services': { body: { services: [] } },
    });
    const { router } = renderAt(routes, '/login');
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'a@b.c' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Two-step verification' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull(); // asking for the code is no error
    fireEvent.change(screen.getByLabelText('Authentication code'), {
      target: { value: '111111' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('wrong or already used');
    fireEvent.change(screen.getByLabelText('Authentication code'), {
      target: { value: '287 082' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/services'));
    expect(bodies[2]).toEqual({ email: 'a@b.c', password: 'pw', totp: '287082' });
  });

  it('should_signInWithARecoveryCode_insteadOfTheAppsCode', async () => {
    let sent: unknown = null;
    fakeApi({
      '/api/v1/me': () => (sent ? { body: SESSION } : { status: 401, body: {} }),
      'POST /api/v1/auth/login': (_u, init) => {
        const body = JSON.parse(String(init.body)) as { recoveryCode?: string };
        if (!body.recoveryCode) {
          return {
            status: 401,
            body: { error: 'mfa_required', message: 'code', mfaRequired: true },
          };
        }
        sent = body;
        return { body: SESSION };
      },
      '/api/v1/services': { body: { services: [] } },
    });
    const { router } = renderAt(routes, '/login');
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'a@b.c' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    fireEvent.change(screen.getByLabelText('Recovery code'), {
      target: { value: ' abcd-efgh-ijkl-mnop ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/services'));
    expect(sent).toEqual({ email: 'a@b.c', password: 'pw', recoveryCode: 'abcd-efgh-ijkl-mnop' });
  });
});
