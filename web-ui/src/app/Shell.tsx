import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError, loginUrl } from '../api/client';
import { useLogout, useSession, useSwitchTenant, type Session } from '../features/auth/session';
import { ErrorState, Loading } from '../ui/states';
import { TimeProvider } from '../ui/TimeContext';
import { TimeRangePicker } from '../ui/TimeRangePicker';
import { useTheme } from '../ui/theme';
import { NAV } from './nav';

const SECURITY_PAGE = '/account/security';

/** Signed-in pages: header (navigation, range, tenant, theme, sign out) and the page. */
export function Shell() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading what="your session" />;
  if (session.error) {
    const missing = session.error instanceof ApiError && session.error.status === 404;
    return (
      <main className="auth">
        <ErrorState
          error={
            missing
              ? 'This server has no sign-in yet (GET /api/v1/me is missing): update Obsera.'
              : session.error
          }
          retry={() => void session.refetch()}
        />
      </main>
    );
  }
  if (!session.data) return <Navigate to={loginUrl(location)} replace />;
  if (session.data.mfaEnrolmentRequired && location.pathname !== SECURITY_PAGE) {
    // the tenant requires MFA: this session reaches nothing but the enrolment
    return <Navigate to={SECURITY_PAGE} replace />;
  }
  return (
    <TimeProvider>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header session={session.data} />
      <main id="main" tabIndex={-1}>
        <Outlet context={session.data} />
      </main>
    </TimeProvider>
  );
}

function Header({ session }: { session: Session }) {
  const [theme, toggleTheme] = useTheme();
  const logout = useLogout();
  const switchTenant = useSwitchTenant();
  const navigate = useNavigate();
  return (
    <header className="topbar">
      <NavLink to="/services" className="brand" aria-label="Obsera home">
        ◉ Obsera
      </NavLink>
      <nav aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to}>{item.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="topbar-tools">
        <TimeRangePicker />
        {session.tenants.length > 1 ? (
          <label className="tenant-switch">
            <span className="sr-only">Tenant</span>
            <select
              aria-label="Tenant"
              value={session.tenant.id}
              disabled={switchTenant.isPending}
              onChange={(e) =>
                switchTenant.mutate(e.target.value, { onSuccess: () => navigate('/services') })
              }
            >
              {session.tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="tenant" aria-label="Tenant">
            {session.tenant.name}
          </span>
        )}
        <button
          type="button"
          onClick={toggleTheme}
          aria-label={theme === 'dark' ? 'Use light theme' : 'Use dark theme'}
          title="Theme"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <NavLink
          to={SECURITY_PAGE}
          className="user"
          title={`${session.user.email} (${session.role})`}
          aria-label={`Account security of ${session.user.name || session.user.email}`}
        >
          {session.user.name || session.user.email}
        </NavLink>
        <button
          type="button"
          onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}
        >
          Sign out
        </button>
      </div>
      {switchTenant.error && <ErrorState error={switchTenant.error} />}
    </header>
  );
}
