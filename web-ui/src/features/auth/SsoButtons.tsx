import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/client';
import { PATHS } from '../../api/paths';

/** GET /api/v1/auth/methods: whether a tenant takes passwords, and its single sign-on providers. */
export interface AuthMethods {
  tenant: string;
  password: boolean;
  sso: { provider: string; startUrl: string }[];
  serviceProvider: ServiceProvider;
}

/**
 * The addresses a tenant's identity provider is given, as the server builds them (from the
 * operator's OBSERA_PUBLIC_URL); the SAML ones null when it is not set (no SAML sign-in then).
 */
export interface ServiceProvider {
  entityId: string | null;
  acsUrl: string | null;
  metadataUrl: string | null;
  oidcCallbackUrl: string;
  githubCallbackUrl: string;
  signInUrl: string;
}

const LABELS: Record<string, string> = {
  oidc: 'single sign-on (OpenID Connect)',
  github: 'GitHub',
  saml: 'single sign-on (SAML)',
};

/** The sign-in methods of `tenant` (public; nothing is asked without a tenant). */
export function useAuthMethods(tenant: string | null) {
  return useQuery({
    queryKey: ['auth-methods', tenant],
    queryFn: ({ signal }) =>
      request<AuthMethods>(PATHS.authMethods, {
        query: { tenant },
        signal,
        redirectOn401: false,
      }),
    enabled: !!tenant,
  });
}

/**
 * One link per single sign-on provider of `tenant` (a full page load: the API answers with a
 * redirect to the provider), and a note when the tenant takes no passwords. Nothing without a
 * tenant or when it has no single sign-on.
 */
export function SsoButtons({ tenant }: { tenant: string | null }) {
  const methods = useAuthMethods(tenant);
  const m = methods.data;
  if (!m) return null;
  // only start URLs of this API: the answer must not send the browser elsewhere
  const sso = m.sso.filter((s) => s.startUrl.startsWith('/api/v1/auth/'));
  if (sso.length === 0 && m.password) return null;
  return (
    <nav aria-label="Single sign-on" className="stack">
      {sso.map((s) => (
        <a key={s.provider} className="button" href={s.startUrl}>
          Sign in with {LABELS[s.provider] ?? s.provider}
        </a>
      ))}
      {!m.password && <p>{m.tenant} signs in with single sign-on only; passwords are refused.</p>}
    </nav>
  );
}
