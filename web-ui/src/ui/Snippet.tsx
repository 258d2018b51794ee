/** A snippet to paste elsewhere, with a copy button. */
export function Snippet({ label, text }: { label: string; text: string }) {
  return (
    <div className="snippet">
      <pre className="code" aria-label={label}>
        {text}
      </pre>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
        Copy {label.toLowerCase()}
      </button>
    </div>
  );
}
