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

describe('the metrics page', () => {
  it('should_searchTheCatalog_andChartAPickedMetric_withItsTypesAggregation', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/metrics/names': { body: CATALOG },
      '/api/v1/metrics/query': { body: SERIES },
    });
    const { router } = renderAt(routes, '/metrics');
    const catalog = await screen.findByRole('navigation', { name: 'Metric catalog' });
    fireEvent.change(within(catalog).getByLabelText('Search metrics'), {
      target: { value: 'queue' },
    });
    expect(
      within(catalog)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['queue.depth gauge']);
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
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/metrics/names': { body: CATALOG },
      '/api/v1/metrics/query': { body: SERIES },
      '/api/v1/correlate': {
        body: {
          metric: 'http.server.duration',
          services: ['checkout'],
          from: '0',
          to: '1',
          traces: [
            {
              traceId: 'slow1',
              serviceName: 'checkout',
              timeUnixNano: '1700000000000000000',
              reason: 'slowest trace of checkout',
              reasons: ['slowest trace of checkout'],
              links: {},
            },
            {
              traceId: 'ex1',
              serviceName: 'checkout',
              timeUnixNano: '1700000000000000000',
              reason: 'exemplar of http.server.duration (value 250.0)',
              reasons: ['exemplar of http.server.duration (value 250.0)'],
              links: {},
            },
          ],
          logs: [],
          links: {},
        },
      },
    });
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
});
