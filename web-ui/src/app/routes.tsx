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
const SecurityPage = lazy(() => import('../features/account/SecurityPage'));
const DashboardsPage = lazy(() => import('../features/dashboards/DashboardsPage'));
const DashboardPage = lazy(() => import('../features/dashboards/DashboardPage'));

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
      { path: 'account/security', element: later(<SecurityPage />) },
      { path: 'dashboards', element: later(<DashboardsPage />) },
      { path: 'dashboards/:id', element: later(<DashboardPage />) },
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
      {
        path: 'uptime',
        element: (
          <ComingPage title="Uptime" about="Endpoints, outages and SLA reports arrive in part 2." />
        ),
      },
      {
        path: 'settings',
        element: (
          <ComingPage
            title="Settings"
            about="Members, keys and tenant settings arrive in part 2."
          />
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];
