import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const FIRING = {
  fingerprint: 'fp1',
  ruleId: 'cpu',
  name: 'DB CPU',
  source: 'THRESHOLD',
  severity: 'TICKET',
  state: 'FIRING',
  sequence: 2,
  labels: { rule: 'cpu', severity: 'ticket', source: 'threshold', 'host.name': 'db-1' },
  service: null,
  summary: 'cpu 0.95 above 0.9',
  value: 0.95,
  threshold: 0.9,
  startsAt: '2026-12-06T09:00:00Z',
  endsAt: null,
  updatedAt: '2026-12-06T09:05:00Z',
  links: {},
};

const body = (init: RequestInit) => JSON.parse(String(init.body)) as Record<string, unknown>;

describe('alerts', () => {
  it('should_listFiringAlertsWithLabels_andCreateASilenceFromOne', async () => {
    const posted: Record<string, unknown>[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/alerts': { body: { alerts: [FIRING], nextCursor: null } },
      'POST /api/v1/silences': (_, init) => {
        posted.push(body(init));
        return { status: 201, body: { id: 'sil-1', ...body(init), state: 'active' } };
      },
      '/api/v1/silences': { body: [] },
    });
    const { router } = renderAt(routes, '/alerts');
    const labels = await screen.findByRole('list', { name: 'Labels of DB CPU' });
    expect(within(labels).getByText('host.name=db-1')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: /^Silence DB CPU/ }));
    const matchers = (await screen.findByLabelText(
      'Matchers (one per line)',
    )) as HTMLTextAreaElement;
    expect(matchers.value.split('\n').sort()).toEqual(['host.name=db-1', 'rule=cpu']);
    fireEvent.change(screen.getByLabelText('Duration'), { target: { value: '3600000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));
    await screen.findByText('No silences');
    expect(router.state.location.pathname).toBe('/alerts/silences');
    expect(posted[0].matchers).toEqual(
      expect.arrayContaining([
        { label: 'rule', op: '=', value: 'cpu' },
        { label: 'host.name', op: '=', value: 'db-1' },
      ]),
    );
    const ends = Date.parse(String(posted[0].endsAt)) - Date.now();
    expect(ends).toBeGreaterThan(3_500_000);
    expect(ends).toBeLessThanOrEqual(3_600_000);
  });

  it('should_refuseAMatcherItCannotRead_andShowTheApisMatcherError', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      'POST /api/v1/silences': {
        status: 400,
        body: {
          error: 'bad_request',
          message: "field 'matchers[0].value' is not a valid regular expression",
        },
      },
    });
    renderAt(routes, '/alerts/silences/new');
    const matchers = await screen.findByLabelText('Matchers (one per line)');
    fireEvent.change(matchers, { target: { value: 'just words' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));
    expect((await screen.findByRole('alert')).textContent).toContain("'just words' is not");
    fireEvent.change(matchers, { target: { value: 'service=~(' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create silence' }));
    const error = await screen.findByText(/not a valid regular expression/);
    expect(matchers.getAttribute('aria-describedby')).toContain(error.id);
  });

  it('should_expireAnActiveSilence', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/silences': {
        body: [
          {
            id: 'sil-1',
            matchers: [{ label: 'rule', op: '=', value: 'cpu' }],
            startsAt: '2026-12-06T09:00:00Z',
            endsAt: '2026-12-06T11:00:00Z',
            state: 'active',
          },
        ],
      },
      'DELETE /api/v1/silences/sil-1': { status: 204 },
    });
    renderAt(routes, '/alerts/silences');
    fireEvent.click(await screen.findByRole('button', { name: 'Expire silence sil-1' }));
    await screen.findByRole('button', { name: 'Expire silence sil-1' });
    expect(calls.some((c) => c.init.method === 'DELETE' && c.url.pathname.endsWith('sil-1'))).toBe(
      true,
    );
  });

  it('should_sendAChannelTest_andSayWhatTheReceiverAnswered', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/channels': {
        body: [{ id: 'ops', name: 'Ops hook', type: 'WEBHOOK', channel: { type: 'WEBHOOK' } }],
      },
      'POST /api/v1/channels/ops/test': {
        body: {
          channelId: 'ops',
          status: 'FAILED',
          outcome: 'REJECTED',
          attempts: 1,
          lastStatus: 403,
          error: 'forbidden',
        },
      },
    });
    renderAt(routes, '/alerts/channels');
    fireEvent.click(await screen.findByRole('button', { name: 'Send test to Ops hook' }));
    expect((await screen.findByText(/Test failed/)).textContent).toBe(
      'Test failed: rejected (status 403): forbidden.',
    );
  });

  it('should_keepSecretsWriteOnly_whenEditingAChannel', async () => {
    const puts: Record<string, unknown>[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/channels': { body: [] },
      '/api/v1/channels/ops': (_, init) => {
        if (init.method === 'PUT') {
          puts.push(body(init));
          return { body: { id: 'ops', name: 'Ops', type: 'WEBHOOK', channel: {} } };
        }
        return {
          body: {
            id: 'ops',
            name: 'Ops',
            type: 'WEBHOOK',
            channel: { type: 'WEBHOOK', url: 'https://hooks.example/a', secret: '***' },
          },
        };
      },
    });
    renderAt(routes, '/alerts/channels/ops');
    const secret = (await screen.findByLabelText('Signing secret (optional)')) as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe(
      'https://hooks.example/a',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save channel' }));
    await screen.findByText('No channels');
    expect(puts[0]).toEqual({
      id: 'ops',
      name: 'Ops',
      channel: { type: 'WEBHOOK', url: 'https://hooks.example/a' },
    });
  });

  it('should_showTheSsrfRefusalNextToTheUrl_whenCreatingAChannel', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      'POST /api/v1/channels': {
        status: 400,
        body: {
          error: 'bad_request',
          message: "field 'channel.url' resolves to 127.0.0.1, a loopback address",
        },
      },
    });
    renderAt(routes, '/alerts/channels/new');
    fireEvent.change(await screen.findByLabelText('Type'), { target: { value: 'SLACK' } });
    expect(screen.queryByLabelText('URL')).toBeNull();
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'WEBHOOK' } });
    const url = screen.getByLabelText('URL');
    fireEvent.change(url, { target: { value: 'http://127.0.0.1/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create channel' }));
    const error = await screen.findByText(/loopback address/);
    expect(url.getAttribute('aria-describedby')).toContain(error.id);
  });

  it('should_createEachRuleKindWithItsOwnFields', async () => {
    const posted: Record<string, unknown>[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/slos': { body: [{ id: 'checkout', name: 'Checkout' }] },
      '/api/v1/alert-rules': (_, init) => {
        if (init.method === 'POST') {
          posted.push(body(init));
          return { status: 201, body: { id: 'r', ...body(init) } };
        }
        return { body: [] };
      },
    });
    renderAt(routes, '/alerts/rules/new');
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Burn' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'BURN_RATE' } });
    expect(screen.queryByLabelText('Threshold')).toBeNull();
    fireEvent.change(await screen.findByLabelText('SLO'), { target: { value: 'checkout' } });
    fireEvent.change(screen.getByLabelText('Burn conditions (optional)'), {
      target: { value: 'page 1h 5m 14.4' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    await screen.findByText('No alert rules');
    expect(posted[0]).toEqual({
      name: 'Burn',
      kind: 'BURN_RATE',
      enabled: true,
      sloId: 'checkout',
      burnConditions: [{ severity: 'PAGE', longWindow: '1h', shortWindow: '5m', factor: 14.4 }],
    });
  });

  it('should_showATresholdRulesFieldError_nextToItsField', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/slos': { body: [] },
      'POST /api/v1/alert-rules': {
        status: 400,
        body: {
          error: 'bad_request',
          message: "field 'windowMs' must be between 1 minute and 1 day",
        },
      },
    });
    renderAt(routes, '/alerts/rules/new');
    fireEvent.change(await screen.findByLabelText('Signal'), { target: { value: 'METRIC' } });
    fireEvent.change(screen.getByLabelText('Metric name'), { target: { value: 'cpu' } });
    const windowMs = screen.getByLabelText('Window (ms)');
    fireEvent.change(windowMs, { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    const error = await screen.findByText(/between 1 minute and 1 day/);
    expect(windowMs.getAttribute('aria-describedby')).toContain(error.id);
  });

  it('should_previewTheFormsRule_andShowItsFiringIntervalsAndChart', async () => {
    const posted: { url: URL; body: Record<string, unknown> }[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/slos': { body: [] },
      'POST /api/v1/alert-rules/preview': (url, init) => {
        posted.push({ url, body: body(init) });
        return {
          body: {
            evaluated: true,
            reason: null,
            from: '2026-12-05T10:00:00Z',
            to: '2026-12-06T10:00:00Z',
            stepMs: 60000,
            valueUnit: 'queue.depth (AVG)',
            threshold: 100,
            comparison: 'ABOVE',
            times: [1765000000000, 1765000060000, 1765000120000],
            groups: [
              {
                labels: { 'host.name': 'a' },
                intervals: [
                  {
                    start: '2026-12-05T11:41:00Z',
                    firedAt: '2026-12-05T11:46:00Z',
                    end: '2026-12-05T12:01:00Z',
                    peak: 500,
                  },
                  {
                    start: '2026-12-06T09:00:00Z',
                    firedAt: '2026-12-06T09:05:00Z',
                    end: null,
                    peak: 120,
                  },
                ],
                values: [10, 500, 120],
              },
              { labels: { 'host.name': 'b' }, intervals: [], values: [10, 900, 10] },
            ],
            notes: ['Evaluated every minute.'],
          },
        };
      },
    });
    renderAt(routes, '/alerts/rules/new');
    expect(screen.queryByText(/No preview of what would have fired/)).toBeNull();
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Queue' } });
    fireEvent.change(screen.getByLabelText('Signal'), { target: { value: 'METRIC' } });
    fireEvent.change(screen.getByLabelText('Metric name'), { target: { value: 'queue.depth' } });
    fireEvent.change(screen.getByLabelText('Threshold'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the last day' }));
    const table = await screen.findByRole('table', {
      name: 'Firing intervals of the previewed rule',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('host.name=a')).toBeTruthy();
    expect(within(rows[1]).getByText('500')).toBeTruthy();
    expect(within(rows[2]).getByText('still firing')).toBeTruthy();
    expect(screen.getByText('Would have fired 2 times in this range.')).toBeTruthy();
    const chart = screen.getByRole('img', { name: /queue.depth \(AVG\) per group/ });
    expect(chart.dataset.points).toBe('3');
    expect(posted[0].body).toMatchObject({
      name: 'Queue',
      kind: 'THRESHOLD',
      signal: 'METRIC',
      metric: 'queue.depth',
      threshold: 100,
    });
    const from = Date.parse(posted[0].url.searchParams.get('from') ?? '');
    expect(Date.now() - from).toBeGreaterThanOrEqual(86_400_000);
    expect(Date.now() - from).toBeLessThan(86_460_000);
  });

  it('should_showThePreviewsFieldError_nextToItsField_andTheReasonWhenNotEvaluated', async () => {
    let answer: { status?: number; body: unknown } = {
      status: 400,
      body: { error: 'bad_request', message: "field 'threshold' is required for THRESHOLD rules" },
    };
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/slos': { body: [] },
      'POST /api/v1/alert-rules/preview': () => answer,
    });
    renderAt(routes, '/alerts/rules/new');
    const threshold = await screen.findByLabelText('Threshold');
    fireEvent.click(screen.getByRole('button', { name: 'Preview the last day' }));
    const error = await screen.findByText(/'threshold' is required/);
    expect(threshold.getAttribute('aria-describedby')).toContain(error.id);

    answer = {
      body: {
        evaluated: false,
        reason: 'Cannot preview BURN_RATE rule: SLO gone does not exist',
        from: '2026-12-05T10:00:00Z',
        to: '2026-12-06T10:00:00Z',
        stepMs: 60000,
        valueUnit: null,
        threshold: null,
        comparison: null,
        times: [],
        groups: [],
        notes: [],
      },
    };
    fireEvent.click(screen.getByRole('button', { name: 'Preview the last day' }));
    expect(await screen.findByText(/Cannot preview BURN_RATE rule/)).toBeTruthy();
    expect(screen.queryByText(/'threshold' is required/)).toBeNull();
  });

  it('should_saveTheRoutingEditorsRoutes', async () => {
    const puts: Record<string, unknown>[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/channels': {
        body: [
          { id: 'oncall', name: 'On call', type: 'PAGERDUTY', channel: {} },
          { id: 'ops', name: 'Ops', type: 'WEBHOOK', channel: {} },
        ],
      },
      '/api/v1/alert-routing': (_, init) => {
        if (init.method === 'PUT') puts.push(body(init));
        return { body: { routes: [], defaultChannels: [], default: true } };
      },
    });
    renderAt(routes, '/alerts/routing');
    fireEvent.click(await screen.findByRole('button', { name: 'Add route' }));
    fireEvent.change(screen.getByLabelText('Route 1 matchers (one per line)'), {
      target: { value: 'severity=page' },
    });
    const route = screen.getByRole('group', { name: 'Route 1 channels' });
    fireEvent.click(within(route).getByRole('checkbox', { name: 'oncall' }));
    const defaults = screen.getByRole('group', { name: /Default channels/ });
    fireEvent.click(within(defaults).getByRole('checkbox', { name: 'ops' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save routing' }));
    await screen.findByText('Routing saved.');
    expect(puts[0]).toMatchObject({
      routes: [
        {
          matchers: [{ label: 'severity', op: '=', value: 'page' }],
          channels: ['oncall'],
          continueMatching: false,
        },
      ],
      defaultChannels: ['ops'],
    });
  });

  it('should_showAnAlertsLabelsAndTimeline', async () => {
    const resolved = { ...FIRING, state: 'RESOLVED', endsAt: '2026-12-06T09:30:00Z' };
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/alerts': { body: { alerts: [resolved], nextCursor: null } },
    });
    renderAt(routes, '/alerts/fp1?startsAt=' + encodeURIComponent(FIRING.startsAt));
    const timeline = await screen.findByRole('list', { name: 'Alert timeline' });
    const steps = within(timeline)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(steps).toHaveLength(2);
    expect(steps[0]).toContain('fired');
    expect(steps[1]).toContain('resolved');
    expect(screen.getByText('host.name')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Silence this alert' })).toBeNull();
  });

  it('should_hideEditControlsFromViewers', async () => {
    fakeApi({
      '/api/v1/me': { body: { ...SESSION, role: 'viewer' } },
      '/api/v1/alerts': { body: { alerts: [FIRING], nextCursor: null } },
    });
    renderAt(routes, '/alerts');
    await screen.findByRole('list', { name: 'Labels of DB CPU' });
    expect(screen.queryByRole('link', { name: /^Silence DB CPU/ })).toBeNull();
  });
});

