import { NavLink, Outlet } from 'react-router';
import { useSignedIn } from '../auth/session';

const TABS = [
  { to: '/alerts', label: 'Alerts', end: true },
  { to: '/alerts/silences', label: 'Silences' },
  { to: '/alerts/rules', label: 'Rules' },
  { to: '/alerts/channels', label: 'Channels' },
  { to: '/alerts/routing', label: 'Routing' },
];

/** `/alerts/*`: each tab a path of its own, so every view is a link. */
export default function AlertsLayout() {
  const session = useSignedIn();
  return (
    <section className="page">
      <h1>Alerts</h1>
      <nav aria-label="Alerting" className="tabs">
        <ul>
          {TABS.map((t) => (
            <li key={t.to}>
              <NavLink to={t.to} end={t.end}>
                {t.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet context={session} />
    </section>
  );
}
