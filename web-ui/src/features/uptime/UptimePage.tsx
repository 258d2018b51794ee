import { Link, useNavigate } from 'react-router';
import { useClock } from '../../ui/TimeContext';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { useUrlState } from '../../ui/urlState';
import { useSignedIn } from '../auth/session';
import { EndpointForm } from './EndpointForm';
import { useEndpoints, useNinetyDays, useProbeLatency } from './hooks';
import type { Endpoint, SlaReport } from './model';
import { currentStatus, dailyBars, overallUptime } from './model';
import { SlaSection } from './SlaSection';
import { StatusBadge } from './StatusBadge';
import { StatusPageEditor } from './StatusPageEditor';
import { UptimeBars } from './UptimeBars';

const VIEWS = [
  { id: 'endpoints', label: 'Endpoints' },
  { id: 'status-page', label: 'Status page' },
  { id: 'sla', label: 'SLA report' },
] as const;

/** Monitored endpoints with their status and 90 days of uptime; the status page; SLA reports. */
export default function UptimePage() {
  const url = useUrlState();
  const view = VIEWS.find((v) => v.id === url.get('view'))?.id ?? 'endpoints';
  return (
    <section className="page">
      <h1>Uptime</h1>
      <nav aria-label="Uptime views" className="tabs">
        {VIEWS.map((v) => (
          <Link
            key={v.id}
            to={v.id === 'endpoints' ? '/uptime' : `/uptime?view=${v.id}`}
            aria-current={v.id === view ? 'page' : undefined}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      {view === 'endpoints' && <Endpoints />}
      {view === 'status-page' && <StatusPageEditor />}
      {view === 'sla' && <SlaSection />}
    </section>
  );
}

function Endpoints() {
  const session = useSignedIn();
  const url = useUrlState();
  const navigate = useNavigate();
  const endpoints = useEndpoints();
  const days = useNinetyDays();
  const adding = session.canEdit && url.get('new') === '1';
  return (
    <>
      {session.canEdit && !adding && (
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => url.set({ new: '1' })}>
            Add endpoint
          </button>
        </div>
      )}
      {adding && (
        <EndpointForm
          onSaved={(e) => navigate(`/uptime/${encodeURIComponent(e.id)}`)}
          onCancel={() => url.set({ new: null })}
        />
      )}
      {endpoints.error ? (
        <ErrorState error={endpoints.error} retry={() => void endpoints.refetch()} />
      ) : !endpoints.data ? (
        <Loading what="endpoints" />
      ) : endpoints.data.length === 0 ? (
        <Empty title="No endpoints are monitored yet.">
          {session.canEdit
            ? 'Add one: probes check it from every region you pick.'
            : 'An editor or admin can add one.'}
        </Empty>
      ) : (
        <table className="data">
          <caption className="sr-only">Monitored endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">Status</th>
              <th scope="col">Last 90 days</th>
              <th scope="col">Uptime</th>
              <th scope="col">URL</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data.map((e) => (
              <EndpointRow key={e.id} endpoint={e} reports={days.reports} today={days.today} />
            ))}
          </tbody>
        </table>
      )}
      {days.error && <ErrorState error={days.error} />}
    </>
  );
}

function EndpointRow({
  endpoint,
  reports,
  today,
}: {
  endpoint: Endpoint;
  reports: SlaReport[];
  today: string | null;
}) {
  const { nowMs } = useClock();
  const latency = useProbeLatency(endpoint.id, nowMs - 86_400_000, nowMs, '1h');
  const checks = latency.data?.regions.reduce((s, r) => s + r.count, 0);
  const ongoing =
    reports[0]?.endpoints.find((a) => a.id === endpoint.id)?.outages.filter((o) => o.ongoing) ?? [];
  const bars = today ? dailyBars(reports, endpoint.id, today) : [];
  const uptime = overallUptime(bars);
  return (
    <tr>
      <th scope="row">
        <Link to={`/uptime/${encodeURIComponent(endpoint.id)}`}>{endpoint.name}</Link>
      </th>
      <td>
        {latency.data ? <StatusBadge status={currentStatus(endpoint, ongoing, checks)} /> : '…'}
      </td>
      <td>{today ? <UptimeBars name={endpoint.name} days={bars} /> : '…'}</td>
      <td>{uptime === null ? 'no data' : `${uptime.toFixed(3)}%`}</td>
      <td className="muted">{endpoint.url}</td>
    </tr>
  );
}
