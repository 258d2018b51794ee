import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorState } from '../../ui/states';
import { AuthLayout } from './AuthLayout';
import { EmailField } from './EmailField';
import { SecondFactorFields, type SecondFactor } from './SecondFactorFields';
import { SsoButtons } from './SsoButtons';
import { needsSecondFactor, safeNext, useLogin, useSession, type Credentials } from './session';

/**
 * Email and password; then, when the API answers mfaRequired, the 6-digit code of the
 * authenticator app (or a recovery code). On success back to `next` (a path of this site only).
 * With `?tenant=`, also the tenant's single sign-on buttons.
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [factor, setFactor] = useState<SecondFactor>({ kind: 'totp', value: '' });

  if (session.data) return <Navigate to={next} replace />;

  function submit(e: FormEvent) {
    e.preventDefault();
    const body: Credentials = { email, password };
    if (askCode && factor.value) {
      if (factor.kind === 'totp') body.totp = factor.value.replace(/\s/g, '');
      else body.recoveryCode = factor.value.trim();
    }
    login.mutate(body, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (error) => {
        if (needsSecondFactor(error)) setAskCode(true);
      },
    });
  }

  const error = login.error && !needsSecondFactor(login.error) ? login.error : null;
  return (
    <AuthLayout title={askCode ? 'Two-step verification' : 'Sign in'}>
      {!askCode && <SsoButtons tenant={params.get('tenant')} />}
      <form onSubmit={submit} className="stack">
        {askCode ? (
          <SecondFactorFields value={factor} onChange={setFactor} />
        ) : (
          <>
            <EmailField value={email} onChange={setEmail} />
            <label>
              Password
              <input
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          </>
        )}
        {error && <ErrorState error={error} />}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : askCode ? 'Verify' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/password-reset">Forgot your password?</Link>
      </p>
    </AuthLayout>
  );
}
