import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useClock, useTimeRange } from './TimeContext';
import { useUrlState } from './urlState';
import { PRESETS, describeRange, fromLocalInput, parseTime, toLocalInput } from './timeRange';

/** Relative presets, an absolute from/to, and refresh; the choice goes into the URL. */
export function TimeRangePicker() {
  const { from, to } = useTimeRange();
  const { nowMs, refresh } = useClock();
  const { set } = useUrlState();
  const [open, setOpen] = useState(false);
  const [absFrom, setAbsFrom] = useState('');
  const [absTo, setAbsTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const panelId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  // keyboard: opening moves focus into the panel (the chosen range), Escape returns it
  useEffect(() => {
    if (!open) return;
    const buttons = [...(panel.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    (buttons.find((b) => b.getAttribute('aria-pressed') === 'true') ?? buttons[0])?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    trigger.current?.focus();
  }

  function choose(nextFrom: string, nextTo: string) {
    set({ from: nextFrom, to: nextTo });
    refresh();
    close();
  }

  function openPanel() {
    setAbsFrom(toLocalInput(parseTime(from, nowMs) ?? nowMs - 3_600_000));
    setAbsTo(toLocalInput(parseTime(to, nowMs) ?? nowMs));
    setProblem(null);
    setOpen(!open);
  }

  function applyAbsolute(e: FormEvent) {
    e.preventDefault();
    const f = fromLocalInput(absFrom);
    const t = fromLocalInput(absTo);
    if (!f || !t) return setProblem('Enter both a start and an end.');
    if (Date.parse(f) >= Date.parse(t)) return setProblem('The start must be before the end.');
    choose(f, t);
  }

  return (
    <div className="time-picker">
      <button
        ref={trigger}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Time range: ${describeRange(from, to)}`}
        onClick={openPanel}
      >
        {describeRange(from, to)} ▾
      </button>
      <button type="button" aria-label="Refresh" title="Refresh (now)" onClick={refresh}>
        ⟳
      </button>
      {open && (
        <div
          id={panelId}
          ref={panel}
          role="dialog"
          aria-label="Choose a time range"
          className="time-picker-panel"
          onKeyDown={(e) => e.key === 'Escape' && close()}
        >
          <ul aria-label="Relative ranges">
            {PRESETS.map((p) => (
              <li key={p.from}>
                <button
                  type="button"
                  aria-pressed={from === p.from && to === 'now'}
                  onClick={() => choose(p.from, 'now')}
                >
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
          <form onSubmit={applyAbsolute} aria-label="Absolute range">
            <label>
              From
              <input
                type="datetime-local"
                value={absFrom}
                onChange={(e) => setAbsFrom(e.target.value)}
              />
            </label>
            <label>
              To
              <input
                type="datetime-local"
                value={absTo}
                onChange={(e) => setAbsTo(e.target.value)}
              />
            </label>
            {problem && <p role="alert">{problem}</p>}
            <button type="submit">Apply range</button>
          </form>
        </div>
      )}
    </div>
  );
}
