import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { TraceHit } from '../../api/types';
import { formatNanos, formatTime, nanosToMs } from '../../ui/format';
import { useTimeRange } from '../../ui/TimeContext';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { attributeLines, LoadMore } from '../../ui/LoadMore';
import { useUrlState } from '../../ui/urlState';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { useTraceSearch, type TraceFilters } from './hooks';

const FIELDS: { key: keyof Omit<TraceFilters, 'attrs'>; label: string; placeholder: string }[] = [
  { key: 'service', label: 'Service', placeholder: 'checkout' },
  { key: 'operation', label: 'Operation', placeholder: 'POST /checkout' },
  { key: 'minDuration', label: 'Min duration', placeholder: '500ms' },
  { key: 'maxDuration', label: 'Max duration', placeholder: '10s' },
  { key: 'region', label: 'Region', placeholder: 'eu-west' },
];

const COLUMNS: Column<TraceHit>[] = [
  {
    key: 'start',
    header: 'Start',
    width: '11rem',
    render: (t) => formatTime(nanosToMs(t.startTimeUnixNano)),
  },
  {
    key: 'root',
    header: 'Root',
    width: 'minmax(12rem, 2fr)',
    render: (t) => (
      <span>
        <strong>{t.rootService}</strong> {t.rootOperation}
      </span>
    ),
  },
  {
    key: 'duration',
    header: 'Duration',
    width: '6rem',
    render: (t) => formatNanos(t.durationNanos),
  },
  { key: 'spans', header: 'Spans', width: '4rem', render: (t) => t.spanCount },
  {
    key: 'errors',
    header: 'Errors',
    width: '4rem',
    render: (t) => <span className={t.errorCount > 0 ? 'bad' : undefined}>{t.errorCount}</span>,
  },
  {
    key: 'services',
    header: 'Services',
    width: 'minmax(8rem, 1fr)',
    render: (t) => t.services.join(', '),
  },
  { key: 'regions', header: 'Regions', width: '8rem', render: (t) => t.regions.join(', ') },
];

/** Search by service, operation, duration, status, region, attributes and range. */
export default function TracesPage() {
  const url = useUrlState();
  const { range, error } = useTimeRange();
  const navigate = useNavigate();
  const filters: TraceFilters = {
    service: url.get('service'),
    operation: url.get('operation'),
    minDuration: url.get('minDuration'),
    maxDuration: url.get('maxDuration'),
    status: url.get('status'),
    region: url.get('region'),
    attrs: url.getAll('attr'),
  };
  const [draft, setDraft] = useState(filters);
  const [attrText, setAttrText] = useState(filters.attrs.join('\n'));
  const search = useTraceSearch(filters, range);
  const hits = useMemo(() => search.data?.pages.flatMap((p) => p.traces) ?? [], [search.data]);

  function submit(e: FormEvent) {
    e.preventDefault();
    url.set({ ...draft, attr: attributeLines(attrText) });
  }

  return (
    <section className="page">
      <h1>Traces</h1>
      <form className="toolbar" onSubmit={submit} aria-label="Search traces">
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input
              value={draft[f.key]}
              placeholder={f.placeholder}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
            />
          </label>
        ))}
        <label>
          Status
          <select
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.target.value })}
          >
            <option value="">Any</option>
            <option value="error">Error</option>
            <option value="ok">OK</option>
          </select>
        </label>
        <label>
          Attributes (key=value, one a line)
          <textarea
            rows={1}
            value={attrText}
            placeholder="http.route=/cart"
            onChange={(e) => setAttrText(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {error && <ErrorState error={error} />}
      <QueryView query={search} what="traces">
        {() => {
          if (hits.length === 0) {
            return (
              <Empty title="No traces match.">
                Widen the time range or loosen the filters. A trace is listed once it is complete
                (30 s after its last span).
              </Empty>
            );
          }
          return (
            <>
              <VirtualTable
                label="Traces found"
                rows={hits}
                columns={COLUMNS}
                rowKey={(t) => t.traceId}
                onActivate={(t) => navigate(`/traces/${t.traceId}`)}
              />
              <LoadMore count={hits.length} noun="traces" query={search} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
