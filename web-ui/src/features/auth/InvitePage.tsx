import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorState, Loading } from '../../ui/states';
import { AuthLayout } from './AuthLayout';
import { tenantLabel, useAcceptInvite, useInvite } from './session';
import { PasswordFields, passwordProblem } from './PasswordFields';

/** /invite/{token}: who invited whom to which tenant; a name and a password accept it. */
export function InvitePage() {
  const { token = '' } = useParams();
  const invite = useInvite(token);
  const accept = useAcceptInvite(token);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  if (invite.isPending) return <Loading what="the invitation" />;
  if (invite.error) {
    return (
      <AuthLayout title="Invitation">
        <ErrorState error={invite.error} />
      </AuthLayout>
    );
  }
  const i = invite.data;

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = passwordProblem(password, confirm);
    setProblem(p);
    if (p) return;
    accept.mutate(
      { name, password },
      { onSuccess: () => navigate('/services', { replace: true }) },
    );
  }

  return (
    <AuthLayout title={`Join ${i.tenant ? tenantLabel(i.tenant) : 'Obsera'}`}>
      <p>
        {i.email && (
          <>
            For <strong>{i.email}</strong>
          </>
        )}
        {i.role && <> as {i.role}</>}
        {i.invitedBy && <>, invited by {i.invitedBy}</>}.
      </p>
      <form onSubmit={submit} className="stack">
        <label>
          Your name
          <input
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <PasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
        />
        {problem && <p role="alert">{problem}</p>}
        {accept.error && <ErrorState error={accept.error} />}
        <button type="submit" className="primary" disabled={accept.isPending}>
          Accept invitation
        </button>
      </form>
    </AuthLayout>
  );
}
