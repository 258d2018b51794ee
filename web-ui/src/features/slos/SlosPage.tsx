import { Link } from 'react-router';
import { useSignedIn } from '../auth/session';
import { Empty, QueryView } from '../../ui/states';
import { pct, sli, soonestExhaustion } from './burn';
import { useBudgets, useSlos } from './hooks';
import type { ErrorBudget } from './types';

/** Every SLO of the tenant with its objective, SLI, budget left and time to exhaustion. */
export default function SlosPage() {
  const session = useSignedIn();
  const slos = useSlos();
  const budgets = useBudgets((slos.data ?? []).map((s) => s.id));
  const budgetOf = (id: string): ErrorBudget | undefined =>
    budgets.find((b) => b.data?.sloId === id)?.data;
  return (
    <section className="page">
      <div className="panel-head">
        <h1>SLOs</h1>
        {session.canEdit && (
          <Link className="button" to="/slos/new">
            New SLO
          </Link>
        )}
      </div>
      <QueryView query={slos} what="SLOs">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No SLOs yet">
              An SLO says which share of a service's requests, or of an endpoint's checks, must be
              good over a period.
            </Empty>
          ) : (
            <table className="data">
              <caption className="sr-only">SLOs and their error budgets</caption>
              <thead>
                <tr>
                  <th scope="col">SLO</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Objective</th>
                  <th scope="col">Current SLI</th>
                  <th scope="col">Budget remaining</th>
                  <th scope="col">Time to exhaustion</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => {
                  const b = budgetOf(s.id);
                  const current = b ? sli(b) : null;
                  const left = b?.budget.remainingShare;
                  return (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/slos/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                      </td>
                      <td>{s.kind.toLowerCase()}</td>
                      <td>{pct(s.objective)}</td>
                      <td className={current !== null && current < s.objective ? 'bad' : undefined}>
                        {b ? (current === null ? 'no events' : pct(current)) : '…'}
                      </td>
                      <td className={left !== undefined && left < 0.25 ? 'bad' : undefined}>
                        {left === undefined ? '…' : pct(left)}
                      </td>
                      <td>{b ? soonestExhaustion(b) : '…'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}
