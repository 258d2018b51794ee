import { useState } from 'react';

/**
 * A destructive action behind a second click: `label` (named `name` for assistive technology)
 * turns into "Yes, `confirm`" and "Cancel".
 */
export function ConfirmButton({
  label,
  name,
  confirm,
  warning,
  onConfirm,
}: {
  label: string;
  name: string;
  confirm: string;
  warning?: string;
  onConfirm: (done: () => void) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" aria-label={name} onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <>
      {warning && <span role="alert">{warning} </span>}
      <button
        type="button"
        className="danger"
        onClick={() => onConfirm(() => setConfirming(false))}
      >
        Yes, {confirm}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </>
  );
}
