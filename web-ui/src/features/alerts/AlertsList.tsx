import { Empty, QueryView } from '../../ui/states';
import { useUrlState } from '../../ui/urlState';
import { AlertTable } from './AlertTable';
import { useAlerts } from './hooks';

const STATES = [
  { value: 'firing', label: 'Firing' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

/** `/alerts?state=firing|resolved|all`: the alerts of the last week. */
export default function AlertsList() {
  const url = useUrlState();
  const state = url.get('state') || 'firing';
  const alerts = useAlerts(state === 'all' ? '' : state);
  return (
    <>
      <div className="toolbar" role="group" aria-label="Alert state">
        {STATES.map((s) => (
          <button
            key={s.value}
            type="button"
            aria-pressed={state === s.value}
            onClick={() => url.set({ state: s.value === 'firing' ? null : s.value })}
          >
            {s.label}
          </button>
        ))}
      </div>
      <QueryView query={alerts} what="alerts">
        {(page) =>
          page.alerts.length === 0 ? (
            <Empty
              title={state === 'firing' ? 'Nothing is firing' : 'No alerts in the last 7 days'}
            />
          ) : (
            <AlertTable alerts={page.alerts} caption="Alerts of the last 7 days" />
          )
        }
      </QueryView>
    </>
  );
}
