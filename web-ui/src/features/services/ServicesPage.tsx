import { Link } from 'react-router';
import { useTimeRange } from '../../ui/TimeContext';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { rangeQuery } from '../../ui/urlState';
import { useServices } from './hooks';
import { RED_HEADERS, RedCells } from './RedCells';

/** Every service with its RED figures over the range, by region. */
export function ServicesPage() {
  const { from, to, range, error } = useTimeRange();
  const services = useServices(range);
  const q = rangeQuery(from, to);
  return (
    <section className="page">
      <h1>Services</h1>
      {error && <ErrorState error={error} />}
      <QueryView query={services} what="services">
        {(data) =>
          data.services.length === 0 ? (
            <Empty title="No services sent spans in this range.">
              Widen the time range, or <Link to="/get-started">send your first data</Link>.
            </Empty>
          ) : (
            <table className="data">
              <caption className="sr-only">Services and their request figures</caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  {RED_HEADERS.map((h) => (
                    <th scope="col" key={h}>
                      {h}
                    </th>
                  ))}
                  <th scope="col">Regions</th>
                </tr>
              </thead>
              <tbody>
                {data.services.map((s) => (
                  <tr key={s.name}>
                    <th scope="row">
                      <Link to={`/services/${encodeURIComponent(s.name)}${q ? '?' + q : ''}`}>
                        {s.name}
                      </Link>
                    </th>
                    <RedCells group={s} />
                    <td>
                      <ul className="chips" aria-label={`Regions of ${s.name}`}>
                        {s.regions.map((r) => (
                          <li key={r.name} title={`${r.count} requests`}>
                            {r.name || '(no region)'}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}
