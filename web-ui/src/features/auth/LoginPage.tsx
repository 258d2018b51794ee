import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorState } from '../../ui/states';
import { AuthLayout } from './AuthLayout';
import { EmailField } from './EmailField';
import { SsoButtons } from './SsoButtons';
import { safeNext, useLogin, useSession } from './session';

/**
 * Email and password; on success back to `next` (a path of this site only). With `?tenant=`, also
 * the tenant's single sign-on buttons.
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session.data) return <Navigate to={next} replace />;

  function submit(e: FormEvent) {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  }

  return (
    <AuthLayout title="Sign in">
      <SsoButtons tenant={params.get('tenant')} />
      <form onSubmit={submit} className="stack">
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
        {login.error && <ErrorState error={login.error} />}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/password-reset">Forgot your password?</Link>
      </p>
    </AuthLayout>
  );
}
