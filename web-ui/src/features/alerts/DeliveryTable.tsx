import { formatTime } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { useAlertDeliveries } from './hooks';
import type { AlertDelivery } from './types';

const OUTCOMES: Record<string, string> = {
  REJECTED: 'rejected by the receiver',
  GAVE_UP: 'gave up',
  CIRCUIT_OPEN: 'circuit open',
  REFUSED: 'refused (destination not allowed)',
};

/** The alert's deliveries: every notification about it, per channel, newest first. */
export function DeliveryTable({ fingerprint }: { fingerprint: string }) {
  const deliveries = useAlertDeliveries(fingerprint);
  return (
    <section aria-labelledby="deliveries-heading">
      <h3 id="deliveries-heading">Deliveries</h3>
      <QueryView query={deliveries} what="the deliveries">
        {(history) =>
          history.deliveries.length === 0 ? (
            <Empty title="No deliveries yet">
              Nothing about this alert has been delivered to a channel. Check the alert routing if
              you expected a notification.
            </Empty>
          ) : (
            <table className="data">
              <caption className="sr-only">Deliveries of this alert</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Notification</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last HTTP status</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {history.deliveries.map((d) => (
                  <DeliveryRow key={d.deliveryId + d.channelId} delivery={d} />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}

function DeliveryRow({ delivery: d }: { delivery: AlertDelivery }) {
  const failed = d.status === 'FAILED';
  const outcome = failed && d.outcome ? OUTCOMES[d.outcome] : undefined;
  return (
    <tr>
      <td>
        <time dateTime={d.time}>{formatTime(Date.parse(d.time))}</time>
      </td>
      <td>{d.kind ?? '–'}</td>
      <td>
        {d.channelName ?? d.channelId}
        <div className="hint">
          {d.channelId}
          {d.channelType ? ` · ${d.channelType.toLowerCase()}` : ''}
        </div>
      </td>
      <td className={failed ? 'bad' : undefined}>
        {failed ? 'failed' : 'delivered'}
        {outcome && <div className="hint">{outcome}</div>}
      </td>
      <td>{d.attempts}</td>
      <td>{d.lastStatus ?? '–'}</td>
      <td>{d.error ? <span className="delivery-error">{d.error}</span> : '–'}</td>
    </tr>
  );
}
