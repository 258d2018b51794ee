import { Link, useParams } from 'react-router';
import type { RedGroup } from '../../api/types';
import { alignSeries } from '../../ui/align';
import { Chart } from '../../ui/Chart';
import { formatDuration, formatPercent, formatRate } from '../../ui/format';
import { useTimeRange } from '../../ui/TimeContext';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { Stats } from '../../ui/Stats';
import { rangeQuery } from '../../ui/urlState';
import { useService } from './hooks';
import { RED_HEADERS, RedCells } from './RedCells';

/** p95 per region over time, one line per region on a shared time axis. */
function latencyByRegion(regions: RedGroup[]) {
  return {
    data: alignSeries(
      regions.map((r) => r.series),
      (p) => p.timeUnixNano,
      (p) => p.p95Ms,
    ),
    labels: regions.map((r) => r.name || '(no region)'),
  };
}

/** One service: figures, latency by region, operations, endpoints, alerts, links on. */
export function ServicePage() {
  const { name = '' } = useParams();
  const { from, to, range, error } = useTimeRange();
  const service = useService(name, range);
  const q = rangeQuery(from, to);
  const withRange = (p: URLSearchParams) => {
    const extra = new URLSearchParams(q);
    extra.forEach((v, k) => p.set(k, v));
    return p.toString();
  };
  return (
    <section className="page">
      <p className="crumbs">
        <Link to={`/services${q ? '?' + q : ''}`}>Services</Link> /
      </p>
      <h1>{name}</h1>
      {error && <ErrorState error={error} />}
      <QueryView query={service} what={`service ${name}`}>
        {(s) => {
          const chart = latencyByRegion(s.regions);
          return (
            <>
              <nav aria-label="Related" className="related">
                <Link to={`/traces?${withRange(new URLSearchParams({ service: name }))}`}>
                  Traces of {name}
                </Link>
                <Link to={`/logs?${withRange(new URLSearchParams({ service: name }))}`}>
                  Logs of {name}
                </Link>
                <Link to={`/timeline?${withRange(new URLSearchParams({ service: name }))}`}>
                  Timeline of {name}
                </Link>
              </nav>
              <Stats
                items={[
                  { label: 'Requests', value: formatRate(s.requestRate) },
                  { label: 'Errors', value: formatPercent(s.errorRate), bad: s.errorRate > 0.01 },
                  { label: 'p50', value: formatDuration(s.p50Ms) },
                  { label: 'p95', value: formatDuration(s.p95Ms) },
                  { label: 'p99', value: formatDuration(s.p99Ms) },
                ]}
              />
              <h2>Latency by region (p95)</h2>
              {s.regions.length === 0 ? (
                <Empty title="No requests in this range." />
              ) : (
                <Chart
                  title={`p95 latency of ${name} by region`}
                  data={chart.data}
                  series={chart.labels.map((label) => ({ label }))}
                  yFormat={(v) => formatDuration(v)}
                />
              )}
              <h2>Regions</h2>
              <GroupTable groups={s.regions} label="Region" caption={`Regions of ${name}`} />
              <h2>Operations</h2>
              <GroupTable
                groups={s.operations}
                label="Operation"
                caption={`Operations of ${name}`}
                link={(op) =>
                  `/traces?${withRange(new URLSearchParams({ service: name, operation: op }))}`
                }
              />
              <h2>Endpoints</h2>
              {s.endpoints.length === 0 ? (
                <Empty title="No monitored endpoints belong to this service." />
              ) : (
                <ul className="list">
                  {s.endpoints.map((e) => (
                    <li key={e.id}>
                      <strong>{e.name}</strong> <code>{e.url}</code> from {e.regions.join(', ')}
                    </li>
                  ))}
                </ul>
              )}
              <h2>Alerts</h2>
              {s.alerts.length === 0 ? (
                <Empty title="No alerts in this range." />
              ) : (
                <ul className="list">
                  {s.alerts.map((a) => (
                    <li key={a.fingerprint + a.startsAt}>
                      <span className={`badge ${a.state.toLowerCase()}`}>{a.state}</span>{' '}
                      <span className="badge">{a.severity}</span> <strong>{a.name}</strong>{' '}
                      {a.summary}{' '}
                      <time dateTime={a.startsAt}>{new Date(a.startsAt).toLocaleString()}</time>
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function GroupTable({
  groups,
  label,
  caption,
  link,
}: {
  groups: RedGroup[];
  label: string;
  caption: string;
  link?: (name: string) => string;
}) {
  if (groups.length === 0) return <Empty title="No requests in this range." />;
  return (
    <table className="data">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          {RED_HEADERS.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.name}>
            <th scope="row">
              {link ? <Link to={link(g.name)}>{g.name}</Link> : g.name || '(none)'}
            </th>
            <RedCells group={g} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
