import { Link } from 'react-router';
import { formatTime } from '../../ui/format';
import { useSignedIn } from '../auth/session';
import { formatMatcher, matchersFor } from './matchers';
import type { Alert } from './types';

/** `/alerts/silences/new?m=rule=x&m=slo=y`: a silence form for exactly this alert. */
export function silenceLink(a: Alert): string {
  const q = new URLSearchParams();
  matchersFor(a.labels).forEach((m) => q.append('m', formatMatcher(m)));
  q.set('comment', `silenced from alert ${a.name}`);
  return `/alerts/silences/new?${q.toString()}`;
}

export function alertLink(a: Alert): string {
  return `/alerts/${encodeURIComponent(a.fingerprint)}?startsAt=${encodeURIComponent(a.startsAt)}`;
}

/** Alerts with their state, labels and life; editors get a "Silence" link per firing alert. */
export function AlertTable({ alerts, caption }: { alerts: Alert[]; caption: string }) {
  const session = useSignedIn();
  return (
    <table className="data">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">Severity</th>
          <th scope="col">Alert</th>
          <th scope="col">Labels</th>
          <th scope="col">Started</th>
          <th scope="col">Resolved</th>
          {session.canEdit && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.fingerprint + a.startsAt}>
            <td className={a.state === 'FIRING' ? 'bad' : undefined}>{a.state.toLowerCase()}</td>
            <td>{a.severity.toLowerCase()}</td>
            <td>
              <Link to={alertLink(a)}>{a.name}</Link>
              {a.summary && <div className="hint">{a.summary}</div>}
            </td>
            <td>
              <ul className="chips" aria-label={`Labels of ${a.name}`}>
                {Object.entries(a.labels).map(([k, v]) => (
                  <li key={k}>
                    {k}={v}
                  </li>
                ))}
              </ul>
            </td>
            <td>{formatTime(Date.parse(a.startsAt))}</td>
            <td>{a.endsAt ? formatTime(Date.parse(a.endsAt)) : '–'}</td>
            {session.canEdit && (
              <td>
                {a.state === 'FIRING' && (
                  <Link
                    className="button"
                    to={silenceLink(a)}
                    aria-label={`Silence ${a.name} (${Object.values(a.labels).join(', ')})`}
                  >
                    Silence
                  </Link>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
