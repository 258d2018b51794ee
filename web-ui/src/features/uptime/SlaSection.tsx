import { PATHS, path } from '../../api/paths';
import { Empty, QueryView } from '../../ui/states';
import { useUrlState } from '../../ui/urlState';
import { useSla } from './hooks';

function minutes(m: number): string {
  return m < 1 ? `${Math.round(m * 60)} s` : `${m.toFixed(1)} min`;
}

/** The month's SLA report (`?month=YYYY-MM`, default this month) and a link to its PDF. */
export function SlaSection() {
  const url = useUrlState();
  const month = url.get('month') || null;
  const sla = useSla(month);
  return (
    <QueryView query={sla} what="the SLA report">
      {(r) => (
        <>
          <div className="toolbar">
            <label>
              Month
              <input
                type="month"
                value={r.month}
                onChange={(e) => url.set({ month: e.target.value }, true)}
              />
            </label>
            <a href={path(PATHS.slaPdf, { month: r.month })} download>
              Download the {r.month} report (PDF)
            </a>
          </div>
          <p className="muted">
            {r.complete ? 'The whole month' : 'So far this month'}, in {r.timeZone}; objective{' '}
            {(r.objective * 100).toFixed(2)}%. {r.rules}
          </p>
          {r.endpoints.length === 0 && (
            <Empty title={`No endpoints were measured in ${r.month}.`} />
          )}
          <table className="data">
            <caption className="sr-only">SLA of {r.month} per endpoint</caption>
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Uptime</th>
                <th scope="col">Downtime</th>
                <th scope="col">No data</th>
                <th scope="col">Budget left</th>
                <th scope="col">Outages</th>
              </tr>
            </thead>
            <tbody>
              {r.endpoints.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td>{a.uptimePercent === null ? 'no data' : `${a.uptimePercent.toFixed(3)}%`}</td>
                  <td>{minutes(a.downtimeMinutes)}</td>
                  <td>{minutes(a.noDataMinutes)}</td>
                  <td>
                    {minutes(a.budgetRemainingMinutes)} of {minutes(a.budgetMinutes)}
                  </td>
                  <td>{a.outages.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </QueryView>
  );
}
