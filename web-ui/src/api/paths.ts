/** Every API path the UI calls, as in openapi.json (`{name}` placeholders). */
export const PATHS = {
  me: '/api/v1/me',
  login: '/api/v1/auth/login',
  logout: '/api/v1/auth/logout',
  switchTenant: '/api/v1/auth/switch',
  invite: '/api/v1/invites/{token}',
  acceptInvite: '/api/v1/invites/{token}/accept',
  passwordReset: '/api/v1/auth/password-reset',
  passwordResetToken: '/api/v1/auth/password-reset/{token}',
  authMethods: '/api/v1/auth/methods',
  services: '/api/v1/services',
  service: '/api/v1/services/{name}',
  traces: '/api/v1/traces',
  trace: '/api/v1/traces/{traceId}',
  logs: '/api/v1/logs',
  logHistogram: '/api/v1/logs/histogram',
  metricNames: '/api/v1/metrics/names',
  metricQuery: '/api/v1/metrics/query',
  correlate: '/api/v1/correlate',
  timeline: '/api/v1/timeline',
  keys: '/api/v1/keys',
  totp: '/api/v1/me/totp',
  totpVerify: '/api/v1/me/totp/verify',
  dashboards: '/api/v1/dashboards',
  dashboard: '/api/v1/dashboards/{id}',
  panelRun: '/api/v1/dashboards/{id}/panels/{panelId}/run',
  sloBudget: '/api/v1/slos/{id}/budget',
  endpointOutages: '/api/v1/endpoints/{id}/outages',
  slos: '/api/v1/slos',
  slo: '/api/v1/slos/{id}',
  sloBudgetSeries: '/api/v1/slos/{id}/budget/series',
  alerts: '/api/v1/alerts',
  alertDeliveries: '/api/v1/alerts/{id}/deliveries',
  alertRules: '/api/v1/alert-rules',
  alertRule: '/api/v1/alert-rules/{id}',
  alertRulePreview: '/api/v1/alert-rules/preview',
  silences: '/api/v1/silences',
  silence: '/api/v1/silences/{id}',
  channels: '/api/v1/channels',
  channel: '/api/v1/channels/{id}',
  channelTest: '/api/v1/channels/{id}/test',
  alertRouting: '/api/v1/alert-routing',
  key: '/api/v1/keys/{keyId}',
  endpoints: '/api/v1/endpoints',
  endpoint: '/api/v1/endpoints/{id}',
  latencyRegions: '/api/v1/latency/regions',
  sla: '/api/v1/sla',
  slaPdf: '/api/v1/sla/{month}.pdf',
  statusPage: '/api/v1/status-page',
  members: '/api/v1/members',
  member: '/api/v1/members/{userId}',
  invites: '/api/v1/invites',
  inviteById: '/api/v1/invites/{id}',
  audit: '/api/v1/audit',
  settings: '/api/v1/settings',
  memberTotp: '/api/v1/members/{userId}/totp',
  sso: '/api/v1/sso',
  authPolicy: '/api/v1/auth/policy',
} as const;

/** Paths the UI only writes to (no GET in openapi.json). */
export const WRITE_ONLY_PATHS: readonly string[] = [
  '/api/v1/channels/{id}/test',
  '/api/v1/alert-rules/preview',
];

/** The sign-in routes (issue #11) being built alongside; not yet in openapi.json. */
export const SESSION_PATHS: readonly string[] = [
  PATHS.me,
  PATHS.login,
  PATHS.logout,
  PATHS.switchTenant,
  PATHS.invite,
  PATHS.acceptInvite,
  PATHS.passwordReset,
  PATHS.passwordResetToken,
];

/** A path with its `{placeholders}` filled in, URL-encoded. */
export function path(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`missing path parameter '${key}' for ${template}`);
    return encodeURIComponent(value);
  });
}
