import { describe, expect, it } from 'vitest';
import { parseSession, safeNext } from './session';

describe('the session', () => {
  it('should_readMe_withTenantsAsObjectsOrIds', () => {
    const s = parseSession({
      user: { email: 'ada@example.com', name: 'Ada' },
      tenant: 'acme',
      role: 'Viewer',
      tenants: ['acme', { id: 'globex', name: 'Globex' }],
      csrfToken: 'c',
    });
    expect(s.tenant).toEqual({ id: 'acme', name: 'acme' });
    expect(s.tenants.map((t) => t.id)).toEqual(['acme', 'globex']);
    expect(s.role).toBe('viewer');
    expect(s.canEdit).toBe(false);
    expect(s.csrfToken).toBe('c');
  });

  it('should_letEditorsEdit', () => {
    expect(parseSession({ role: 'editor', tenant: { id: 'a' } }).canEdit).toBe(true);
  });

  it('should_makeOnlyAdminsAdmins_asMeSpellsTheRole', () => {
    expect(parseSession({ role: 'ADMIN', tenant: 'a' })).toMatchObject({
      canEdit: true,
      isAdmin: true,
    });
    expect(parseSession({ role: 'EDITOR', tenant: 'a' }).isAdmin).toBe(false);
    expect(parseSession({ role: 'VIEWER', tenant: 'a' }).isAdmin).toBe(false);
  });

  it('should_takeThePublicAddresses_onlyWhenTheyAreHttpUrls', () => {
    expect(parseSession({ tenant: 'a', otlpUrl: 'https://ingest.example' }).otlpUrl).toBe(
      'https://ingest.example',
    );
    expect(parseSession({ tenant: 'a', otlpUrl: null }).otlpUrl).toBeNull();
    expect(parseSession({ tenant: 'a', otlpUrl: 'javascript:alert(1)' }).otlpUrl).toBeNull();
    expect(parseSession({ tenant: 'a', publicUrl: 'https://obsera.example' }).publicUrl).toBe(
      'https://obsera.example',
    );
    expect(parseSession({ tenant: 'a' }).publicUrl).toBeNull();
    expect(parseSession({ tenant: 'a', publicUrl: 'javascript:alert(1)' }).publicUrl).toBeNull();
  });

  it('should_onlyReturnToPathsOfThisSite_afterSignIn', () => {
    expect(safeNext('/traces?service=a')).toBe('/traces?service=a');
    expect(safeNext('//evil.example/x')).toBe('/services');
    expect(safeNext('https://evil.example')).toBe('/services');
    expect(safeNext('/\\evil.example')).toBe('/services');
    expect(safeNext('/login?next=/x')).toBe('/services');
    expect(safeNext(null)).toBe('/services');
  });
});
