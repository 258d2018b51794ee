import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { InvitePage } from '../features/auth/InvitePage';
import { LoginPage } from '../features/auth/LoginPage';
import { RequestResetPage, SetPasswordPage } from '../features/auth/PasswordResetPages';
import { ComingPage } from '../features/coming/ComingPage';
import { ServicePage } from '../features/services/ServicePage';
import { ServicesPage } from '../features/services/ServicesPage';
import { Loading } from '../ui/states';
import { NotFound } from './NotFound';
import { Shell } from './Shell';

// The heavier explorers load on first visit; the shell and Services come in the first bundle.
const TracesPage = lazy(() => import('../features/traces/TracesPage'));
const TracePage = lazy(() => import('../features/traces/TracePage'));
const LogsPage = lazy(() => import('../features/logs/LogsPage'));
const MetricsPage = lazy(() => import('../features/metrics/MetricsPage'));
const TimelinePage = lazy(() => import('../features/timeline/TimelinePage'));
const GetStartedPage = lazy(() => import('../features/getstarted/GetStartedPage'));
const UptimePage = lazy(() => import('../features/uptime/UptimePage'));
const EndpointPage = lazy(() => import('../features/uptime/EndpointPage'));
const SettingsLayout = lazy(() => import('../features/settings/SettingsLayout'));
const MembersPage = lazy(() => import('../features/settings/MembersPage'));
const KeysPage = lazy(() => import('../features/settings/KeysPage'));
const AuditPage = lazy(() => import('../features/settings/AuditPage'));
const GeneralPage = lazy(() => import('../features/settings/GeneralPage'));

function later(page: ReactNode) {
  return <Suspense fallback={<Loading what="the page" />}>{page}</Suspense>;
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/invite/:token', element: <InvitePage /> },
  { path: '/password-reset', element: <RequestResetPage /> },
  { path: '/password-reset/:token', element: <SetPasswordPage /> },
  {
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/services" replace /> },
      { path: 'services', element: <ServicesPage /> },
      { path: 'services/:name', element: <ServicePage /> },
      { path: 'traces', element: later(<TracesPage />) },
      { path: 'traces/:traceId', element: later(<TracePage />) },
      { path: 'logs', element: later(<LogsPage />) },
      { path: 'metrics', element: later(<MetricsPage />) },
      { path: 'timeline', element: later(<TimelinePage />) },
      { path: 'get-started', element: later(<GetStartedPage />) },
      {
        path: 'dashboards',
        element: <ComingPage title="Dashboards" about="SQL-backed dashboards arrive in part 2." />,
      },
      {
        path: 'slos',
        element: (
          <ComingPage title="SLOs" about="SLOs with their error budgets arrive in part 2." />
        ),
      },
      {
        path: 'alerts',
        element: (
          <ComingPage title="Alerts" about="Alert rules, channels and silences arrive in part 2." />
        ),
      },
      { path: 'uptime', element: later(<UptimePage />) },
      { path: 'uptime/:endpointId', element: later(<EndpointPage />) },
      {
        path: 'settings',
        element: later(<SettingsLayout />),
        children: [
          { index: true, element: <Navigate to="/settings/members" replace /> },
          { path: 'members', element: later(<MembersPage />) },
          { path: 'keys', element: later(<KeysPage />) },
          { path: 'audit', element: later(<AuditPage />) },
          { path: 'general', element: later(<GeneralPage />) },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];
