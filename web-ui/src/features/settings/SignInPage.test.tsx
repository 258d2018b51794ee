import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION, type FakeCall } from '../../test/render';
import { SSO as STORED } from '../../test/sso';

const ADMIN = { ...SESSION, role: 'ADMIN' };
const POLICY = { mfaRequired: false, updatedAt: null, updatedBy: null };
/** The operator's OBSERA_PUBLIC_URL: another host than the page's (a proxy). */
const PUBLIC = 'https://obsera.example.com';

/** GET /api/v1/auth/methods of tenant acme on a server reached at `base` (null: no public URL). */
const methods = (base: string | null, requestBase = 'http://10.0.0.5:8080') => {
  const at = base ?? requestBase;
  const saml = base && `${base}/api/v1/auth/saml/acme`;
  return {
    tenant: 'acme',
    password: true,
    sso: [],
    serviceProvider: {
      entityId: saml && `${saml}/metadata`,
      acsUrl: saml && `${saml}/acs`,
      metadataUrl: saml && `${saml}/metadata`,
      oidcCallbackUrl: `${at}/api/v1/auth/oidc/callback`,
      githubCallbackUrl: `${at}/api/v1/auth/github/callback`,
      signInUrl: `${at}/login?tenant=acme`,
    },
  };
};

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const putBody = (calls: FakeCall[], p: string) => {
  const put = calls.find((c) => c.init.method === 'PUT' && c.url.pathname === p);
  expect(put).toBeDefined();
  return JSON.parse(String(put?.init.body)) as Record<string, unknown>;
};

/** The stored configuration, and a PUT answered 400 with `message`. */
function refusingSave(message: string) {
  fakeApi({
    '/api/v1/me': { body: ADMIN },
    '/api/v1/auth/policy': { body: POLICY },
    '/api/v1/auth/methods': { body: methods(PUBLIC) },
    '/api/v1/sso': { body: STORED },
    'PUT /api/v1/sso': { status: 400, body: { error: 'bad_request', message } },
  });
  renderAt(routes, '/settings/sign-in');
}

