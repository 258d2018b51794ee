import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const OFF = {
  enabled: false,
  pending: false,
  verifiedAt: null,
  recoveryCodesLeft: 0,
  tenantRequiresMfa: false,
};
const ON = { ...OFF, enabled: true, verifiedAt: '2026-12-06T16:00:00Z', recoveryCodesLeft: 9 };
const CODES = Array.from({ length: 10 }, (_, i) => `abc${i}-defg-hijk-lmno`);
const ENROLMENT = {
  otpauthUri: 'otpauth://totp/Obsera:ada%40example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Obsera',
  secret: 'GEZDGNBVGY3TQOJQ',
  recoveryCodes: CODES,
};

describe('account security', () => {
  it('should_enrol_showTheQrCodeAndRecoveryCodesOnce_andVerifyTheFirstCode', async () => {
    let enabled = false;
    let verified = '';
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      'GET /api/v1/me/totp': () => ({ body: enabled ? ON : OFF }),
      'POST /api/v1/me/totp': { status: 201, body: ENROLMENT },
      'POST /api/v1/me/totp/verify': (_u, init) => {
        verified = String(init.body);
        if (verified.includes('000000')) {
          return {
            status: 403,
            body: { error: 'forbidden', message: 'wrong or already used code' },
          };
        }
        enabled = true;
        return { body: { enabled: true, recoveryCodesLeft: 10 } };
      },
    });
    renderAt(routes, '/account/security');
    fireEvent.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    expect(
      await screen.findByRole('img', { name: 'QR code for your authenticator app' }),
    ).toBeTruthy();
    expect((screen.getByLabelText('Setup key') as HTMLInputElement).value).toBe(ENROLMENT.secret);
    expect((screen.getByLabelText('Setup link (otpauth URI)') as HTMLInputElement).value).toBe(
      ENROLMENT.otpauthUri,
    );
    const list = screen.getByRole('list', { name: 'Recovery codes' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(CODES);

    fireEvent.change(screen.getByLabelText('Code from your app'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-step verification' }));
    expect((await screen.findByRole('alert')).textContent).toContain('wrong or already used');
    fireEvent.change(screen.getByLabelText('Code from your app'), { target: { value: '287 082' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-step verification' }));
    expect(await screen.findByText('Two-step verification is on.')).toBeTruthy();
    expect(JSON.parse(verified)).toEqual({ code: '287082' });
    // the codes stay on screen until the person leaves; the API never shows them again
    expect(screen.getByRole('list', { name: 'Recovery codes' })).toBeTruthy();
    const verify = calls.find((c) => c.url.pathname === '/api/v1/me/totp/verify');
    expect(new Headers(verify?.init.headers).get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('should_turnItOff_onlyWithAFreshCodeOrARecoveryCode', async () => {
    let enabled = true;
    let sent: unknown = null;
    fakeApi({
      '/api/v1/me': { body: { ...SESSION, mfaEnabled: enabled } },
      'GET /api/v1/me/totp': () => ({ body: enabled ? ON : OFF }),
      'DELETE /api/v1/me/totp': (_u, init) => {
        sent = JSON.parse(String(init.body));
        enabled = false;
        return { status: 204 };
      },
    });
    renderAt(routes, '/account/security');
    expect(await screen.findByText('Two-step verification is on.')).toBeTruthy();
    expect(screen.getByText(/9 recovery codes left/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    fireEvent.change(screen.getByLabelText('Recovery code'), {
      target: { value: 'abc1-defg-hijk-lmno' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Turn off two-step verification' }));
    expect(await screen.findByRole('button', { name: 'Set up an authenticator app' })).toBeTruthy();
    expect(sent).toEqual({ recoveryCode: 'abc1-defg-hijk-lmno' });
  });

  it('should_leadAMemberThroughEnrolment_whenTheTenantRequiresIt_andNowhereElse', async () => {
    let restricted = true;
    fakeApi({
      '/api/v1/me': () => ({
        body: {
          ...SESSION,
          csrfToken: restricted ? 'csrf-r' : 'csrf-full',
          mfaEnrolmentRequired: restricted,
        },
      }),
      'GET /api/v1/me/totp': { body: { ...OFF, tenantRequiresMfa: true } },
      'POST /api/v1/me/totp': { status: 201, body: ENROLMENT },
      'POST /api/v1/me/totp/verify': () => {
        restricted = false;
        return { body: { ...SESSION, csrfToken: 'csrf-full' } };
      },
      '/api/v1/services': { body: { services: [] } },
    });
    const { router } = renderAt(routes, '/traces');
    await waitFor(() => expect(router.state.location.pathname).toBe('/account/security'));
    expect(await screen.findByText('Acme requires two-step verification.')).toBeTruthy();
    // any other page leads back here
    await router.navigate('/logs');
    await waitFor(() => expect(router.state.location.pathname).toBe('/account/security'));
    fireEvent.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    fireEvent.change(await screen.findByLabelText('Code from your app'), {
      target: { value: '123456' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-step verification' }));
    expect(await screen.findByText('Two-step verification is on.')).toBeTruthy();
    await waitFor(() =>
      expect(screen.queryByText('Acme requires two-step verification.')).toBeNull(),
    );
    fireEvent.click(screen.getByRole('link', { name: 'Continue' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/services'));
  });

  it('should_nameEveryControl_whileEnrolling', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      'GET /api/v1/me/totp': { body: OFF },
      'POST /api/v1/me/totp': { status: 201, body: ENROLMENT },
    });
    renderAt(routes, '/account/security');
    fireEvent.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    await screen.findByLabelText('Code from your app');
    for (const role of ['button', 'link', 'textbox'] as const) {
      expect(screen.queryAllByRole(role, { name: (n) => n.trim() === '' })).toEqual([]);
    }
  });
});
