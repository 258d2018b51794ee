import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const SLO = {
  id: 'checkout',
  name: 'Checkout',
  kind: 'AVAILABILITY',
  service: 'checkout',
  objective: 0.999,
  period: 'ROLLING_30D',
};

const BUDGET = {
  sloId: 'checkout',
  name: 'Checkout',
  kind: 'AVAILABILITY',
  objective: 0.999,
  period: 'ROLLING_30D',
  periodStart: '2026-11-06T00:00:00Z',
  periodEnd: '2026-12-06T00:00:00Z',
  asOf: '2026-12-06T10:00:00Z',
  events: { total: 10000, good: 9995, bad: 5 },
  budget: { total: 10, consumed: 5, remaining: 5, consumedShare: 0.5, remainingShare: 0.5 },
  burnRates: { '5m': 20, '30m': 2, '1h': 15, '2h': 1, '6h': 0.5, '1d': 0.5, '3d': 0.5 },
  timeToExhaustion: {
    '1h': { burnRate: 15, seconds: 86_400, at: '2026-12-07T10:00:00Z' },
    '1d': { burnRate: 0.5, seconds: 2_592_000, at: '2027-01-05T10:00:00Z' },
  },
  links: {},
};

const step = (hour: number, share: number) => ({
  time: `2026-12-06T0${hour}:00:00Z`,
  asOf: `2026-12-06T0${hour}:00:30Z`,
  total: 100,
  bad: 0,
  budget: 0.1,
  remaining: 0.1,
  remainingShare: share,
  burnRates: { '1h': 15, '6h': 1 },
});

describe('SLOs', () => {
  it('should_listEachSloWithObjectiveSliBudgetAndTimeToExhaustion', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/slos': { body: [SLO] },
      '/api/v1/slos/checkout/budget': { body: BUDGET },
    });
    renderAt(routes, '/slos');
    const row = (await screen.findByRole('link', { name: 'Checkout' })).closest(
      'tr',
    ) as HTMLElement;
    await within(row).findByText('99.95%');
    expect(within(row).getByText('99.9%')).toBeTruthy(); // objective
    expect(within(row).getByText('50%')).toBeTruthy(); // budget left
    expect(within(row).getByText('24 h 0 min')).toBeTruthy(); // sooner of 1h / 1d
  });

  it('should_drawTheBurnDown_andBurnRatesAgainstTheThresholds_andTheAlertsItRaised', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/slos/checkout': { body: SLO },
      '/api/v1/slos/checkout/budget': { body: BUDGET },
      '/api/v1/slos/checkout/budget/series': {
        body: { sloId: 'checkout', steps: [step(1, 0.9), step(2, 0.7), step(3, 0.5)] },
      },
      '/api/v1/alert-rules': { body: [] },
      '/api/v1/alerts': {
        body: {
          alerts: [
            {
              fingerprint: 'f1',
              ruleId: 'checkout-burn',
              name: 'Checkout burn',
              source: 'BURN_RATE',
              severity: 'PAGE',
              state: 'FIRING',
              sequence: 1,
              labels: { slo: 'checkout', severity: 'page', rule: 'checkout-burn' },
              startsAt: '2026-12-06T09:00:00Z',
              endsAt: null,
              updatedAt: '2026-12-06T09:00:00Z',
            },
            {
              ...{ fingerprint: 'f2', name: 'Other', state: 'FIRING', severity: 'PAGE' },
              labels: { slo: 'other' },
              startsAt: '2026-12-06T09:00:00Z',
              updatedAt: 'x',
            },
          ],
          nextCursor: null,
        },
      },
    });
    renderAt(routes, '/slos/checkout');
    const chart = await screen.findByRole('img', { name: /Error budget remaining/ });
    expect(chart.dataset.points).toBe('3');
    const rates = screen.getByRole('table', { name: /Burn rate per window/ });
    const oneHour = within(rates).getByRole('row', { name: /^1h/ });
    expect(within(oneHour).getByText('15.00').className).toBe('bad'); // over the 14.4 page line
    expect(within(oneHour).getByText('14.4')).toBeTruthy();
    const oneDay = within(rates).getByRole('row', { name: /^1d/ });
    expect(within(oneDay).getByText('3')).toBeTruthy(); // ticket at 3 over 1d
    expect(await screen.findByRole('link', { name: 'Checkout burn' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Other' })).toBeNull();
  });

  it('should_showTheApisFieldErrorNextToTheField_andCreateOnceFixed', async () => {
    const posted: unknown[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      'POST /api/v1/slos': (_, init) => {
        const body = JSON.parse(String(init.body)) as { objective: unknown };
        posted.push(body);
        return body.objective === 1.5
          ? {
              status: 400,
              body: {
                error: 'bad_request',
                message: "field 'objective' must be strictly between 0 and 1, got 1.5",
              },
            }
          : { status: 201, body: { ...SLO, ...body } };
      },
      '/api/v1/slos/checkout': { body: SLO },
      '/api/v1/slos/checkout/budget': { body: BUDGET },
    });
    const { router } = renderAt(routes, '/slos/new');
    fireEvent.change(await screen.findByLabelText('Id'), { target: { value: 'checkout' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Checkout' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'LATENCY' } });
    fireEvent.change(screen.getByLabelText('Service'), { target: { value: 'checkout' } });
    fireEvent.change(screen.getByLabelText('Threshold (ms)'), { target: { value: '500' } });
    const objective = screen.getByLabelText('Objective');
    fireEvent.change(objective, { target: { value: '1.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create SLO' }));
    const error = await screen.findByText(/must be strictly between 0 and 1/);
    expect(objective.getAttribute('aria-describedby')).toContain(error.id);
    expect(objective.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(objective, { target: { value: '0.99' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create SLO' }));
    await screen.findByRole('heading', { name: 'Checkout' });
    expect(router.state.location.pathname).toBe('/slos/checkout');
    expect(posted[1]).toMatchObject({
      id: 'checkout',
      kind: 'LATENCY',
      thresholdMs: 500,
      objective: 0.99,
      period: 'ROLLING_30D',
    });
    expect(posted[1]).not.toHaveProperty('endpointId');
  });

  it('should_askForTheEndpoint_forUptimeSlos', async () => {
    fakeApi({ '/api/v1/me': { body: SESSION } });
    renderAt(routes, '/slos/new');
    fireEvent.change(await screen.findByLabelText('Kind'), { target: { value: 'UPTIME' } });
    expect(screen.getByLabelText('Endpoint id')).toBeTruthy();
    expect(screen.queryByLabelText('Span kind')).toBeNull();
  });
});
