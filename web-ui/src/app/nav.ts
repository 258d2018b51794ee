/** The navigation, in order. */
export const NAV: { label: string; to: string }[] = [
  { label: 'Services', to: '/services' },
  { label: 'Traces', to: '/traces' },
  { label: 'Logs', to: '/logs' },
  { label: 'Metrics', to: '/metrics' },
  { label: 'Dashboards', to: '/dashboards' },
  { label: 'SLOs', to: '/slos' },
  { label: 'Alerts', to: '/alerts' },
  { label: 'Uptime', to: '/uptime' },
  { label: 'Settings', to: '/settings' },
];