describe('settings: sign-in', () => {
  it('should_loadEachProviderSection_andNeverShowAStoredSecret', async () => {
    fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/auth/policy': { body: POLICY },
      '/api/v1/auth/methods': { body: methods(PUBLIC) },
      '/api/v1/sso': { body: STORED },
    });
    renderAt(routes, '/settings/sign-in');
    expect((await screen.findByLabelText('OIDC issuer')).getAttribute('value')).toBe(
      'https://idp.example.com',
    );
    expect(input('OIDC client id').value).toBe('obsera-web');
    expect(input('GitHub client id').value).toBe('gh-client');
    expect(input('GitHub organisation').value).toBe('acme-inc');
    expect(input('Team 1').value).toBe('acme-inc/sre');
    expect(input('Role of team 1').value).toBe('ADMIN');
    expect(input('IdP metadata URL').value).toBe('https://saml.example.com/metadata');
    expect(input('SAML groups attribute').value).toBe('memberOf');
    expect(input('Allowed email domains').value).toBe('example.com');
    expect(input('Just-in-time provisioning').checked).toBe(true);
    expect(input('Group 1').value).toBe('engineers');
    expect(input('Role of group 1').value).toBe('EDITOR');
    for (const label of ['OIDC client secret', 'GitHub client secret']) {
      expect(input(label).type).toBe('password');
      expect(input(label).value).toBe('');
      expect(screen.getByLabelText(label).getAttribute('aria-describedby')).toBeTruthy();
    }
    expect(screen.getAllByText(/A secret is stored and never shown: leave empty/)).toHaveLength(2);
    // the mask is nowhere: not in a field, not in the text
    expect(document.body.innerHTML).not.toContain('***');
    const values = [...document.querySelectorAll('input, textarea')].map(
      (e) => (e as HTMLInputElement).value,
    );
    expect(values).not.toContain('***');
  });

  it('should_saveEachProviderSection_leavingOutSecretsNotRetyped', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/auth/policy': { body: POLICY },
      '/api/v1/auth/methods': { body: methods(PUBLIC) },
      '/api/v1/sso': { body: STORED },
      'PUT /api/v1/sso': (_, init) => ({
        body: { ...STORED, ...JSON.parse(String(init.body)), updatedAt: '2026-12-06T11:00:00Z' },
      }),
    });
    renderAt(routes, '/settings/sign-in');
    fireEvent.change(await screen.findByLabelText('OIDC client id'), {
      target: { value: 'obsera-web-2' },
    });
    fireEvent.change(input('GitHub client secret'), { target: { value: 'gh-new-secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add team mapping' }));
    fireEvent.change(input('Team 2'), { target: { value: 'acme-inc/dev' } });
    fireEvent.change(input('Role of team 2'), { target: { value: 'EDITOR' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove group 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add group mapping' }));
    fireEvent.change(input('Group 1'), { target: { value: 'admins' } });
    fireEvent.change(input('Role of group 1'), { target: { value: 'ADMIN' } });
    fireEvent.change(input('Allowed email domains'), {
      target: { value: 'example.com, example.org' },
    });
    fireEvent.click(input('Single sign-on required'));
    fireEvent.click(screen.getByRole('button', { name: 'Save single sign-on' }));
    await screen.findByText('Saved single sign-on.');
    expect(putBody(calls, '/api/v1/sso')).toEqual({
      oidc: {
        issuer: 'https://idp.example.com',
        clientId: 'obsera-web-2',
        groupsClaim: 'groups',
      },
      github: {
        clientId: 'gh-client',
        clientSecret: 'gh-new-secret',
        org: 'acme-inc',
        teamRoles: { 'acme-inc/sre': 'ADMIN', 'acme-inc/dev': 'EDITOR' },
      },
      saml: { idpMetadataUrl: 'https://saml.example.com/metadata', groupsAttribute: 'memberOf' },
      allowedEmailDomains: ['example.com', 'example.org'],
      jitProvisioning: true,
      defaultRole: 'VIEWER',
      groupRoleMappings: { admins: 'ADMIN' },
      ssoRequired: true,
    });
    // the typed secret is gone once saved: the form shows the stored state again
    await waitFor(() => expect(input('GitHub client secret').value).toBe(''));
    expect(document.body.innerHTML).not.toContain('gh-new-secret');
    expect(input('OIDC client id').value).toBe('obsera-web-2');
    expect(screen.getByText('Saved single sign-on.')).toBeTruthy();
  });

  it('should_sayThatSamlNeedsThePublicUrl_whenTheServerHasNone', async () => {
    fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/auth/policy': { body: POLICY },
      '/api/v1/auth/methods': { body: methods(null) },
      '/api/v1/sso': { status: 404, body: { error: 'not_found', message: 'no sso' } },
    });
    renderAt(routes, '/settings/sign-in');
    expect((await screen.findByLabelText('OIDC redirect URI')).textContent).toBe(
      'http://10.0.0.5:8080/api/v1/auth/oidc/callback',
    );
    expect(screen.queryByLabelText('SAML metadata URL')).toBeNull();
    expect(
      screen.getByText(/SAML sign-in needs the operator to set OBSERA_PUBLIC_URL/),
    ).toBeTruthy();
  });

  it('should_setUpSsoFromNothing_andShowWhatTheIdpNeeds', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/auth/policy': { body: POLICY },
      '/api/v1/auth/methods': { body: methods(PUBLIC) },
      '/api/v1/sso': { status: 404, body: { error: 'not_found', message: 'no sso' } },
      'PUT /api/v1/sso': (_, init) => ({
        body: { tenant: 'acme', ...JSON.parse(String(init.body)) },
      }),
    });
    renderAt(routes, '/settings/sign-in');
    const form = await screen.findByRole('form', { name: 'Single sign-on' });
    // the server's addresses (OBSERA_PUBLIC_URL), not this page's origin
    expect(PUBLIC).not.toBe(window.location.origin);
    expect((await screen.findByLabelText('OIDC redirect URI')).textContent).toBe(
      `${PUBLIC}/api/v1/auth/oidc/callback`,
    );
    expect(screen.getByLabelText('GitHub callback URL').textContent).toBe(
      `${PUBLIC}/api/v1/auth/github/callback`,
    );
    expect(screen.getByLabelText('SAML metadata URL').textContent).toBe(
      `${PUBLIC}/api/v1/auth/saml/acme/metadata`,
    );
    expect(screen.getByLabelText('Sign-in link').textContent).toBe(`${PUBLIC}/login?tenant=acme`);
    const asked = calls.find((c) => c.url.pathname === '/api/v1/auth/methods');
    expect(asked?.url.searchParams.get('tenant')).toBe('acme');
    for (const name of [
      'Copy OIDC redirect URI',
      'Copy GitHub callback URL',
      'Copy SAML metadata URL',
      'Copy sign-in link',
    ]) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    expect(within(form).queryByLabelText('OIDC issuer')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove single sign-on' })).toBeNull();
    fireEvent.click(within(form).getByLabelText('Offer SAML sign-in'));
    fireEvent.change(input('IdP entity id'), { target: { value: 'https://idp/entity' } });
    fireEvent.change(input('IdP single sign-on URL'), { target: { value: 'https://idp/sso' } });
    fireEvent.change(input('IdP signing certificate'), { target: { value: 'MIIB' } });
    fireEvent.click(within(form).getByLabelText('Offer OpenID Connect sign-in'));
    fireEvent.change(input('OIDC issuer'), { target: { value: 'https://idp.example.com' } });
    fireEvent.change(input('OIDC client id'), { target: { value: 'web' } });
    fireEvent.change(input('OIDC client secret'), { target: { value: 's3cret' } });
    expect(screen.getAllByText(/Write-only: it is never shown again/)).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Save single sign-on' }));
    await screen.findByText('Saved single sign-on.');
    expect(putBody(calls, '/api/v1/sso')).toEqual({
      oidc: { issuer: 'https://idp.example.com', clientId: 'web', clientSecret: 's3cret' },
      saml: {
        idpEntityId: 'https://idp/entity',
        idpSsoUrl: 'https://idp/sso',
        idpCertificate: 'MIIB',
      },
      allowedEmailDomains: [],
      jitProvisioning: false,
      defaultRole: 'VIEWER',
      groupRoleMappings: {},
      ssoRequired: false,
    });
    expect(await screen.findByRole('button', { name: 'Remove single sign-on' })).toBeTruthy();
  });

  it('should_showTheApisErrorsNextToTheFieldsTheyName', async () => {
    refusingSave(
      "field 'oidc.clientSecret' is required (a stored secret is kept only while the issuer stays the same)",
    );
    fireEvent.change(await screen.findByLabelText('OIDC issuer'), {
      target: { value: 'https://other.example.com' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save single sign-on' }));
    const message = await screen.findByText(/is kept only while the issuer stays the same/);
    const secret = input('OIDC client secret');
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    expect(secret.getAttribute('aria-describedby')).toContain(message.id);
    expect(input('OIDC issuer').getAttribute('aria-invalid')).toBe('false');
    expect(input('GitHub client secret').getAttribute('aria-invalid')).toBe('false');
  });

  it('should_showAMappingErrorNextToItsRows', async () => {
    refusingSave(
      "field 'github.teamRoles' maps teams as org/team-slug to ADMIN, EDITOR or VIEWER, got 'sre'",
    );
    fireEvent.change(await screen.findByLabelText('Team 1'), { target: { value: 'sre' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save single sign-on' }));
    const message = await screen.findByText(/maps teams as org\/team-slug/);
    const rows = message.closest('fieldset');
    expect(rows?.querySelector('legend')?.textContent).toBe('Team roles');
    expect(rows?.getAttribute('aria-describedby')).toBe(message.id);
    expect(input('Team 1').getAttribute('aria-invalid')).toBe('true');
    expect(input('Group 1').getAttribute('aria-invalid')).toBe('false');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('should_showAnErrorNamingNoFieldAboveTheButtons', async () => {
    refusingSave(
      "section 'saml' needs 'idpMetadataXml' or 'idpMetadataUrl', or all of 'idpEntityId', 'idpSsoUrl' and 'idpCertificate'",
    );
    fireEvent.change(await screen.findByLabelText('IdP metadata URL'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save single sign-on' }));
    const message = await screen.findByText(/section 'saml' needs/);
    expect(message.getAttribute('role')).toBe('alert');
    expect(message.closest('fieldset')).toBeNull();
    expect(document.querySelectorAll('[aria-invalid=true]')).toHaveLength(0);
  });

  it('should_removeSso_onlyAfterConfirming', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/auth/policy': { body: POLICY },
      '/api/v1/auth/methods': { body: methods(PUBLIC) },
      '/api/v1/sso': { body: STORED },
      'DELETE /api/v1/sso': { status: 204 },
    });
    renderAt(routes, '/settings/sign-in');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove single sign-on' }));
    expect(calls.some((c) => c.init.method === 'DELETE')).toBe(false);
    expect(screen.getByText(/Everyone signs in with a password again/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove single sign-on' }));
    await waitFor(() => expect(screen.queryByLabelText('OIDC issuer')).toBeNull());
    expect(calls.some((c) => c.init.method === 'DELETE' && c.url.pathname === '/api/v1/sso')).toBe(
      true,
    );
    expect(
      (screen.getByLabelText('Offer OpenID Connect sign-in') as HTMLInputElement).checked,
    ).toBe(false);
  });

  it('should_requireTwoStepSignIn_withTheCheckbox', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      '/api/v1/auth/policy': { body: POLICY },
      '/api/v1/auth/methods': { body: methods(PUBLIC) },
      '/api/v1/sso': { status: 404, body: { error: 'not_found', message: 'no sso' } },
      'PUT /api/v1/auth/policy': (_, init) => ({
        body: { ...JSON.parse(String(init.body)), updatedAt: '2026-12-06T11:00:00Z' },
      }),
    });
    renderAt(routes, '/settings/sign-in');
    const box = (await screen.findByRole('checkbox', {
      name: 'Require two-step sign-in for password sign-in',
    })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByText(/can do nothing else until they have set up/)).toBeTruthy();
    fireEvent.click(box);
    await screen.findByText('Saved.');
    expect(putBody(calls, '/api/v1/auth/policy')).toEqual({ mfaRequired: true });
    expect(box.checked).toBe(true);
  });

  it('should_showANonAdminNoForm_andAskNothing', async () => {
    const calls = fakeApi({ '/api/v1/me': { body: SESSION } });
    renderAt(routes, '/settings/sign-in');
    await screen.findByText(/Only admins of this tenant see and manage single sign-on/);
    expect(screen.getByRole('link', { name: 'Sign-in' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByRole('form', { name: 'Single sign-on' })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(
      calls.some(
        (c) => c.url.pathname === '/api/v1/sso' || c.url.pathname === '/api/v1/auth/policy',
      ),
    ).toBe(false);
  });
});
