import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Field, FormError } from '../../ui/fieldErrors';
import { ErrorState, QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import {
  ROLES,
  useInvite,
  useInvites,
  useMembers,
  useRemoveMember,
  useResetMemberTotp,
  useRevokeInvite,
  useSetRole,
  type IssuedInvite,
  type Member,
} from './hooks';
import { AdminsOnly } from './SettingsLayout';

/** Members with their roles (change, remove) and invites (create with a role, revoke). */
export default function MembersPage() {
  const session = useSignedIn();
  const members = useMembers(session.isAdmin);
  const invites = useInvites(session.isAdmin);
  const revoke = useRevokeInvite();
  if (!session.isAdmin) return <AdminsOnly what="members, roles and invites" role={session.role} />;
  return (
    <>
      <h2>Members</h2>
      <QueryView query={members} what="members">
        {(m) => (
          <table className="data">
            <caption className="sr-only">Members</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <abbr title="Two-step sign-in (multi-factor authentication)">MFA</abbr>
                </th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {m.items.map((x) => (
                <MemberRow
                  key={x.userId}
                  member={x}
                  self={x.email !== undefined && x.email === session.user.email}
                />
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      <h2>Invite someone</h2>
      <InviteForm />
      <h2>Pending invites</h2>
      <QueryView query={invites} what="invites">
        {(i) =>
          i.items.length === 0 ? (
            <p className="muted">No invites.</p>
          ) : (
            <table className="data">
              <caption className="sr-only">Invites</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Revoke</th>
                </tr>
              </thead>
              <tbody>
                {i.items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{x.email ?? '(any address)'}</th>
                    <td>{x.role.toLowerCase()}</td>
                    <td>{x.status}</td>
                    <td>{new Date(x.expiresAt).toLocaleString()}</td>
                    <td>
                      {String(x.status).toUpperCase() === 'PENDING' && (
                        <button
                          type="button"
                          aria-label={`Revoke the invite of ${x.email ?? x.id}`}
                          onClick={() => revoke.mutate(x.id)}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      {revoke.error && <ErrorState error={revoke.error} />}
    </>
  );
}

function MemberRow({ member, self }: { member: Member; self: boolean }) {
  const setRole = useSetRole();
  const remove = useRemoveMember();
  const resetTotp = useResetMemberTotp();
  const who = member.name || member.email || member.userId;
  return (
    <tr>
      <th scope="row">{member.name || member.userId}</th>
      <td>{member.email}</td>
      <td>
        <select
          aria-label={`Role of ${who}`}
          value={member.role.toUpperCase()}
          disabled={setRole.isPending}
          onChange={(e) => setRole.mutate({ userId: member.userId, role: e.target.value })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r.toLowerCase()}
            </option>
          ))}
        </select>
        {setRole.error && <ErrorState error={setRole.error} />}
      </td>
      <td>
        {member.mfaEnabled ? 'On' : 'Off'}{' '}
        {self ? (
          <span className="muted">Yours: Account security</span>
        ) : resetTotp.isSuccess ? (
          <span role="status">Reset: {who} sets it up again at the next sign-in.</span>
        ) : (
          member.mfaEnabled && (
            <ConfirmButton
              label="Reset"
              name={`Reset two-step sign-in of ${who}`}
              confirm={`reset two-step sign-in of ${who}`}
              warning="Their sessions end; they sign in with their password alone and set it up again."
              onConfirm={(done) => resetTotp.mutate(member.userId, { onSettled: done })}
            />
          )
        )}
        {resetTotp.error && <ErrorState error={resetTotp.error} />}
      </td>
      <td>
        <ConfirmButton
          label="Remove"
          name={`Remove ${who}`}
          confirm={`remove ${who}`}
          onConfirm={(done) => remove.mutate(member.userId, { onSettled: done })}
        />
        {remove.error && <ErrorState error={remove.error} />}
      </td>
    </tr>
  );
}

function InviteForm() {
  const invite = useInvite();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('VIEWER');
  const [issued, setIssued] = useState<IssuedInvite | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (i) => {
          setIssued(i);
          setEmail('');
        },
      },
    );
  }
  return (
    <>
      <form className="form toolbar" aria-label="Invite a member" onSubmit={submit}>
        <Field label="Email" field="email" error={invite.error}>
          {(p) => (
            <input
              {...p}
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Role" field="role" error={invite.error}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r.toLowerCase()}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary" disabled={invite.isPending}>
          Send invite
        </button>
        <FormError error={invite.error} fields={['email', 'role']} />
      </form>
      {issued && (
        <div role="status" className="key-once">
          {issued.emailed ? (
            <p>
              Invited {issued.email} as {issued.role.toLowerCase()}: the link is on its way by
              email.
            </p>
          ) : (
            <>
              <p>
                Invited {issued.email} as {issued.role.toLowerCase()}. No mail is configured, so
                send them this link yourself (it works once, until{' '}
                {new Date(issued.expiresAt).toLocaleString()}):
              </p>
              <pre className="code" aria-label="Invite link">
                {issued.inviteUrl}
              </pre>
              <button
                type="button"
                onClick={() => void navigator.clipboard?.writeText(issued.inviteUrl ?? '')}
              >
                Copy invite link
              </button>
            </>
          )}
        </div>
      )}
    </>
  );
}
