import type { ReactNode } from 'react';

/** A row of labelled figures. */
export function Stats({ items }: { items: { label: string; value: ReactNode; bad?: boolean }[] }) {
  return (
    <dl className="stats">
      {items.map((i) => (
        <div key={i.label}>
          <dt>{i.label}</dt>
          <dd className={i.bad ? 'bad' : undefined}>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
