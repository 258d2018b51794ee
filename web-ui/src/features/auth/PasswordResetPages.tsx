import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../ui/states';
import { AuthLayout } from './AuthLayout';
import { EmailField } from './EmailField';
import { PasswordFields, passwordProblem } from './PasswordFields';
import { useRequestPasswordReset, useResetPassword } from './session';

/** /password-reset: asks for a link by email (the answer never says whether the account exists). */
export function RequestResetPage() {
  const reset = useRequestPasswordReset();
  const [email, setEmail] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    reset.mutate(email);
  }

  return (
    <AuthLayout title="Reset your password">
      {reset.isSuccess ? (
        <p role="status">
          If an account exists for {email}, a link to set a new password is on its way.
        </p>
      ) : (
        <form onSubmit={submit} className="stack">
          <EmailField value={email} onChange={setEmail} />
          {reset.error && <ErrorState error={reset.error} />}
          <button type="submit" className="primary" disabled={reset.isPending}>
            Send the link
          </button>
        </form>
      )}
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </AuthLayout>
  );
}

/** /password-reset/{token}: a new password. */
export function SetPasswordPage() {
  const { token = '' } = useParams();
  const reset = useResetPassword(token);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = passwordProblem(password, confirm);
    setProblem(p);
    if (!p) reset.mutate(password);
  }

  return (
    <AuthLayout title="Set a new password">
      {reset.isSuccess ? (
        <p role="status">
          Your password is changed. <Link to="/login">Sign in</Link>
        </p>
      ) : (
        <form onSubmit={submit} className="stack">
          <PasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
          />
          {problem && <p role="alert">{problem}</p>}
          {reset.error && <ErrorState error={reset.error} />}
          <button type="submit" className="primary" disabled={reset.isPending}>
            Set password
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
