import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, setCsrfToken } from '../../api/client';
import { PATHS } from '../../api/paths';
import { ME_KEY } from '../auth/session';

/** GET /api/v1/me/totp. */
export interface TotpStatus {
  enabled: boolean;
  pending: boolean;
  verifiedAt: string | null;
  recoveryCodesLeft: number;
  tenantRequiresMfa: boolean;
}

/** POST /api/v1/me/totp: shown once. */
export interface TotpEnrolment {
  otpauthUri: string;
  secret: string;
  recoveryCodes: string[];
}

const TOTP_KEY = ['totp'] as const;

export function useTotpStatus() {
  return useQuery({
    queryKey: TOTP_KEY,
    queryFn: ({ signal }) => request<TotpStatus>(PATHS.totp, { signal }),
  });
}

export function useEnrolTotp() {
  return useMutation({
    mutationFn: () => request<TotpEnrolment>(PATHS.totp, { method: 'POST' }),
  });
}

/**
 * Verifies the first code. A session restricted to enrolment is replaced by a full one: the answer
 * then carries the new session's CSRF token.
 */
export function useVerifyTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      request<{ csrfToken?: string }>(PATHS.totpVerify, { method: 'POST', body: { code } }),
    onSuccess: async (answer) => {
      if (answer?.csrfToken) setCsrfToken(answer.csrfToken);
      await client.invalidateQueries({ queryKey: ME_KEY });
      await client.invalidateQueries({ queryKey: TOTP_KEY });
    },
  });
}

export function useDisableTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (proof: { code: string } | { recoveryCode: string }) =>
      request<unknown>(PATHS.totp, { method: 'DELETE', body: proof }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ME_KEY });
      await client.invalidateQueries({ queryKey: TOTP_KEY });
    },
  });
}
