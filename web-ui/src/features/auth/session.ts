import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { ApiError, request, setCsrfToken } from '../../api/client';
import { PATHS, path } from '../../api/paths';

/** Who is signed in, in which tenant, with which role (GET /api/v1/me). */
export interface Session {
  user: { email: string; name: string };
  tenant: { id: string; name: string };
  role: string;
  tenants: { id: string; name: string; role: string | null }[];
  csrfToken: string;
  /** False for viewers: they see no edit controls. */
  canEdit: boolean;
  /** Admins also manage the tenant's keys and members. */
  isAdmin: boolean;
  /** Where SDKs send OTLP/HTTP when the operator set it (OBSERA_PUBLIC_OTLP_URL), else null. */
  otlpUrl: string | null;
  /**
   * The operator's public address of Obsera (OBSERA_PUBLIC_URL), the base of addresses to paste
   * elsewhere (status page embeds, badges); null when not set.
   */
  publicUrl: string | null;
  /** Multi-factor sign-in (TOTP) is on for this account. */
  mfaEnabled: boolean;
  /** The tenant requires MFA and the account has none: the session may only enrol. */
  mfaEnrolmentRequired: boolean;
}

type Named = string | { id?: string; name?: string; email?: string; role?: string } | null;

function asTenant(t: Named): { id: string; name: string; role: string | null } {
  if (typeof t === 'string') return { id: t, name: t, role: null };
  const id = t?.id ?? t?.name ?? '';
  return { id, name: t?.name ?? id, role: t?.role ?? null };
}

/** An http(s) address, else null (never `javascript:` or the like). */
function httpUrl(u: string | null | undefined): string | null {
  return typeof u === 'string' && /^https?:\/\//.test(u) ? u : null;
}

/** /me as the sign-in service answers it; tenants may be ids or objects. */
export function parseSession(body: unknown): Session {
  const b = (body ?? {}) as {
    user?: Named;
    tenant?: Named;
    role?: string;
    tenants?: Named[];
    csrfToken?: string;
    otlpUrl?: string | null;
    publicUrl?: string | null;
    mfaEnabled?: boolean;
    mfaEnrolmentRequired?: boolean;
  };
  const user =
    typeof b.user === 'string'
      ? { email: b.user, name: b.user }
      : { email: b.user?.email ?? '', name: b.user?.name ?? b.user?.email ?? '' };
  const tenant = asTenant(b.tenant ?? null);
  const tenants = (b.tenants ?? []).map(asTenant);
  if (tenant.id && !tenants.some((t) => t.id === tenant.id)) tenants.unshift(tenant);
  const role = (b.role ?? 'viewer').toLowerCase();
  return {
    user,
    tenant: { id: tenant.id, name: tenant.name },
    role,
    tenants,
    csrfToken: b.csrfToken ?? '',
    canEdit: role !== 'viewer',
    isAdmin: role === 'admin',
    otlpUrl: httpUrl(b.otlpUrl),
    publicUrl: httpUrl(b.publicUrl),
    mfaEnabled: b.mfaEnabled === true,
    mfaEnrolmentRequired: b.mfaEnrolmentRequired === true,
  };
}

/**
 * Where to go after signing in: `next` when it is a path of this site, else the start page.
 * Never another origin (`//evil.example`, `https://...`, `/\evil`): no open redirect.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/services';
  }
  if (/^\/(login|invite\/|password-reset)/.test(next)) return '/services';
  return next;
}

export const ME_KEY = ['me'] as const;

/** The session of a page inside the shell (the shell has loaded it): its role gates edit controls. */
export function useSignedIn(): Session {
  return useOutletContext<Session>();
}

/** The session; a 401 is an answer here (no session), not a redirect. */
export function useSession() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      try {
        const s = parseSession(await request<unknown>(PATHS.me, { signal, redirectOn401: false }));
        setCsrfToken(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** What the login form sends: a second factor too when the account has one. */
export interface Credentials {
  email: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

/** Whether a sign-in was refused only for want of a second factor (401 mfa_required). */
export function needsSecondFactor(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'mfa_required';
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Credentials) =>
      request<unknown>(PATHS.login, { method: 'POST', body, redirectOn401: false }),
    onSuccess: () => client.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request<unknown>(PATHS.logout, { method: 'POST', redirectOn401: false }),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
    },
  });
}

/** Switches tenant: every cached answer belonged to the old one, so all of them go. */
export function useSwitchTenant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tenant: string) =>
      request<unknown>(PATHS.switchTenant, { method: 'POST', body: { tenant } }),
    onSuccess: async () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      await client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export interface Invite {
  email?: string;
  tenant?: Named;
  role?: string;
  invitedBy?: string;
}

export function useInvite(token: string) {
  return useQuery({
    queryKey: ['invite', token],
    queryFn: ({ signal }) =>
      request<Invite>(path(PATHS.invite, { token }), { signal, redirectOn401: false }),
    retry: false,
  });
}

export function useAcceptInvite(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; password: string }) =>
      request<unknown>(path(PATHS.acceptInvite, { token }), {
        method: 'POST',
        body,
        redirectOn401: false,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      request<unknown>(PATHS.passwordReset, {
        method: 'POST',
        body: { email },
        redirectOn401: false,
      }),
  });
}

export function useResetPassword(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      request<unknown>(path(PATHS.passwordResetToken, { token }), {
        method: 'POST',
        body: { password },
        redirectOn401: false,
      }),
  });
}

export function tenantLabel(t: Named): string {
  return asTenant(t).name;
}
