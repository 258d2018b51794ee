import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const CATALOG = {
  metrics: [
    {
      name: 'http.server.duration',
      type: 'HISTOGRAM',
      unit: 'ms',
      description: 'Server latency',
      services: ['checkout'],
      points: 100,
      attributes: [{ key: 'http.route', topValues: ['/cart', '/pay'] }],
      link: '',
    },
    {
      name: 'queue.depth',
      type: 'GAUGE',
      unit: '1',
      description: '',
      services: ['worker'],
      points: 5,
      attributes: [],
      link: '',
    },
  ],
};

const SERIES = {
  name: 'http.server.duration',
  type: 'HISTOGRAM',
  agg: 'p95',
  stepNanos: '18000000000',
  series: [
    {
      labels: {},
      points: [
        { timeUnixNano: '1700000000000000000', value: 10 },
        { timeUnixNano: '1700000018000000000', value: 250 },
      ],
    },
  ],
};

/** The metric, the page and the correlation of `traces` (no logs). */
function metricApi(traces: { traceId: string; reason: string; reasons: string[] }[]) {
  return fakeApi({
    '/api/v1/me': { body: SESSION },
    '/api/v1/metrics/names': { body: CATALOG },
    '/api/v1/metrics/query': { body: SERIES },
    '/api/v1/correlate': {
      body: {
        metric: 'http.server.duration',
        services: ['checkout'],
        from: '0',
        to: '1',
        traces: traces.map((t) => ({
          serviceName: 'checkout',
          timeUnixNano: '1700000000000000000',
          links: {},
          ...t,
        })),
        logs: [],
        links: {},
      },
    },
  });
}

describe('the metrics page', () => {
  it('should_searchTheCatalog_andChartAPickedMetric_withItsTypesAggregation', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/metrics/names': { body: CATALOG },
      '/api/v1/metrics/query': { body: SERIES },
    });
    const { router } = renderAt(routes, '/metrics');
    const catalog = await screen.findByRole('navigation', { name: 'Metric catalog' });
    // the nav is drawn while the names load: search once they are there (a busy machine is slow)
    await within(catalog).findByRole('button', { name: /queue\.depth/ });
    fireEvent.change(within(catalog).getByLabelText('Search metrics'), {
      target: { value: 'queue' },
    });
    expect(
      within(catalog)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['queue.depth gauge']);
    expect(router.state.location.search).toBe('?find=queue');
    fireEvent.change(within(catalog).getByLabelText('Search metrics'), { target: { value: '' } });
    fireEvent.click(within(catalog).getByRole('button', { name: /http.server.duration/ }));
    await waitFor(() => expect(router.state.location.search).toBe('?metric=http.server.duration'));
    expect(
      (await screen.findByRole('img', { name: 'p95 of http.server.duration' })).dataset.points,
    ).toBe('2');
    const q = calls.find((c) => c.url.pathname === '/api/v1/metrics/query')?.url.searchParams;
    expect(q?.get('agg')).toBe('p95');
    fireEvent.click(screen.getByRole('checkbox', { name: /group by http.route/ }));
    await waitFor(() => expect(router.state.location.search).toContain('groupBy=http.route'));
    await waitFor(() =>
      expect(calls.some((c) => c.url.searchParams.get('groupBy') === 'http.route')).toBe(true),
    );
  });

  it('should_correlateAClickedPoint_exemplarsFirst', async () => {
    const calls = metricApi([
      {
        traceId: 'slow1',
        reason: 'slowest trace of checkout',
        reasons: ['slowest trace of checkout'],
      },
      {
        traceId: 'ex1',
        reason: 'exemplar of http.server.duration (value 250.0)',
        reasons: ['exemplar of http.server.duration (value 250.0)'],
      },
    ]);
    renderAt(routes, '/metrics?metric=http.server.duration&at=1700000018000');
    const panel = await screen.findByRole('complementary', { name: 'Correlation' });
    const exemplars = await within(panel).findByText(
      'exemplar of http.server.duration (value 250.0)',
    );
    expect(exemplars.closest('li')?.querySelector('a')?.getAttribute('href')).toBe('/traces/ex1');
    const c = calls.find((x) => x.url.pathname === '/api/v1/correlate')?.url.searchParams;
    expect(c?.get('metric')).toBe('http.server.duration');
    expect(c?.get('service')).toBe('checkout');
    expect(within(panel).getByText('No logs of these services in this window.')).toBeTruthy();
  });

  it('should_chartABurstAtAFinerStep_soASpikeHasItsShape', async () => {
    // the range-wide query (18 s steps) puts the whole spike in one point; the finer one has it all
    const t = (ms: number) => String(1_700_000_000_000 + ms) + '000000';
    const finer = [10, 12, 11, 240, 260, 250, 12].map((value, i) => ({
      timeUnixNano: t(i * 500),
      value,
    }));
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/metrics/names': { body: CATALOG },
      '/api/v1/metrics/query': (url) => ({
        body: {
          ...SERIES,
          series: [
            {
              labels: {},
              points: url.searchParams.get('step')?.endsWith('ms')
                ? finer
                : [{ timeUnixNano: t(0), value: 250 }],
            },
          ],
        },
      }),
    });
    renderAt(routes, '/metrics?metric=http.server.duration');
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'p95 of http.server.duration' }).dataset.points).toBe(
        '7',
      ),
    );
    const fine = calls
      .filter((c) => c.url.pathname === '/api/v1/metrics/query')
      .map((c) => c.url.searchParams)
      .find((q) => q.get('step')?.endsWith('ms'));
    expect(fine?.get('step')).toBe('450ms');
    expect(Date.parse(fine?.get('to') ?? '') - Date.parse(fine?.get('from') ?? '')).toBe(21_600);
  });

  it('should_say_theSlowAndErroringTracesAreTheExemplars_insteadOfNone', async () => {
    // both traces are exemplars and also the slowest: each is listed once, among the exemplars
    metricApi(
      ['ex1', 'ex2'].map((traceId) => ({
        traceId,
        reason: 'exemplar of http.server.duration (value 250.0)',
        reasons: [
          'exemplar of http.server.duration (value 250.0)',
          'slowest trace of checkout in the window',
        ],
      })),
    );
    renderAt(routes, '/metrics?metric=http.server.duration&at=1700000018000');
    const panel = await screen.findByRole('complementary', { name: 'Correlation' });
    expect(
      await within(panel).findByText(
        'The slowest and erroring traces of this window are the 2 exemplars above.',
      ),
    ).toBeTruthy();
    expect(within(panel).queryByText('None.')).toBeNull();
  });

  it('should_pickAPointWithTheKeyboard_intoCorrelation', async () => {
    metricApi([]);
    const { router } = renderAt(routes, '/metrics?metric=http.server.duration');
    const chart = await screen.findByRole('figure', { name: 'p95 of http.server.duration' });
    chart.focus();
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    expect(within(chart).getByRole('status').textContent).toMatch(
      /^[-\d]+ \d\d:\d\d:\d\d\.\d{3}: http.server.duration 250$/,
    );
    fireEvent.keyDown(chart, { key: 'Enter' });
    await waitFor(() => expect(router.state.location.search).toContain('at=1700000018000'));
    expect(await screen.findByRole('complementary', { name: 'Correlation' })).toBeTruthy();
  });
});
