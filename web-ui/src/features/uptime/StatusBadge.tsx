import type { Status } from './model';

/** The status in words and colour (never colour alone). */
export function StatusBadge({ status }: { status: Status }) {
  return <span className={`status status-${status.replace(' ', '-')}`}>{status}</span>;
}
