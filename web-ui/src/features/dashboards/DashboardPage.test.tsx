import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION, type FakeCall } from '../../test/render';
import { exportJson, parseImport, type Dashboard } from './model';

const BOARD: Dashboard = {
  id: 'checkout',
  title: 'Checkout',
  variables: [
    { name: 'service', type: 'service', defaultValue: 'cart' },
    { name: 'range', type: 'timerange' },
  ],
  panels: [
    {
      id: 'errors',
      title: 'Errors',
      kind: 'sql',
      display: 'table',
      layout: { x: 0, y: 0, w: 6, h: 4 },
      sql: 'SELECT ServiceName, count() AS n FROM otel_traces WHERE ServiceName = {service:String} AND Timestamp >= {from:DateTime64(9)} GROUP BY 1',
      params: { service: 'String', from: 'DateTime64(9)' },
    },
    {
      id: 'broken',
      title: 'Broken',
      kind: 'sql',
      display: 'stat',
      layout: { x: 6, y: 0, w: 6, h: 4 },
      sql: 'SELECT nope',
      params: {},
    },
  ],
  updatedAt: '2026-12-01T00:00:00Z',
  actor: 'api',
};

const CATALOG = {
  metrics: [
    {
      name: 'http.server.duration',
      type: 'HISTOGRAM',
      unit: 'ms',
      description: '',
      services: ['checkout'],
      points: 2,
      attributes: [{ key: 'http.route', topValues: ['/cart', '/pay'] }],
      link: '',
    },
  ],
};

function bodyOf(call: FakeCall | undefined): Record<string, unknown> {
  if (!call) throw new Error('no such call');
  return JSON.parse(String(call.init.body)) as Record<string, unknown>;
}

/** The dashboard API: GET answers the last saved version; panel runs answer per panel. */
function dashboardApi(board: Dashboard = BOARD) {
  let stored = board;
  return fakeApi({
    '/api/v1/me': { body: SESSION },
    'GET /api/v1/dashboards/checkout': () => ({ body: stored }),
    'PUT /api/v1/dashboards/checkout': (_url, init) => {
      stored = { ...stored, ...(JSON.parse(String(init.body)) as Dashboard) };
      return { body: stored };
    },
    'POST /api/v1/dashboards': (_url, init) => ({
      status: 201,
      body: { ...(JSON.parse(String(init.body)) as Dashboard), id: 'copy-1' },
    }),
    'GET /api/v1/dashboards/copy-1': { body: { ...board, id: 'copy-1', title: 'Copy' } },
    '/api/v1/dashboards/checkout/panels/errors/run': {
      body: { columns: [{ name: 'ServiceName', type: 'String' }], rows: [['cart']], rowCount: 1 },
    },
    '/api/v1/dashboards/checkout/panels/broken/run': {
      status: 400,
      body: { error: 'bad_request', message: "Unknown expression identifier 'nope'" },
    },
    '/api/v1/metrics/names': { body: CATALOG },
    '/api/v1/metrics/query': {
      body: {
        name: 'http.server.duration',
        type: 'HISTOGRAM',
        agg: 'p95',
        stepNanos: '1',
        series: [],
      },
    },
  });
}

const runs = (calls: FakeCall[], panel: string) =>
  calls.filter((c) => c.url.pathname === `/api/v1/dashboards/checkout/panels/${panel}/run`);

