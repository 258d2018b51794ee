import { Link, useParams, useSearchParams } from 'react-router';
import { formatTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import { silenceLink } from './AlertTable';
import { DeliveryTable } from './DeliveryTable';
import { useAlerts } from './hooks';
import type { Alert } from './types';

/** `/alerts/{fingerprint}?startsAt=`: one alert, its labels, its timeline and its deliveries. */
export default function AlertPage() {
  const fingerprint = useParams().fingerprint ?? '';
  const [params] = useSearchParams();
  const startsAt = params.get('startsAt');
  const alerts = useAlerts('', 35);
  return (
    <QueryView query={alerts} what="the alert">
      {(page) => {
        const a = page.alerts.find(
          (x) => x.fingerprint === fingerprint && (!startsAt || x.startsAt === startsAt),
        );
        return a ? <AlertView alert={a} /> : <Empty title="No such alert in the last 35 days" />;
      }}
    </QueryView>
  );
}

function AlertView({ alert: a }: { alert: Alert }) {
  const session = useSignedIn();
  const timeline = [
    { at: a.startsAt, what: 'fired' },
    ...(a.sequence > 1 && a.updatedAt !== a.startsAt && a.state === 'FIRING'
      ? [{ at: a.updatedAt, what: `updated (${a.sequence - 1} changes)` }]
      : []),
    ...(a.endsAt ? [{ at: a.endsAt, what: 'resolved' }] : []),
  ];
  return (
    <>
      <h2>
        {a.name} <span className="badge">{a.state.toLowerCase()}</span>{' '}
        <span className="badge">{a.severity.toLowerCase()}</span>
      </h2>
      {a.summary && <p>{a.summary}</p>}
      {session.canEdit && a.state === 'FIRING' && (
        <Link className="button" to={silenceLink(a)}>
          Silence this alert
        </Link>
      )}
      <h3>Labels</h3>
      <dl className="kv">
        {Object.entries(a.labels).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Timeline</h3>
      <ol className="timeline" aria-label="Alert timeline">
        {timeline.map((t) => (
          <li key={t.what}>
            <time dateTime={t.at}>{formatTime(Date.parse(t.at))}</time> {t.what}
          </li>
        ))}
      </ol>
      <DeliveryTable fingerprint={a.fingerprint} />
    </>
  );
}