const DELIVERED = {
  time: '2026-12-06T09:00:02Z',
  deliveryId: 'd1',
  channelId: 'ops',
  channelName: 'Ops hook',
  channelType: 'WEBHOOK',
  kind: 'firing',
  sequence: 1,
  status: 'DELIVERED',
  outcome: 'DELIVERED',
  attempts: 1,
  lastStatus: null,
  error: null,
};
const FAILED = {
  ...DELIVERED,
  time: '2026-12-06T09:10:00Z',
  deliveryId: 'd2',
  channelId: 'pager',
  channelName: null,
  channelType: null,
  kind: 'resolved',
  sequence: 2,
  status: 'FAILED',
  outcome: 'GAVE_UP',
  attempts: 3,
  lastStatus: 500,
  error: 'webhook: 500 Internal Server Error from https://hooks.example.com/***',
};

describe('alert deliveries', () => {
  it('should_listTheAlertsDeliveries_withStatusInWordsAndTheErrorAsText', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/alerts': { body: { alerts: [FIRING], nextCursor: null } },
      '/api/v1/alerts/fp1/deliveries': { body: { alert: 'fp1', deliveries: [FAILED, DELIVERED] } },
    });
    renderAt(routes, '/alerts/fp1?startsAt=2026-12-06T09:00:00Z');
    const table = await screen.findByRole('table', { name: 'Deliveries of this alert' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [failed, delivered] = rows.map((r) => within(r).getAllByRole('cell'));
    expect(failed.map((c) => c.textContent)).toEqual([
      expect.any(String),
      'resolved',
      'pagerpager',
      'failedgave up',
      '3',
      '500',
      'webhook: 500 Internal Server Error from https://hooks.example.com/***',
    ]);
    expect(delivered.map((c) => c.textContent).slice(1)).toEqual([
      'firing',
      'Ops hookops · webhook',
      'delivered',
      '1',
      '–',
      '–',
    ]);
    expect(screen.getByRole('heading', { name: 'Deliveries' })).toBeTruthy();
    const asked = calls.find((c) => c.url.pathname === '/api/v1/alerts/fp1/deliveries');
    expect(asked?.url.searchParams.get('limit')).toBe('200');
  });

  it('should_sayNoDeliveriesYet_whenThereAreNone', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/alerts': { body: { alerts: [FIRING], nextCursor: null } },
      '/api/v1/alerts/fp1/deliveries': { body: { alert: 'fp1', deliveries: [] } },
    });
    renderAt(routes, '/alerts/fp1');
    expect(await screen.findByText('No deliveries yet')).toBeTruthy();
  });

  it('should_showTheApisMessage_whenTheHistoryCannotBeRead', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/alerts': { body: { alerts: [FIRING], nextCursor: null } },
      '/api/v1/alerts/fp1/deliveries': {
        status: 404,
        body: { error: 'not_found', message: "alert 'fp1' not found" },
      },
    });
    renderAt(routes, '/alerts/fp1');
    expect((await screen.findByRole('alert')).textContent).toContain("alert 'fp1' not found");
  });
});
