import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { InvitePage } from '../features/auth/InvitePage';
import { LoginPage } from '../features/auth/LoginPage';
import { RequestResetPage, SetPasswordPage } from '../features/auth/PasswordResetPages';
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
const SlosPage = lazy(() => import('../features/slos/SlosPage'));
const SloPage = lazy(() => import('../features/slos/SloPage'));
const SloFormPage = lazy(() => import('../features/slos/SloForm'));
const AlertsLayout = lazy(() => import('../features/alerts/AlertsLayout'));
const AlertsList = lazy(() => import('../features/alerts/AlertsList'));
const AlertPage = lazy(() => import('../features/alerts/AlertPage'));
const SilencesPage = lazy(() => import('../features/alerts/SilencesPage'));
const SilenceForm = lazy(() =>
  import('../features/alerts/SilencesPage').then((m) => ({ default: m.SilenceForm })),
);
const RulesPage = lazy(() => import('../features/alerts/RulesPage'));
const RuleFormPage = lazy(() => import('../features/alerts/RuleForm'));
const ChannelsPage = lazy(() => import('../features/alerts/ChannelsPage'));
const ChannelFormPage = lazy(() => import('../features/alerts/ChannelForm'));
const RoutingPage = lazy(() => import('../features/alerts/RoutingPage'));
const UptimePage = lazy(() => import('../features/uptime/UptimePage'));
const EndpointPage = lazy(() => import('../features/uptime/EndpointPage'));
const SettingsLayout = lazy(() => import('../features/settings/SettingsLayout'));
const MembersPage = lazy(() => import('../features/settings/MembersPage'));
const KeysPage = lazy(() => import('../features/settings/KeysPage'));
const AuditPage = lazy(() => import('../features/settings/AuditPage'));
const GeneralPage = lazy(() => import('../features/settings/GeneralPage'));
const SignInPage = lazy(() => import('../features/settings/SignInPage'));

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
      { path: 'slos', element: later(<SlosPage />) },
      { path: 'slos/new', element: later(<SloFormPage />) },
      { path: 'slos/:id', element: later(<SloPage />) },
      { path: 'slos/:id/edit', element: later(<SloFormPage />) },
      {
        path: 'alerts',
        element: later(<AlertsLayout />),
        children: [
          { index: true, element: later(<AlertsList />) },
          { path: 'silences', element: later(<SilencesPage />) },
          { path: 'silences/new', element: later(<SilenceForm />) },
          { path: 'rules', element: later(<RulesPage />) },
          { path: 'rules/new', element: later(<RuleFormPage />) },
          { path: 'rules/:id', element: later(<RuleFormPage />) },
          { path: 'channels', element: later(<ChannelsPage />) },
          { path: 'channels/new', element: later(<ChannelFormPage />) },
          { path: 'channels/:id', element: later(<ChannelFormPage />) },
          { path: 'routing', element: later(<RoutingPage />) },
          { path: ':fingerprint', element: later(<AlertPage />) },
        ],
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
          { path: 'sign-in', element: later(<SignInPage />) },
          { path: 'general', element: later(<GeneralPage />) },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];
