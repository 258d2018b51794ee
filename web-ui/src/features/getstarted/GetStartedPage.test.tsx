import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

describe('getting started', () => {
  it('should_showTheSnippetOfThePickedPlatform_andSayWhenFirstDataArrives', async () => {
    let services: { name: string }[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/services': () => ({ body: { services } }),
    });
    const { router } = renderAt(routes, '/get-started');
    expect((await screen.findByLabelText('Environment variables')).textContent).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Browser' }));
    expect(router.state.location.search).toBe('?platform=browser');
    fireEvent.change(screen.getByLabelText(/origin/), {
      target: { value: 'https://shop.example' },
    });
    expect(screen.getByLabelText('Snippet').textContent).toContain(
      'only from https://shop.example',
    );
    expect(screen.getByText(/Waiting for the first data/)).toBeTruthy();
    services = [{ name: 'checkout' }];
    expect(
      (await screen.findByText(/First data received from checkout/, {}, { timeout: 15_000 }))
        .textContent,
    ).toContain('checkout');
  });

  it('should_showTheOperatorsPublicIngestAddress_whenMeNamesOne', async () => {
    fakeApi({
      '/api/v1/me': { body: { ...SESSION, otlpUrl: 'https://ingest.obsera.example' } },
      '/api/v1/services': { body: { services: [] } },
    });
    renderAt(routes, '/get-started');
    const vars = (await screen.findByLabelText('Environment variables')).textContent;
    expect(vars).toContain('OTEL_EXPORTER_OTLP_ENDPOINT=https://ingest.obsera.example');
    expect(vars).not.toContain(':4318');
  });

  const ADMIN = { ...SESSION, role: 'ADMIN' };
  const NO_DATA = { '/api/v1/services': { body: { services: [] } } };

  it('should_createABrowserKeyBoundToTheTypedOrigin_andShowItOnceInTheSnippet', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      ...NO_DATA,
      'POST /api/v1/keys': (_, init) => ({
        status: 201,
        body: {
          keyId: 'k1',
          name: 'shop browser key',
          scopes: ['browser'],
          origins: JSON.parse(String(init.body)).origins,
          key: 'obs_browser_secret',
        },
      }),
    });
    renderAt(routes, '/get-started?platform=browser');
    const create = await screen.findByRole('button', { name: 'Create browser key' });
    expect(create).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Service name'), { target: { value: 'shop' } });
    fireEvent.change(screen.getByLabelText(/origin/), {
      target: { value: 'https://shop.example' },
    });
    fireEvent.click(create);
    expect((await screen.findByLabelText('New key')).textContent).toBe('obs_browser_secret');
    expect(screen.getByText(/Your new browser key for https:\/\/shop.example/)).toBeTruthy();
    const post = calls.filter((c) => c.init.method === 'POST')[0];
    expect(post.url.pathname).toBe('/api/v1/keys');
    expect(JSON.parse(String(post.init.body))).toEqual({
      name: 'shop browser key',
      scopes: ['browser'],
      origins: ['https://shop.example'],
    });
    expect((post.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-123');
    expect(screen.getByLabelText('Snippet').textContent).toContain(
      "Authorization: 'Bearer obs_browser_secret'",
    );
    expect(screen.queryByRole('button', { name: /Create/ })).toBeNull();
  });

  it('should_createAnIngestKeyForBackends_andFillTheVariables', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: ADMIN },
      ...NO_DATA,
      'POST /api/v1/keys': {
        status: 201,
        body: { keyId: 'k2', name: 'x', scopes: ['ingest'], origins: [], key: 'obs_ingest_secret' },
      },
    });
    renderAt(routes, '/get-started?platform=otel');
    fireEvent.click(await screen.findByRole('button', { name: 'Create ingest key' }));
    await screen.findByLabelText('New key');
    expect(JSON.parse(String(calls.filter((c) => c.init.method === 'POST')[0].init.body))).toEqual({
      name: 'checkout ingest key',
      scopes: ['ingest'],
    });
    expect(screen.getByLabelText('Environment variables').textContent).toContain(
      'OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20obs_ingest_secret"',
    );
    expect(screen.getByLabelText('Snippet').textContent).toContain('Bearer obs_ingest_secret');
  });

  it('should_showTheApiMessage_whenTheKeyIsRefused', async () => {
    fakeApi({
      '/api/v1/me': { body: ADMIN },
      ...NO_DATA,
      'POST /api/v1/keys': {
        status: 400,
        body: {
          error: 'bad_request',
          message: 'field \'origins\' has "shop"; each origin must look like https://host[:port]',
        },
      },
    });
    renderAt(routes, '/get-started?platform=browser');
    fireEvent.change(await screen.findByLabelText(/origin/), { target: { value: 'shop' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create browser key' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'each origin must look like https://host[:port]',
    );
  });

  it.each([
    ['viewer', 'a viewer'],
    ['editor', 'an editor'],
  ])('should_offerNoKeyCreation_toA_%s_butAskAnAdmin', async (role, said) => {
    const calls = fakeApi({ '/api/v1/me': { body: { ...SESSION, role } }, ...NO_DATA });
    renderAt(routes, '/get-started?platform=browser');
    expect((await screen.findByText(/Ask an admin of Acme for one/)).textContent).toContain(
      `you are ${said}`,
    );
    expect(screen.queryByRole('button', { name: /create/i })).toBeNull();
    expect(calls.some((c) => c.init.method === 'POST')).toBe(false);
  });

  it('should_keepWhatWasTypedInTheUrl_butNeverTheKey', async () => {
    fakeApi({
      '/api/v1/me': { body: ADMIN },
      ...NO_DATA,
      'POST /api/v1/keys': {
        status: 201,
        body: { keyId: 'k3', name: 'x', scopes: ['browser'], origins: [], key: 'obs_secret' },
      },
    });
    const { router } = renderAt(
      routes,
      '/get-started?platform=browser&service=shop&origin=https%3A%2F%2Fshop.example',
    );
    expect(await screen.findByDisplayValue('https://shop.example')).toBeTruthy();
    expect(screen.getByLabelText('Service name')).toHaveProperty('value', 'shop');
    fireEvent.change(screen.getByLabelText('Service name'), { target: { value: 'web' } });
    expect(new URLSearchParams(router.state.location.search).get('service')).toBe('web');
    fireEvent.click(screen.getByRole('button', { name: 'Create browser key' }));
    await screen.findByLabelText('New key');
    expect(router.state.location.search).not.toContain('obs_secret');
    // a web page has no environment: the snippet carries endpoint and key
    expect(screen.queryByLabelText('Environment variables')).toBeNull();
  });
});
