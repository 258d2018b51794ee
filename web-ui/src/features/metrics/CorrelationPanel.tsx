import { Link } from 'react-router';
import { formatTime, nanosToMs } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { useCorrelation } from './hooks';

/**
 * What explains a point: the metric's exemplar traces first, then the slowest and erroring traces,
 * then logs, each with the reason it is here; one click on to the trace.
 */
export function CorrelationPanel({
  metric,
  service,
  window,
  onClose,
}: {
  metric: string;
  service: string;
  window: { fromMs: number; toMs: number };
  onClose: () => void;
}) {
  const correlation = useCorrelation(metric, service, window);
  return (
    <aside className="panel" aria-label="Correlation">
      <div className="panel-head">
        <h2>
          Around {formatTime(window.fromMs)} – {formatTime(window.toMs)}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close correlation">
          ✕
        </button>
      </div>
      <QueryView query={correlation} what="correlated traces and logs">
        {(c) => {
          const exemplars = c.traces.filter((t) => t.reason.startsWith('exemplar'));
          const others = c.traces.filter((t) => !t.reason.startsWith('exemplar'));
          return (
            <>
              <h3>Exemplar traces</h3>
              {exemplars.length === 0 ? (
                <Empty title="No exemplars in this window." />
              ) : (
                <TraceList traces={exemplars} />
              )}
              <h3>Slowest and erroring traces</h3>
              {others.length > 0 ? (
                <TraceList traces={others} />
              ) : (
                <Empty title={noOthers(exemplars)} />
              )}
              <h3>Logs</h3>
              {c.logs.length === 0 ? (
                <Empty title="No logs of these services in this window." />
              ) : (
                <ul className="list">
                  {c.logs.map((l, i) => (
                    <li key={l.log.timeUnixNano + i}>
                      <span className="reason">{l.reason}</span>{' '}
                      <span className={`sev-${l.log.severityText.toLowerCase()}`}>
                        {l.log.severityText}
                      </span>{' '}
                      {l.log.body}{' '}
                      {l.log.traceId && (
                        <Link
                          to={`/traces/${l.log.traceId}`}
                          aria-label={`Trace of the log at ${formatTime(nanosToMs(l.log.timeUnixNano))}`}
                        >
                          trace
                        </Link>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </QueryView>
    </aside>
  );
}

/**
 * Why the list of slowest and erroring traces is empty: a trace is listed once, under its first
 * reason, so those that are also slow or erroring are already among the exemplars.
 */
export function noOthers(exemplars: readonly { reasons: string[] }[]): string {
  const also = exemplars.filter((t) => t.reasons.some((r) => !r.startsWith('exemplar'))).length;
  if (also === 0) return 'No other slow or erroring traces in this window.';
  return also === 1
    ? 'The slowest or erroring trace of this window is the exemplar above.'
    : `The slowest and erroring traces of this window are the ${also} exemplars above.`;
}

function TraceList({
  traces,
}: {
  traces: { traceId: string; serviceName: string; timeUnixNano: string; reasons: string[] }[];
}) {
  return (
    <ul className="list">
      {traces.map((t) => (
        <li key={t.traceId}>
          <Link to={`/traces/${t.traceId}`}>
            {t.serviceName} at {formatTime(nanosToMs(t.timeUnixNano))}
          </Link>
          <div className="reason">{t.reasons.join('; ')}</div>
        </li>
      ))}
    </ul>
  );
}
