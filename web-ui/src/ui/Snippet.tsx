/**
 * The label as it reads inside a sentence: a plain capitalised first word is lowercased ("Sign-in
 * link" -> "sign-in link"), acronyms and names keep their case ("OIDC redirect URI", "GitHub ...").
 */
export function inSentence(label: string): string {
  return /^[A-Z][a-z]*(?![A-Za-z])/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

/** A snippet to paste elsewhere, with a copy button. */
export function Snippet({ label, text }: { label: string; text: string }) {
  return (
    <div className="snippet">
      <pre className="code" aria-label={label}>
        {text}
      </pre>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
        Copy {inSentence(label)}
      </button>
    </div>
  );
}
