import { useState, type FormEvent } from 'react';
import { withQuery } from '../../api/client';
import { PATHS } from '../../api/paths';
import { apiRange } from '../../ui/timeRange';
import { useTimeRange } from '../../ui/TimeContext';
import { QueryView } from '../../ui/states';
import { useUrlState } from '../../ui/urlState';
import { useSignedIn } from '../auth/session';
import { useAudit } from './hooks';
import { AdminsOnly } from './SettingsLayout';

const FILTERS = [
  { id: 'actor', label: 'Actor', hint: 'e.g. user:… or key:…' },
  { id: 'action', label: 'Action', hint: 'e.g. PUT /api/v1/settings' },
  { id: 'object', label: 'Object', hint: 'exact' },
] as const;

/**
 * The tenant's audit log, newest first, over the page's time range: filters in the URL, pages
 * through the cursor, the same view as CSV.
 */
export default function AuditPage() {
  const session = useSignedIn();
  const url = useUrlState();
  const { range } = useTimeRange();
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTERS.map((f) => [f.id, url.get(f.id)])),
  );
  const query = {
    ...apiRange(range),
    actor: url.get('actor'),
    action: url.get('action'),
    object: url.get('object'),
    cursor: url.get('cursor'),
    limit: 100,
  };
  const audit = useAudit(query, session.isAdmin);
  if (!session.isAdmin) return <AdminsOnly what="the audit log" role={session.role} />;
  function submit(e: FormEvent) {
    e.preventDefault();
    url.set({ ...typed, cursor: null });
  }
  const csv = withQuery(PATHS.audit, { ...query, cursor: undefined, limit: 1000, format: 'csv' });
  return (
    <>
      <form className="toolbar" aria-label="Filter the audit log" onSubmit={submit}>
        {FILTERS.map((f) => (
          <label key={f.id}>
            {f.label}
            <input
              value={typed[f.id]}
              placeholder={f.hint}
              onChange={(e) => setTyped({ ...typed, [f.id]: e.target.value })}
            />
          </label>
        ))}
        <button type="submit" className="primary">
          Filter
        </button>
        <a href={csv} download>
          Export as CSV
        </a>
      </form>
      <QueryView query={audit} what="the audit log">
        {(a) => (
          <>
            <table className="data">
              <caption className="sr-only">Audit log entries</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Object</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {a.items.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{new Date(e.time).toLocaleString()}</th>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.object}</td>
                    <td>{e.outcome}</td>
                    <td className="detail">{e.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {a.items.length === 0 && <p className="muted">No entries match.</p>}
            {a.nextCursor && (
              <button type="button" onClick={() => url.set({ cursor: a.nextCursor })}>
                Older entries
              </button>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
