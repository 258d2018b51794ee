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
  key: '/api/v1/keys/{keyId}',
  endpoints: '/api/v1/endpoints',
  endpoint: '/api/v1/endpoints/{id}',
  endpointOutages: '/api/v1/endpoints/{id}/outages',
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
} as const;

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
