import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../ui/states';
import { SecondFactorFields, type SecondFactor } from '../auth/SecondFactorFields';
import { useSignedIn } from '../auth/session';
import { QrCode } from './QrCode';
import {
  useDisableTotp,
  useEnrolTotp,
  useTotpStatus,
  useVerifyTotp,
  type TotpEnrolment,
} from './totp';

/**
 * /account/security: multi-factor sign-in with an authenticator app. Enrol (QR code and setup
 * key), confirm with a first code, see the recovery codes once, turn it off with a fresh code.
 * Where the tenant requires MFA, a new member lands here after signing in and can go nowhere else
 * until the code is confirmed.
 */
export default function SecurityPage() {
  const session = useSignedIn();
  const status = useTotpStatus();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [done, setDone] = useState(false);

  return (
    <section className="page" aria-labelledby="security-title">
      <h1 id="security-title">Account security</h1>
      {session.mfaEnrolmentRequired && (
        <p className="state state-empty" role="note">
          <strong>{session.tenant.name} requires two-step verification.</strong> Set it up to
          continue.
        </p>
      )}
      <h2>Two-step verification</h2>
      {status.isPending && <Loading what="your sign-in settings" />}
      {status.error && <ErrorState error={status.error} retry={() => void status.refetch()} />}
      {status.data &&
        (enrolment ? (
          <Enrol
            enrolment={enrolment}
            done={done}
            onVerified={() => setDone(true)}
            onCancel={() => setEnrolment(null)}
          />
        ) : status.data.enabled ? (
          <Enabled left={status.data.recoveryCodesLeft} />
        ) : (
          <Start onStarted={setEnrolment} />
        ))}
    </section>
  );
}

function Start({ onStarted }: { onStarted: (e: TotpEnrolment) => void }) {
  const enrol = useEnrolTotp();
  return (
    <div className="stack fit">
      <p>
        Two-step verification is off. With it on, signing in also asks for a 6-digit code from an
        authenticator app on your phone.
      </p>
      {enrol.error && <ErrorState error={enrol.error} />}
      <button
        type="button"
        className="primary"
        disabled={enrol.isPending}
        onClick={() => enrol.mutate(undefined, { onSuccess: onStarted })}
      >
        Set up an authenticator app
      </button>
    </div>
  );
}

function Enrol({
  enrolment,
  done,
  onVerified,
  onCancel,
}: {
  enrolment: TotpEnrolment;
  done: boolean;
  onVerified: () => void;
  onCancel: () => void;
}) {
  const verify = useVerifyTotp();
  const [code, setCode] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    verify.mutate(code.replace(/\s/g, ''), { onSuccess: onVerified });
  }

  return (
    <div className="stack">
      {done ? (
        <p role="status">
          <strong>Two-step verification is on.</strong> Keep the recovery codes below somewhere
          safe: this is the only time they are shown. <Link to="/services">Continue</Link>
        </p>
      ) : (
        <>
          <p>Scan this code with your authenticator app, or enter the setup key by hand.</p>
          <QrCode text={enrolment.otpauthUri} label="QR code for your authenticator app" />
          <label>
            Setup key
            <input readOnly value={enrolment.secret} onFocus={(e) => e.target.select()} />
          </label>
          <label>
            Setup link (otpauth URI)
            <input readOnly value={enrolment.otpauthUri} onFocus={(e) => e.target.select()} />
          </label>
        </>
      )}
      <h3 id="recovery-title">Recovery codes</h3>
      <p>Each works once, in place of a code, if you lose your phone.</p>
      <ul aria-labelledby="recovery-title" className="recovery-codes">
        {enrolment.recoveryCodes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      {!done && (
        <form onSubmit={submit} className="stack fit">
          <label>
            Code from your app
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxLength={7}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
          {verify.error && <ErrorState error={verify.error} />}
          <button type="submit" className="primary" disabled={verify.isPending}>
            Turn on two-step verification
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}

function Enabled({ left }: { left: number }) {
  const disable = useDisableTotp();
  const [factor, setFactor] = useState<SecondFactor>({ kind: 'totp', value: '' });

  function submit(e: FormEvent) {
    e.preventDefault();
    disable.mutate(
      factor.kind === 'totp'
        ? { code: factor.value.replace(/\s/g, '') }
        : { recoveryCode: factor.value.trim() },
      { onSuccess: () => setFactor({ kind: 'totp', value: '' }) },
    );
  }

  return (
    <div className="stack">
      <p role="status">
        <strong>Two-step verification is on.</strong> {left} recovery{' '}
        {left === 1 ? 'code' : 'codes'} left.
      </p>
      <form onSubmit={submit} className="stack fit" aria-label="Turn off two-step verification">
        <p>To turn it off, give a current code (or a recovery code).</p>
        <SecondFactorFields value={factor} onChange={setFactor} />
        {disable.error && <ErrorState error={disable.error} />}
        <button type="submit" disabled={disable.isPending}>
          Turn off two-step verification
        </button>
      </form>
    </div>
  );
}
