import { Link } from 'react-router';
import type { Span } from '../../api/types';
import { formatNanos, formatTime, nanosToMs } from '../../ui/format';
import { isError } from './waterfall';

function Attributes({ values }: { values: Record<string, string> | undefined }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="muted">None.</p>;
  return (
    <dl className="kv">
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A span: ids, times, status, attributes, events, links and resource. */
export function SpanDetails({ span }: { span: Span }) {
  const events = span.events ?? [];
  const links = span.spanLinks ?? [];
  return (
    <>
      <h2>{span.name}</h2>
      <dl className="kv">
        <dt>Service</dt>
        <dd>{span.serviceName}</dd>
        <dt>Kind</dt>
        <dd>{span.kind || '–'}</dd>
        <dt>Span id</dt>
        <dd>
          <code>{span.spanId}</code>
        </dd>
        <dt>Parent</dt>
        <dd>
          <code>{span.parentSpanId || '(root)'}</code>
        </dd>
        <dt>Start</dt>
        <dd>{formatTime(nanosToMs(span.startTimeUnixNano))}</dd>
        <dt>Duration</dt>
        <dd>{formatNanos(span.durationNanos)}</dd>
        <dt>Status</dt>
        <dd className={isError(span) ? 'bad' : undefined}>
          {span.status?.code ?? 'Unset'} {span.status?.message}
        </dd>
      </dl>
      <h3>Attributes</h3>
      <Attributes values={span.attributes} />
      <h3>Events ({events.length})</h3>
      {events.map((e, i) => (
        <details key={e.timeUnixNano + i}>
          <summary>
            {formatTime(nanosToMs(e.timeUnixNano))} {e.name}
          </summary>
          <Attributes values={e.attributes} />
        </details>
      ))}
      <h3>Links ({links.length})</h3>
      {links.map((l) => (
        <details key={l.traceId + l.spanId}>
          <summary>
            <Link to={`/traces/${l.traceId}?span=${l.spanId}`}>
              {l.traceId.slice(0, 8)}… / {l.spanId}
            </Link>
          </summary>
          <Attributes values={l.attributes} />
        </details>
      ))}
      <h3>Resource</h3>
      <Attributes values={span.resource} />
    </>
  );
}
