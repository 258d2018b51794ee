import { NavLink, Outlet } from 'react-router';
import { useSignedIn } from '../auth/session';

const SECTIONS = [
  { to: 'members', label: 'Members' },
  { to: 'keys', label: 'API keys' },
  { to: 'audit', label: 'Audit log' },
  { to: 'sign-in', label: 'Sign-in' },
  { to: 'general', label: 'General' },
];

/** Settings: its sections as links (each a URL), the section below; the session passes on. */
export default function SettingsLayout() {
  const session = useSignedIn();
  return (
    <section className="page">
      <h1>Settings</h1>
      <nav aria-label="Settings sections" className="tabs">
        {SECTIONS.map((s) => (
          <NavLink key={s.to} to={`/settings/${s.to}`}>
            {s.label}
          </NavLink>
        ))}
      </nav>
      <Outlet context={session} />
    </section>
  );
}

/** What a member below admin sees instead of an admin-only section. */
export function AdminsOnly({ what, role }: { what: string; role: string }) {
  return (
    <p className="muted" role="note">
      Only admins of this tenant see and manage {what}; you are {role === 'editor' ? 'an' : 'a'}{' '}
      {role}.
    </p>
  );
}
