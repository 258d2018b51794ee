import { Link, useNavigate, useParams } from 'react-router';
import { Chart } from '../../ui/Chart';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { alignSeries } from '../../ui/align';
import { formatDuration } from '../../ui/format';
import { useClock, useTimeRange } from '../../ui/TimeContext';
import { Empty, ErrorState, Loading, QueryView } from '../../ui/states';
import { useUrlState } from '../../ui/urlState';
import { useSignedIn } from '../auth/session';
import { EndpointForm } from './EndpointForm';
import {
  useDeleteEndpoint,
  useEndpoint,
  useNinetyDays,
  useOutages,
  useProbeLatency,
} from './hooks';
import { currentStatus, dailyBars, overallUptime, type Endpoint } from './model';
import { StatusBadge } from './StatusBadge';
import { UptimeBars } from './UptimeBars';

/** A step that gives a chart about 120 points over the range. */
function stepFor(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000 / 120));
  return `${minutes}m`;
}

/** One endpoint: status, 90-day bars, check latency by region over the range, outages, edit. */
export default function EndpointPage() {
  const { endpointId = '' } = useParams();
  const endpoint = useEndpoint(endpointId);
  return (
    <section className="page">
      <p>
        <Link to="/uptime">Uptime</Link> /
      </p>
      <QueryView query={endpoint} what="the endpoint">
        {(e) => <EndpointView endpoint={e} />}
      </QueryView>
    </section>
  );
}

function EndpointView({ endpoint }: { endpoint: Endpoint }) {
  const session = useSignedIn();
  const url = useUrlState();
  const navigate = useNavigate();
  const { nowMs } = useClock();
  const { range, error: rangeError } = useTimeRange();
  const days = useNinetyDays();
  const lastDay = useProbeLatency(endpoint.id, nowMs - 86_400_000, nowMs, '1h');
  const fromMs = range?.fromMs ?? nowMs - 3_600_000;
  const toMs = range?.toMs ?? nowMs;
  const latency = useProbeLatency(endpoint.id, fromMs, toMs, stepFor(toMs - fromMs));
  const outages = useOutages(endpoint.id, nowMs - 90 * 86_400_000);
  const remove = useDeleteEndpoint();
  const editing = session.canEdit && url.get('edit') === '1';
  const ongoing = (outages.data?.outages ?? []).filter((o) => o.state === 'OPEN');
  const checks = lastDay.data?.regions.reduce((s, r) => s + r.count, 0);
  const bars = days.today ? dailyBars(days.reports, endpoint.id, days.today) : [];
  const uptime = overallUptime(bars);
  const regions = latency.data?.regions ?? [];

  return (
    <>
      <h1>{endpoint.name}</h1>
      <p>
        {lastDay.data && outages.data ? (
          <StatusBadge status={currentStatus(endpoint, ongoing, checks)} />
        ) : (
          'Checking status…'
        )}{' '}
        <span className="muted">
          {endpoint.method ?? 'GET'} {endpoint.url} from {endpoint.regions.join(', ')} every{' '}
          {formatDuration(endpoint.intervalMs ?? 30_000)}
          {checks !== undefined && `; ${checks} checks in the last 24 h`}
        </span>
      </p>
      {session.canEdit && !editing && (
        <div className="toolbar">
          <button type="button" onClick={() => url.set({ edit: '1' })}>
            Edit endpoint
          </button>
          <ConfirmButton
            label="Delete endpoint"
            name={`Delete endpoint ${endpoint.name}`}
            confirm={`delete ${endpoint.name}`}
            warning={`Delete ${endpoint.name} and stop checking it?`}
            onConfirm={() => remove.mutate(endpoint.id, { onSuccess: () => navigate('/uptime') })}
          />
          {remove.error && <ErrorState error={remove.error} />}
        </div>
      )}
      {editing && (
        <EndpointForm
          endpoint={endpoint}
          onSaved={() => url.set({ edit: null })}
          onCancel={() => url.set({ edit: null })}
        />
      )}
      <h2>Last 90 days</h2>
      {days.today ? (
        <>
          <UptimeBars name={endpoint.name} days={bars} />
          <p className="muted">
            {uptime === null ? 'No data yet.' : `${uptime.toFixed(3)}% up over the measured days.`}{' '}
            Grey days have no data (before the endpoint existed, or without checks).
          </p>
        </>
      ) : days.error ? (
        <ErrorState error={days.error} />
      ) : (
        <Loading what="uptime" />
      )}
      <h2>Check latency by region</h2>
      {rangeError && <ErrorState error={rangeError} />}
      <QueryView query={latency} what="latency">
        {() =>
          regions.length === 0 ? (
            <Empty title="No checks in this range yet.">
              The probes report every {formatDuration(endpoint.intervalMs ?? 30_000)}; widen the
              time range or wait for the first checks.
            </Empty>
          ) : (
            <>
              <Chart
                title={`p95 check latency of ${endpoint.name} by region`}
                data={alignSeries(
                  regions.map((r) => r.series),
                  (p) => p.timeUnixNano,
                  (p) => p.p95Ms,
                )}
                series={regions.map((r) => ({ label: r.region }))}
                height={240}
                yFormat={(v) => `${Math.round(v)} ms`}
              />
              <table className="data">
                <caption className="sr-only">Checks per region</caption>
                <thead>
                  <tr>
                    <th scope="col">Region</th>
                    <th scope="col">Checks</th>
                    <th scope="col">Failed</th>
                    <th scope="col">p50</th>
                    <th scope="col">p95</th>
                  </tr>
                </thead>
                <tbody>
                  {regions.map((r) => (
                    <tr key={r.region}>
                      <th scope="row">{r.region}</th>
                      <td>{r.count}</td>
                      <td>{(r.errorRate * 100).toFixed(1)}%</td>
                      <td>{formatDuration(r.p50Ms)}</td>
                      <td>{formatDuration(r.p95Ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </QueryView>
      <h2>Outages (90 days)</h2>
      <QueryView query={outages} what="outages">
        {(o) =>
          o.outages.length === 0 ? (
            <Empty title="No outages in the last 90 days." />
          ) : (
            <table className="data">
              <caption className="sr-only">Outages of {endpoint.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Started</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Regions</th>
                  <th scope="col">Cause</th>
                </tr>
              </thead>
              <tbody>
                {o.outages.map((x) => (
                  <tr key={x.outageId}>
                    <th scope="row">
                      {x.kind}
                      {x.state === 'OPEN' && ' (ongoing)'}
                    </th>
                    <td>{new Date(x.start).toLocaleString()}</td>
                    <td>{formatDuration(x.durationMs)}</td>
                    <td>{x.regions.join(', ')}</td>
                    <td>{x.cause}</td>
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
