/** The navigation, in order; `ready: false` pages show a "coming" state until part 2. */
export const NAV: { label: string; to: string; ready: boolean }[] = [
  { label: 'Services', to: '/services', ready: true },
  { label: 'Traces', to: '/traces', ready: true },
  { label: 'Logs', to: '/logs', ready: true },
  { label: 'Metrics', to: '/metrics', ready: true },
  { label: 'Dashboards', to: '/dashboards', ready: true },
  { label: 'SLOs', to: '/slos', ready: true },
  { label: 'Alerts', to: '/alerts', ready: true },
  { label: 'Uptime', to: '/uptime', ready: false },
  { label: 'Settings', to: '/settings', ready: false },
];
