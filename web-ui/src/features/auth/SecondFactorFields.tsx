/** A second factor as typed: the authenticator app's code, or a recovery code. */
export interface SecondFactor {
  kind: 'totp' | 'recovery';
  value: string;
}

/** The code field of a two-step sign-in (or of turning MFA off), with a switch to a recovery code. */
export function SecondFactorFields({
  value,
  onChange,
}: {
  value: SecondFactor;
  onChange: (v: SecondFactor) => void;
}) {
  return (
    <>
      {value.kind === 'totp' ? (
        <label>
          Authentication code
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
            autoFocus
            value={value.value}
            onChange={(e) => onChange({ kind: 'totp', value: e.target.value })}
          />
        </label>
      ) : (
        <label>
          Recovery code
          <input
            autoComplete="off"
            spellCheck={false}
            required
            autoFocus
            value={value.value}
            onChange={(e) => onChange({ kind: 'recovery', value: e.target.value })}
          />
        </label>
      )}
      <button
        type="button"
        className="link"
        onClick={() => onChange({ kind: value.kind === 'totp' ? 'recovery' : 'totp', value: '' })}
      >
        {value.kind === 'totp' ? 'Use a recovery code instead' : 'Use the authenticator app'}
      </button>
    </>
  );
}
