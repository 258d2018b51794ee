/** The navigation, in order; `ready: false` pages show a "coming" state until part 2. */
export const NAV: { label: string; to: string; ready: boolean }[] = [
  { label: 'Services', to: '/services', ready: true },
  { label: 'Traces', to: '/traces', ready: true },
  { label: 'Logs', to: '/logs', ready: true },
  { label: 'Metrics', to: '/metrics', ready: true },
  { label: 'Dashboards', to: '/dashboards', ready: false },
  { label: 'SLOs', to: '/slos', ready: false },
  { label: 'Alerts', to: '/alerts', ready: false },
  { label: 'Uptime', to: '/uptime', ready: true },
  { label: 'Settings', to: '/settings', ready: true },
];