describe('DashboardPage', () => {
  it('should_showAPanelsErrorPlainly_andDrawTheOthers', async () => {
    dashboardApi();
    renderAt(routes, '/dashboards/checkout');

    const broken = await screen.findByRole('region', { name: 'Broken' });
    expect((await within(broken).findByRole('alert')).textContent).toContain(
      "Unknown expression identifier 'nope'",
    );
    const errors = screen.getByRole('region', { name: 'Errors' });
    expect(await within(errors).findByRole('cell', { name: 'cart' })).toBeTruthy();
  });

  it('should_bindVariablesFromTheUrl_asTypedParameters', async () => {
    const calls = dashboardApi();
    const { router } = renderAt(routes, '/dashboards/checkout?var-service=checkout');

    await waitFor(() => expect(runs(calls, 'errors').length).toBeGreaterThan(0));
    const first = bodyOf(runs(calls, 'errors')[0]).params as Record<string, string>;
    expect(first.service).toBe('checkout');
    expect(first.from).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first).not.toHaveProperty('to');

    const input = screen.getByRole('textbox', { name: 'service (service)' });
    expect((input as HTMLInputElement).value).toBe('checkout');
    fireEvent.change(input, { target: { value: 'payments' } });

    await waitFor(() => expect(router.state.location.search).toContain('var-service=payments'));
    await waitFor(() =>
      expect(
        runs(calls, 'errors').some(
          (c) => (bodyOf(c).params as Record<string, string>).service === 'payments',
        ),
      ).toBe(true),
    );
  });

  it('should_saveTheLayout_afterAPanelIsMovedAndResizedWithTheKeyboard', async () => {
    const calls = dashboardApi();
    renderAt(routes, '/dashboards/checkout');
    const save = await screen.findByRole('button', { name: 'Saved' });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    const move = screen.getByRole('button', { name: /^Move panel Errors/ });
    fireEvent.keyDown(move, { key: 'ArrowDown' });
    fireEvent.keyDown(move, { key: 'ArrowRight', shiftKey: true });
    expect(screen.getByRole('status').textContent).toContain('Errors: column 1, row 2, 7 wide');
    fireEvent.click(screen.getByRole('button', { name: 'Save dashboard' }));

    await waitFor(() => expect(calls.some((c) => c.init.method === 'PUT')).toBe(true));
    const put = bodyOf(calls.find((c) => c.init.method === 'PUT'));
    const panels = put.panels as { id: string; layout: unknown; params?: unknown }[];
    // 7 wide, it overlaps Broken's column: the grid puts it under Broken
    expect(panels.find((p) => p.id === 'errors')?.layout).toEqual({ x: 0, y: 4, w: 7, h: 4 });
    expect(panels.find((p) => p.id === 'broken')?.layout).toEqual({ x: 6, y: 0, w: 6, h: 4 });
    expect(put).not.toHaveProperty('updatedAt');
    expect(
      ((await screen.findByRole('button', { name: 'Saved' })) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('should_addAMetricPanel_withTheMetricsPicker_andSaveIt', async () => {
    const calls = dashboardApi();
    renderAt(routes, '/dashboards/checkout');
    fireEvent.click(await screen.findByRole('button', { name: 'Add panel' }));

    const dialog = screen.getByRole('dialog', { name: 'Add a panel' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply panel' }));
    expect(within(dialog).getByRole('alert').textContent).toContain('A panel needs a title.');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Panel title' }), {
      target: { value: 'Latency p99' },
    });
    const metric = within(dialog).getByRole('combobox', { name: 'Metric name' });
    await within(metric).findByRole('option', { name: /http.server.duration/ });
    fireEvent.change(metric, { target: { value: 'http.server.duration' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Aggregation' }), {
      target: { value: 'p99' },
    });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Metric service' }), {
      target: { value: '$service' },
    });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'group by http.route' }));
    fireEvent.click(within(dialog).getByRole('button', { name: '/pay' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply panel' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByRole('region', { name: 'Latency p99' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save dashboard' }));
    await waitFor(() => expect(calls.some((c) => c.init.method === 'PUT')).toBe(true));
    const put = bodyOf(calls.find((c) => c.init.method === 'PUT'));
    expect((put.panels as unknown[])[2]).toEqual({
      id: 'latency-p99',
      title: 'Latency p99',
      kind: 'metric',
      layout: { x: 0, y: 4, w: 6, h: 4 },
      metric: {
        name: 'http.server.duration',
        agg: 'p99',
        service: '$service',
        groupBy: ['http.route'],
        filters: ['http.route=/pay'],
      },
    });
    // the panel's chart asks the metrics API with the variable's value (its default)
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.url.pathname === '/api/v1/metrics/query' &&
            c.url.searchParams.get('agg') === 'p99' &&
            c.url.searchParams.get('service') === 'cart' &&
            c.url.searchParams.get('attr.http.route') === '/pay',
        ),
      ).toBe(true),
    );
  });

  it('should_editAndRemovePanels_showingTheApisFieldError', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      'GET /api/v1/dashboards/checkout': { body: BOARD },
      'PUT /api/v1/dashboards/checkout': {
        status: 400,
        body: {
          error: 'bad_request',
          message: "field 'panels[0]' is invalid: panel errors: field 'sql' is required",
        },
      },
    });
    renderAt(routes, '/dashboards/checkout');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove panel Broken' }));
    expect(screen.queryByRole('region', { name: 'Broken' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Edit panel Errors' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit panel Errors' });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Display' }), {
      target: { value: 'bar' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply panel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save dashboard' }));

    expect(await screen.findByText(/field 'panels\[0\]' is invalid/)).toBeTruthy();
    const put = bodyOf(calls.find((c) => c.init.method === 'PUT'));
    expect((put.panels as { display: string }[]).map((p) => p.display)).toEqual(['bar']);
  });

  it('should_exportTheDashboardAsJson_andDuplicateIt', async () => {
    const calls = dashboardApi();
    const { router } = renderAt(routes, '/dashboards/checkout');
    const link = await screen.findByRole('link', { name: 'Export JSON' });
    const href = link.getAttribute('href') ?? '';
    const exported = JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1))) as Dashboard;
    expect(exported.panels.map((p) => p.id)).toEqual(['errors', 'broken']);
    expect(exported).not.toHaveProperty('updatedAt');
    expect(link.getAttribute('download')).toBe('checkout.json');

    fireEvent.click(screen.getByRole('button', { name: 'Duplicate' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboards/copy-1'));
    const post = bodyOf(
      calls.find((c) => c.init.method === 'POST' && c.url.pathname === '/api/v1/dashboards'),
    );
    expect(post.title).toBe('Copy of Checkout');
    expect(post).not.toHaveProperty('id');
  });

  it('should_drawNoEditControls_forAViewer', async () => {
    fakeApi({
      '/api/v1/me': { body: { ...SESSION, role: 'viewer' } },
      'GET /api/v1/dashboards/checkout': { body: BOARD },
    });
    renderAt(routes, '/dashboards/checkout');
    await screen.findByRole('heading', { name: 'Checkout', level: 1 });
    expect(screen.queryByRole('button', { name: 'Add panel' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Move panel/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy share link' })).toBeTruthy();
  });
});

describe('DashboardsPage', () => {
  it('should_importAnExportedDashboard_andRefuseAFileThatIsNotOne', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      'GET /api/v1/dashboards': { body: { dashboards: [BOARD] } },
      'POST /api/v1/dashboards': (_url, init) => ({
        status: 201,
        body: JSON.parse(String(init.body)) as Dashboard,
      }),
      'GET /api/v1/dashboards/checkout': { body: BOARD },
    });
    const { router } = renderAt(routes, '/dashboards');
    expect((await screen.findByRole('link', { name: 'Checkout' })).getAttribute('href')).toBe(
      '/dashboards/checkout',
    );
    const input = screen.getByLabelText('Import a dashboard from JSON');

    fireEvent.change(input, {
      target: { files: [new File(['{"panels":[]}'], 'bad.json', { type: 'application/json' })] },
    });
    expect((await screen.findByRole('alert')).textContent).toContain("field 'title' is missing");

    fireEvent.change(input, {
      target: { files: [new File([exportJson(BOARD)], 'checkout.json')] },
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboards/checkout'));
    const post = bodyOf(calls.find((c) => c.init.method === 'POST'));
    expect(post).toEqual(JSON.parse(exportJson(BOARD)));
  });

  it('should_parseImports_namingWhatIsWrong', () => {
    expect(parseImport('nope')).toHaveProperty('error');
    expect(parseImport('[]')).toEqual({
      error: 'The file is not a dashboard: expected a JSON object.',
    });
    expect(parseImport('{"title":"t","panels":{}}')).toEqual({
      error: "The file is not a dashboard: field 'panels' must be an array.",
    });
    expect(parseImport(exportJson(BOARD))).toEqual({
      dashboard: { ...BOARD, updatedAt: undefined, actor: undefined },
    });
  });
});
