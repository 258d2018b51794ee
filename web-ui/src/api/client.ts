/**
 * The one HTTP client of the UI. Every request goes to the same origin with the session cookie
 * (credentials 'same-origin'); state-changing requests carry the session's CSRF token in
 * X-CSRF-Token. A 401 means the session is gone: the browser goes to /login?next=<here>.
 * The UI never holds an API key.
 */

/** An error the API answered with: its status and its `{error, message}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let csrfToken: string | null = null;

/** Set from GET /api/v1/me; sent on every POST, PUT, PATCH and DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Navigate = (url: string) => void;
let toLogin: Navigate = (url) => window.location.assign(url);

/** Tests replace where a 401 sends the browser. */
export function setLoginRedirect(navigate: Navigate): void {
  toLogin = navigate;
}

/** /login?next=<the current page>, unless already on a sign-in page. */
export function loginUrl(location: { pathname: string; search: string }): string {
  const here = location.pathname + location.search;
  return '/login?next=' + encodeURIComponent(here);
}

const PUBLIC_PATHS = ['/login', '/invite/', '/password-reset'];

function isPublicPage(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(p));
}

export type Query = Record<string, string | number | boolean | undefined | null | string[]>;

/** `path?query` with empty values left out and arrays repeated. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** false: a 401 is returned as an error instead of redirecting (the sign-in pages). */
  redirectOn401?: boolean;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached. Is Obsera running?');
  }
  if (response.status === 401 && options.redirectOn401 !== false) {
    if (!isPublicPage(window.location.pathname)) toLogin(loginUrl(window.location));
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = 'http_' + response.status;
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object') {
      const b = body as { error?: unknown; message?: unknown };
      if (typeof b.error === 'string') code = b.error;
      if (typeof b.message === 'string') message = b.message;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, code, message);
}
