import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, type Query } from '../../api/client';
import { PATHS, path } from '../../api/paths';

export interface Member {
  userId: string;
  email?: string;
  name?: string;
  role: string;
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
