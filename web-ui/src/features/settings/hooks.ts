import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, request, type Query } from '../../api/client';
import { PATHS, path } from '../../api/paths';

export interface Member {
  userId: string;
  email?: string;
  name?: string;
  role: string;
  /** Two-step sign-in (TOTP) verified and on. */
  mfaEnabled: boolean;
  updatedAt?: string;
}

export interface Invite {
  id: string;
  email: string | null;
  role: string;
  status: string;
  createdAt: string;
  expiresAt: string;
  invitedBy: string;
}

export interface IssuedInvite {
  id: string;
  email: string;
  role: string;
  expiresAt: string;
  inviteUrl: string | null;
  emailed: boolean;
}

export interface ApiKey {
  keyId: string;
  name: string;
  scopes: string[];
  origins: string[];
  role: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: string;
  time: string;
  actor: string;
  action: string;
  object: string;
  outcome: number;
  detail: string | null;
  clientAddress: string | null;
}

export interface TenantSettings {
  tenantId: string;
  timeZone: string;
  retentionDays: number | null;
  maxRetentionDays: number;
}

export const ROLES = ['VIEWER', 'EDITOR', 'ADMIN'] as const;

/** A query of an admin-only list, not asked for at all below admin. */
function useAdminList<T>(key: string, p: string, enabled: boolean) {
  return useQuery({
    queryKey: [key],
    enabled,
    queryFn: ({ signal }) => request<{ items: T[] }>(p, { signal }),
  });
}

export const useMembers = (admin: boolean) => useAdminList<Member>('members', PATHS.members, admin);
export const useInvites = (admin: boolean) => useAdminList<Invite>('invites', PATHS.invites, admin);
export const useKeys = (admin: boolean) => useAdminList<ApiKey>('keys', PATHS.keys, admin);

/** A write that refreshes `key` once it succeeded. */
function useWrite<A, R>(key: string, fn: (a: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: [key] }),
  });
}

export const useSetRole = () =>
  useWrite('members', ({ userId, role }: { userId: string; role: string }) =>
    request<Member>(path(PATHS.member, { userId }), { method: 'PUT', body: { role } }),
  );
export const useRemoveMember = () =>
  useWrite('members', (userId: string) =>
    request<undefined>(path(PATHS.member, { userId }), { method: 'DELETE' }),
  );
export const useInvite = () =>
  useWrite('invites', (body: { email: string; role: string }) =>
    request<IssuedInvite>(PATHS.invites, { method: 'POST', body }),
  );
export const useRevokeInvite = () =>
  useWrite('invites', (id: string) =>
    request<undefined>(path(PATHS.inviteById, { id }), { method: 'DELETE' }),
  );
export const useCreateKey = () =>
  useWrite('keys', (body: { name: string; scopes: string[]; role?: string; origins?: string[] }) =>
    request<ApiKey & { key: string }>(PATHS.keys, { method: 'POST', body }),
  );
export const useRevokeKey = () =>
  useWrite('keys', (keyId: string) =>
    request<undefined>(path(PATHS.key, { keyId }), { method: 'DELETE' }),
  );

export function useAudit(query: Query, enabled: boolean) {
  return useQuery({
    queryKey: ['audit', query],
    enabled,
    queryFn: ({ signal }) =>
      request<{ items: AuditEntry[]; nextCursor: string | null }>(PATHS.audit, { signal, query }),
  });
}

export function useSettings() {
  return useQuery({
    queryKey: ['settings'],
    queryFn: ({ signal }) => request<TenantSettings>(PATHS.settings, { signal }),
  });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { timeZone: string | null; retentionDays: number | null }) =>
      request<TenantSettings>(PATHS.settings, { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(['settings'], saved),
  });
}

/** The tenant's single sign-on as GET /api/v1/sso answers it (each stored secret `"***"`). */
export interface SsoConfig {
  tenant: string;
  oidc?: { issuer: string; clientId: string; clientSecret: string; groupsClaim: string | null };
  github?: {
    clientId: string;
    clientSecret: string;
    org: string | null;
    teamRoles: Record<string, string> | null;
  };
  saml?: {
    idpMetadataXml: string | null;
    idpMetadataUrl: string | null;
    idpEntityId: string | null;
    idpSsoUrl: string | null;
    idpCertificate: string | null;
    groupsAttribute: string | null;
  };
  allowedEmailDomains: string[];
  jitProvisioning: boolean;
  defaultRole: string;
  groupRoleMappings: Record<string, string>;
  ssoRequired: boolean;
  updatedAt?: string;
  actor?: string;
}

/** What PUT /api/v1/sso takes: a secret (or optional field) left out keeps the stored one. */
export interface SsoDraft {
  oidc?: { issuer: string; clientId: string; clientSecret?: string; groupsClaim?: string };
  github?: {
    clientId: string;
    clientSecret?: string;
    org?: string;
    teamRoles: Record<string, string>;
  };
  saml?: Partial<Record<keyof NonNullable<SsoConfig['saml']>, string>>;
  allowedEmailDomains: string[];
  jitProvisioning: boolean;
  defaultRole: string;
  groupRoleMappings: Record<string, string>;
  ssoRequired: boolean;
}

export interface AuthPolicy {
  mfaRequired: boolean;
  updatedAt?: string | null;
  updatedBy?: string | null;
}

/** The tenant's single sign-on, null when it has none (404); not asked for below admin. */
export function useSso(admin: boolean) {
  return useQuery({
    queryKey: ['sso'],
    enabled: admin,
    queryFn: async ({ signal }) => {
      try {
        return await request<SsoConfig>(PATHS.sso, { signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useSaveSso() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SsoDraft) => request<SsoConfig>(PATHS.sso, { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(['sso'], saved),
  });
}

export function useRemoveSso() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request<undefined>(PATHS.sso, { method: 'DELETE' }),
    onSuccess: () => client.setQueryData(['sso'], null),
  });
}

export function useAuthPolicy(admin: boolean) {
  return useQuery({
    queryKey: ['auth-policy'],
    enabled: admin,
    queryFn: ({ signal }) => request<AuthPolicy>(PATHS.authPolicy, { signal }),
  });
}

export function useSaveAuthPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { mfaRequired: boolean }) =>
      request<AuthPolicy>(PATHS.authPolicy, { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(['auth-policy'], saved),
  });
}

/** Turns off a member's two-step sign-in (a lost phone): their sessions end, they enrol again. */
export const useResetMemberTotp = () =>
  useWrite('members', (userId: string) =>
    request<undefined>(path(PATHS.memberTotp, { userId }), { method: 'DELETE' }),
  );
