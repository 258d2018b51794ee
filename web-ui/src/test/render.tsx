import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';

/** Answers of a fake API: path (no query) -> status and JSON body, or a function of the request. */
export type FakeRoutes = Record<
  string,
  | { status?: number; body?: unknown }
  | ((url: URL, init: RequestInit) => { status?: number; body?: unknown })
>;

export interface FakeCall {
  url: URL;
  init: RequestInit;
}

/** Stubs fetch with the routes; returns the calls made. */
export function fakeApi(routes: FakeRoutes): FakeCall[] {
  const calls: FakeCall[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://localhost');
    calls.push({ url, init });
    const route = routes[`${init.method ?? 'GET'} ${url.pathname}`] ?? routes[url.pathname];
    const answer = typeof route === 'function' ? route(url, init) : route;
    if (!answer) {
      return new Response(JSON.stringify({ error: 'not_found', message: 'no route' }), {
        status: 404,
      });
    }
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return calls;
}

/** Renders routes at a URL with a fresh query cache. */
export function renderAt(routes: RouteObject[], url: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, router, client };
}

export const SESSION = {
  user: { email: 'ada@example.com', name: 'Ada' },
  tenant: { id: 'acme', name: 'Acme' },
  role: 'editor',
  tenants: [
    { id: 'acme', name: 'Acme', role: 'editor' },
    { id: 'globex', name: 'Globex', role: 'viewer' },
  ],
  csrfToken: 'csrf-123',
};
