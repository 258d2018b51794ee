import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { LogHit } from '../../api/types';
import { Chart } from '../../ui/Chart';
import { formatTime, nanosToMs } from '../../ui/format';
import { useClock, useTimeRange } from '../../ui/TimeContext';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { attributeLines, LoadMore } from '../../ui/LoadMore';
import { useUrlState } from '../../ui/urlState';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { useLogHistogram, useLogSearch, type LogFilters } from './hooks';

const SEVERITIES = ['', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const LIVE_EVERY_MS = 3000;

function rowKey(l: LogHit, i: number): string {
  return `${l.timeUnixNano}-${l.spanId}-${i}`;
}

const COLUMNS: Column<LogHit>[] = [
  {
    key: 'time',
    header: 'Time',
    width: '11rem',
    render: (l) => formatTime(nanosToMs(l.timeUnixNano)),
  },
  {
    key: 'sev',
    header: 'Severity',
    width: '5rem',
    render: (l) => <span className={`sev-${l.severityText.toLowerCase()}`}>{l.severityText}</span>,
  },
  { key: 'service', header: 'Service', width: '9rem', render: (l) => l.serviceName },
  { key: 'body', header: 'Message', width: 'minmax(0, 1fr)', render: (l) => l.body },
  {
    key: 'trace',
    header: 'Trace',
    width: '6rem',
    render: (l) =>
      l.traceId ? (
        <Link
          to={`/traces/${l.traceId}${l.spanId ? `?span=${l.spanId}` : ''}`}
          aria-label={`Trace of the log at ${formatTime(nanosToMs(l.timeUnixNano))}`}
          onClick={(e) => e.stopPropagation()}
        >
          trace
        </Link>
      ) : null,
  },
];

/** Text, severity, service, attributes and range; a histogram; a virtualized table; live tail. */
export default function LogsPage() {
  const url = useUrlState();
  const { range, error, to } = useTimeRange();
  const { refresh } = useClock();
  const filters: LogFilters = {
    q: url.get('q'),
    severity: url.get('severity'),
    service: url.get('service'),
    traceId: url.get('traceId'),
    attrs: url.getAll('attr'),
  };
  const [draft, setDraft] = useState({ ...filters, attrText: filters.attrs.join('\n') });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const live = url.get('live') === '1';
  const logs = useLogSearch(filters, range);
  const rows = useMemo(() => logs.data?.pages.flatMap((p) => p.logs) ?? [], [logs.data]);
  const histogram = useLogHistogram(filters, range);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refresh, LIVE_EVERY_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);

  const chart = useMemo(() => {
    const b = histogram.data?.buckets ?? [];
    return [
      b.map((x) => nanosToMs(x.timeUnixNano) / 1000),
      b.map((x) => x.count - x.errors),
      b.map((x) => x.errors),
    ] as [number[], number[], number[]];
  }, [histogram.data]);

  function submit(e: FormEvent) {
    e.preventDefault();
    url.set({
      q: draft.q,
      severity: draft.severity,
      service: draft.service,
      traceId: draft.traceId,
      attr: attributeLines(draft.attrText),
    });
  }

  function toggle(l: LogHit, i: number) {
    const k = rowKey(l, i);
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  }

  return (
    <section className="page">
      <h1>Logs</h1>
      <form className="toolbar" onSubmit={submit} aria-label="Search logs">
        <label>
          Text
          <input
            value={draft.q}
            placeholder="timeout"
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
        </label>
        <label>
          Severity (at least)
          <select
            value={draft.severity}
            onChange={(e) => setDraft({ ...draft, severity: e.target.value })}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s || 'Any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input
            value={draft.service}
            onChange={(e) => setDraft({ ...draft, service: e.target.value })}
          />
        </label>
        <label>
          Trace id
          <input
            value={draft.traceId}
            onChange={(e) => setDraft({ ...draft, traceId: e.target.value })}
          />
        </label>
        <label>
          Attributes (key=value, one a line)
          <textarea
            rows={1}
            value={draft.attrText}
            onChange={(e) => setDraft({ ...draft, attrText: e.target.value })}
          />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
        <button
          type="button"
          aria-pressed={live}
          disabled={to !== 'now'}
          title={to !== 'now' ? 'Live tail needs a range that ends now' : 'Refresh every 3 s'}
          onClick={() => url.set({ live: live ? null : '1' }, true)}
        >
          {live ? '● Live' : 'Live tail'}
        </button>
      </form>
      {error && <ErrorState error={error} />}
      {histogram.error ? (
        <ErrorState error={histogram.error} />
      ) : (
        <Chart
          title="Log records over time"
          data={chart}
          series={[
            { label: 'logs', bars: true, color: '#3b82f6' },
            { label: 'errors', bars: true, color: '#ef4444' },
          ]}
          height={120}
        />
      )}
      <QueryView query={logs} what="logs">
        {() => {
          if (rows.length === 0) return <Empty title="No logs match." />;
          return (
            <>
              <VirtualTable
                label="Log records"
                rows={rows}
                columns={COLUMNS}
                rowKey={rowKey}
                onActivate={toggle}
                expanded={open}
                renderExpanded={(l) => (
                  <dl className="kv">
                    <dt>Message</dt>
                    <dd>{l.body}</dd>
                    {l.traceId && (
                      <>
                        <dt>Trace</dt>
                        <dd>
                          <Link to={`/traces/${l.traceId}`}>{l.traceId}</Link>
                        </dd>
                      </>
                    )}
                    {Object.entries(l.attributes).map(([k, v]) => (
                      <div key={k} style={{ display: 'contents' }}>
                        <dt>{k}</dt>
                        <dd>{v}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              />
              <LoadMore count={rows.length} noun="records" query={logs} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
