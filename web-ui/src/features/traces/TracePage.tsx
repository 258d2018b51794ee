import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { Trace } from '../../api/types';
import { formatNanos, formatTime, nanosToMs } from '../../ui/format';
import { Empty, QueryView } from '../../ui/states';
import { Stats } from '../../ui/Stats';
import { useUrlState } from '../../ui/urlState';
import { useTrace } from './hooks';
import { buildWaterfall } from './waterfall';
import { SpanDetails } from './SpanDetails';
import { WaterfallView } from './WaterfallView';

/** One trace: summary, waterfall, the selected span's details, its logs and metric points. */
export default function TracePage() {
  const { traceId = '' } = useParams();
  const trace = useTrace(traceId);
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/traces">Traces</Link> /
      </p>
      <h1>
        Trace <code>{traceId}</code>
      </h1>
      <QueryView query={trace} what="the trace">
        {(t) => <TraceBody trace={t} />}
      </QueryView>
    </section>
  );
}

function TraceBody({ trace }: { trace: Trace }) {
  const url = useUrlState();
  const waterfall = useMemo(() => buildWaterfall(trace.spans), [trace.spans]);
  const selectedId = url.get('span') || null;
  const selected = selectedId ? waterfall.byId.get(selectedId) : undefined;
  const s = trace.summary;
  const logs = selectedId ? trace.logs.filter((l) => l.spanId === selectedId) : trace.logs;
  return (
    <>
      <nav aria-label="Related" className="related">
        <Link to={`/timeline?traceId=${trace.traceId}`}>Timeline of this trace</Link>
        <Link to={`/logs?traceId=${trace.traceId}&from=now-30d`}>Logs of this trace</Link>
      </nav>
      {s && (
        <Stats
          items={[
            { label: 'Root', value: `${s.rootService} ${s.rootOperation}` },
            { label: 'Duration', value: formatNanos(s.durationNanos) },
            { label: 'Spans', value: s.spanCount },
            { label: 'Errors', value: s.errorCount, bad: s.errorCount > 0 },
            { label: 'Services', value: s.services.join(', ') },
          ]}
        />
      )}
      {trace.spans.length === 0 ? (
        <Empty title="This trace has no spans yet (only logs point at it)." />
      ) : (
        <div className="split">
          <WaterfallView
            waterfall={waterfall}
            selected={selectedId}
            onSelect={(id) => url.set({ span: id === selectedId ? null : id }, true)}
          />
          <aside className="panel" aria-label="Span details">
            {selected ? (
              <SpanDetails span={selected.span} />
            ) : (
              <p>Select a span (click, or Enter on a row) to see its details.</p>
            )}
          </aside>
        </div>
      )}
      <h2>{selectedId ? 'Logs of the selected span' : 'Logs of this trace'}</h2>
      {logs.length === 0 ? (
        <Empty title="No logs." />
      ) : (
        <ul className="list logs-inline">
          {logs.map((l, i) => (
            <li key={l.timeUnixNano + i}>
              <time>{formatTime(nanosToMs(l.timeUnixNano))}</time>{' '}
              <span className={`sev-${l.severityText.toLowerCase()}`}>{l.severityText}</span>{' '}
              {l.body}
            </li>
          ))}
        </ul>
      )}
      <h2>Metric points with this trace as exemplar</h2>
      {trace.metricPoints.length === 0 ? (
        <Empty title="No exemplar-linked metric points." />
      ) : (
        <ul className="list">
          {trace.metricPoints.map((m, i) => (
            <li key={m.metricName + m.timeUnixNano + i}>
              <Link to={`/metrics?metric=${encodeURIComponent(m.metricName)}`}>{m.metricName}</Link>{' '}
              = {m.value} ({m.serviceName}) at {formatTime(nanosToMs(m.timeUnixNano))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
