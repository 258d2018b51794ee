import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/client';
import { PATHS } from '../../api/paths';
import type { TimelineItem, TimelinePage as Page } from '../../api/types';
import { formatNanos, formatTime, nanosToMs } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { useTimeRange } from '../../ui/TimeContext';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { apiRange, type ResolvedRange } from '../../ui/timeRange';
import { useUrlState } from '../../ui/urlState';
import { VirtualTable, type Column } from '../../ui/VirtualTable';

export const KINDS = ['span', 'log', 'metric', 'outage', 'alert'] as const;

function useTimeline(traceId: string, service: string, range: ResolvedRange | null) {
  return useInfiniteQuery({
    queryKey: ['timeline', traceId, service, traceId ? null : range],
    enabled: (traceId !== '' || service !== '') && (traceId !== '' || range !== null),
    placeholderData: keepPreviousData,
    initialPageParam: '',
    getNextPageParam: (last: Page) => last.nextCursor ?? undefined,
    queryFn: ({ signal, pageParam }) =>
      request<Page>(PATHS.timeline, {
        signal,
        query: {
          traceId,
          service,
          ...(traceId ? {} : apiRange(range)),
          limit: 1000,
          cursor: pageParam,
        },
      }),
  });
}

/** Where each item sits on the axis, 0..100 % (items oldest first, as the API sends them). */
export function placeItems(items: readonly TimelineItem[]) {
  if (items.length === 0) return { startMs: 0, endMs: 0, at: () => 0 };
  // items come oldest first
  const startMs = nanosToMs(items[0].timeUnixNano);
  const endMs = nanosToMs(items[items.length - 1].timeUnixNano);
  const span = Math.max(endMs - startMs, 1);
  return {
    startMs,
    endMs,
    at: (i: TimelineItem) => ((nanosToMs(i.timeUnixNano) - startMs) / span) * 100,
  };
}

const COLUMNS: Column<TimelineItem>[] = [
  {
    key: 'time',
    header: 'Time',
    width: '11rem',
    render: (i) => formatTime(nanosToMs(i.timeUnixNano)),
  },
  {
    key: 'type',
    header: 'Kind',
    width: '5rem',
    render: (i) => <span className={`kind kind-${i.type}`}>{i.type}</span>,
  },
  { key: 'service', header: 'Service', width: '9rem', render: (i) => i.serviceName },
  {
    key: 'what',
    header: 'What',
    width: 'minmax(0, 1fr)',
    render: (i) => (
      <span>
        {i.name}
        {i.type === 'span' && i.detail
          ? ` (${formatNanos(i.detail)})`
          : i.detail
            ? ` — ${i.detail}`
            : ''}
        {i.extra && i.type !== 'span' ? ` [${i.extra}]` : ''}
        {i.type === 'span' && i.extra === 'Error' ? <span className="bad"> error</span> : null}
      </span>
    ),
  },
  {
    key: 'trace',
    header: 'Trace',
    width: '5rem',
    render: (i) =>
      i.traceId ? (
        <Link
          to={`/traces/${i.traceId}${i.spanId ? `?span=${i.spanId}` : ''}`}
          aria-label={`Trace of ${i.type} ${i.name}`}
        >
          trace
        </Link>
      ) : null,
  },
];

/** Metrics, logs, spans, probe outages and alerts of a service or a trace on one time axis. */
export default function TimelinePage() {
  const url = useUrlState();
  const { range, error } = useTimeRange();
  const traceId = url.get('traceId');
  const service = url.get('service');
  const hideParam = url.getAll('hide').join(',');
  const hidden = useMemo(() => new Set(hideParam.split(',').filter(Boolean)), [hideParam]);
  const timeline = useTimeline(traceId, service, range);
  const items = useMemo(() => timeline.data?.pages.flatMap((p) => p.items) ?? [], [timeline.data]);
  const shown = useMemo(() => items.filter((i) => !hidden.has(i.type)), [items, hidden]);
  const place = useMemo(() => placeItems(items), [items]);

  function toggle(kind: string) {
    const now = url.getAll('hide');
    url.set({ hide: now.includes(kind) ? now.filter((k) => k !== kind) : [...now, kind] }, true);
  }

  if (!traceId && !service) {
    return (
      <section className="page">
        <h1>Timeline</h1>
        <Empty title="Open a timeline from a service or a trace.">
          <Link to="/services">Pick a service</Link> or <Link to="/traces">a trace</Link>.
        </Empty>
      </section>
    );
  }

  return (
    <section className="page">
      <h1>
        Timeline of{' '}
        {traceId ? (
          <>
            trace <code>{traceId}</code>
          </>
        ) : (
          service
        )}
      </h1>
      {error && !traceId && <ErrorState error={error} />}
      <fieldset className="toolbar kinds">
        <legend>Show</legend>
        {KINDS.map((k) => (
          <label key={k} className="inline">
            <input type="checkbox" checked={!hidden.has(k)} onChange={() => toggle(k)} />
            {k}s ({items.filter((i) => i.type === k).length})
          </label>
        ))}
      </fieldset>
      <QueryView query={timeline} what="the timeline">
        {() =>
          shown.length === 0 ? (
            <Empty title="Nothing on the timeline." />
          ) : (
            <>
              <div
                className="lanes"
                role="img"
                aria-label={`${shown.length} items from ${formatTime(place.startMs)} to ${formatTime(place.endMs)}`}
              >
                {KINDS.filter((k) => !hidden.has(k)).map((k) => (
                  <div key={k} className="lane">
                    <span className="lane-name">{k}</span>
                    <div className="lane-track">
                      {shown
                        .filter((i) => i.type === k)
                        .slice(0, 2000)
                        .map((i, n) => (
                          <span
                            key={n}
                            className={`dot kind-${k}${i.extra === 'Error' || i.extra === 'FIRING' || i.extra === 'OPEN' ? ' dot-bad' : ''}`}
                            style={{ left: `${place.at(i)}%` }}
                            title={`${formatTime(nanosToMs(i.timeUnixNano))} ${i.serviceName} ${i.name}`}
                          />
                        ))}
                    </div>
                  </div>
                ))}
                <div className="lane-axis">
                  <span>{formatTime(place.startMs)}</span>
                  <span>{formatTime(place.endMs)}</span>
                </div>
              </div>
              <VirtualTable
                label="Timeline items"
                rows={shown}
                columns={COLUMNS}
                rowKey={(i, n) => `${i.type}${i.timeUnixNano}${i.spanId}${n}`}
              />
              <LoadMore count={items.length} noun="items" query={timeline} />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
