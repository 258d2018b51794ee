import { Link, useNavigate, useParams } from 'react-router';
import { Chart } from '../../ui/Chart';
import { Stats } from '../../ui/Stats';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import { AlertTable } from '../alerts/AlertTable';
import { defaultConditions, describeExhaustion, pct, seriesOf, sli, thresholdFor } from './burn';
import {
  useBudget,
  useBudgetSeries,
  useDeleteSlo,
  useSlo,
  useSloAlerts,
  useSloRules,
} from './hooks';
import { WINDOWS, type BurnCondition, type Slo } from './types';

/** One SLO: its budget now, the burn-down over the period, burn rates against thresholds, alerts. */
export default function SloPage() {
  const id = useParams().id ?? '';
  const slo = useSlo(id);
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/slos">SLOs</Link> / {id}
      </p>
      <QueryView query={slo} what="the SLO">
        {(s) => <SloView slo={s} />}
      </QueryView>
    </section>
  );
}

function SloView({ slo }: { slo: Slo }) {
  const session = useSignedIn();
  const navigate = useNavigate();
  const remove = useDeleteSlo();
  const budget = useBudget(slo.id);
  const series = useBudgetSeries(slo);
  const rules = useSloRules(slo.id);
  const alerts = useSloAlerts(slo);
  const conditions: BurnCondition[] =
    rules.data?.flatMap((r) => r.effectiveBurnConditions ?? r.burnConditions ?? []) ?? [];
  const drawn = conditions.length ? conditions : defaultConditions(slo.period);
  return (
    <>
      <div className="panel-head">
        <h1>{slo.name}</h1>
        {session.canEdit && (
          <div className="toolbar">
            <Link className="button" to={`/slos/${encodeURIComponent(slo.id)}/edit`}>
              Edit SLO
            </Link>
            <button
              type="button"
              onClick={() => {
                if (window.confirm(`Delete the SLO ${slo.name}?`))
                  remove.mutate(slo.id, { onSuccess: () => void navigate('/slos') });
              }}
            >
              Delete SLO
            </button>
          </div>
        )}
      </div>
      {remove.error && <ErrorState error={remove.error} />}
      <p>
        {slo.kind.toLowerCase()} of{' '}
        {slo.kind === 'UPTIME' ? `endpoint ${slo.endpointId}` : slo.service}
        {slo.operation ? ` / ${slo.operation}` : ''}
        {slo.thresholdMs ? `, good under ${slo.thresholdMs} ms` : ''}: objective{' '}
        {pct(slo.objective)} over {slo.period.toLowerCase().replace('_', ' ')}
      </p>
      <QueryView query={budget} what="the error budget">
        {(b) => {
          const current = sli(b);
          return (
            <Stats
              items={[
                { label: 'Objective', value: pct(b.objective) },
                {
                  label: 'Current SLI',
                  value: current === null ? 'no events' : pct(current),
                  bad: current !== null && current < b.objective,
                },
                {
                  label: 'Budget remaining',
                  value: pct(b.budget.remainingShare),
                  bad: b.budget.remainingShare < 0.25,
                },
                {
                  label: 'Exhaustion at the 1h rate',
                  value: describeExhaustion(b.timeToExhaustion['1h']),
                },
                {
                  label: 'Exhaustion at the 1d rate',
                  value: describeExhaustion(b.timeToExhaustion['1d']),
                },
                { label: 'Bad events', value: `${b.events.bad} of ${b.events.total}` },
              ]}
            />
          );
        }}
      </QueryView>
      <h2>Budget burn-down</h2>
      <QueryView query={series} what="the budget over the period">
        {(s) =>
          s.steps.length === 0 ? (
            <Empty title="No burn-rate emission yet">
              The budget appears once the SLO has seen its first matching event.
            </Empty>
          ) : (
            <Chart
              title="Error budget remaining over the period"
              data={seriesOf(s.steps, [(p) => p.remainingShare * 100])}
              series={[{ label: 'budget remaining %', color: '#10b981' }]}
              yFormat={(v) => `${v.toFixed(0)}%`}
            />
          )
        }
      </QueryView>
      <h2>Burn rates</h2>
      <BurnRates slo={slo} conditions={drawn} own={conditions.length > 0} />
      <QueryView query={series} what="the burn rates over the period">
        {(s) =>
          s.steps.length > 0 && (
            <Chart
              title="Burn rates over 1h and 6h with the page threshold"
              data={seriesOf(s.steps, [
                (p) => p.burnRates['1h'] ?? null,
                (p) => p.burnRates['6h'] ?? null,
                () => thresholdFor(drawn, 'PAGE', '1h'),
                () => thresholdFor(drawn, 'TICKET', '1d'),
              ])}
              series={[
                { label: 'burn 1h', color: '#3b82f6' },
                { label: 'burn 6h', color: '#8b5cf6' },
                { label: 'page threshold (1h)', color: '#ef4444' },
                { label: 'ticket threshold (1d)', color: '#f59e0b' },
              ]}
            />
          )
        }
      </QueryView>
      <h2>Alerts it raised</h2>
      <QueryView query={alerts} what="the SLO's alerts">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No alerts in the last 35 days" />
          ) : (
            <AlertTable alerts={list} caption={`Alerts of the SLO ${slo.name}`} />
          )
        }
      </QueryView>
    </>
  );
}

/** Each window's burn rate now, with the page and ticket factors that apply to it. */
function BurnRates({
  slo,
  conditions,
  own,
}: {
  slo: Slo;
  conditions: BurnCondition[];
  own: boolean;
}) {
  const budget = useBudget(slo.id);
  const rates = budget.data?.burnRates ?? {};
  return (
    <table className="data">
      <caption>
        Burn rate per window (1 spends the budget in exactly one period);{' '}
        {own ? "thresholds of the SLO's burn-rate rules" : 'default thresholds (SRE Workbook)'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Window</th>
          <th scope="col">Burn rate</th>
          <th scope="col">Page at</th>
          <th scope="col">Ticket at</th>
        </tr>
      </thead>
      <tbody>
        {WINDOWS.map((w) => {
          const rate = rates[w];
          const page = thresholdFor(conditions, 'PAGE', w);
          const ticket = thresholdFor(conditions, 'TICKET', w);
          const over = rate !== undefined && ((page && rate >= page) || (ticket && rate >= ticket));
          return (
            <tr key={w}>
              <th scope="row">{w}</th>
              <td className={over ? 'bad' : undefined}>
                {rate === undefined ? '–' : rate.toFixed(2)}
              </td>
              <td>{page ?? '–'}</td>
              <td>{ticket ?? '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
