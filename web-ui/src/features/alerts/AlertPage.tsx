import { Link, useParams, useSearchParams } from 'react-router';
import { formatTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import { silenceLink } from './AlertTable';
import { useAlerts, useDeliveries } from './hooks';
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
  const deliveries = useDeliveries(a.fingerprint);
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
      <h3>Deliveries</h3>
      <QueryView query={deliveries} what="the deliveries">
        {(d) =>
          d.deliveries.length === 0 ? (
            <Empty title="No notification delivered yet" />
          ) : (
            <table className="data">
              <caption className="sr-only">Delivery attempts of {a.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Time</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {d.deliveries.map((x) => (
                  <tr key={x.deliveryId + x.channelId}>
                    <td>{x.channelId}</td>
                    <td>{formatTime(Date.parse(x.time))}</td>
                    <td className={x.status === 'DELIVERED' ? undefined : 'bad'}>
                      {(x.outcome ?? x.status).toLowerCase()}
                      {x.lastStatus > 0 ? ` (${x.lastStatus})` : ''}
                    </td>
                    <td>{x.attempts}</td>
                    <td>{x.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </>
  );
}
