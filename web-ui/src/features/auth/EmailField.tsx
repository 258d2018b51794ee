/** The email box of the sign-in forms. */
export function EmailField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <label>
      Email
      <input
        type="email"
        autoComplete="username"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
