import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const point = (t: string, rate: number) => ({
  timeUnixNano: t,
  count: 1,
  requestRate: rate,
  errorRate: 0,
  p50Ms: 1,
  p95Ms: 2,
  p99Ms: 3,
});

const CHECKOUT = {
  name: 'checkout',
  count: 160,
  requestRate: 2.5,
  errorRate: 0.09375,
  p50Ms: 98,
  p95Ms: 640,
  p99Ms: 1010,
  series: [point('1700000000000000000', 2), point('1700000120000000000', 3)],
  regions: [
    {
      name: 'eu-west',
      count: 110,
      requestRate: 1,
      errorRate: 0,
      p50Ms: 1,
      p95Ms: 1,
      p99Ms: 1,
      series: [],
    },
    {
      name: 'us-east',
      count: 50,
      requestRate: 1,
      errorRate: 0,
      p50Ms: 1,
      p95Ms: 1,
      p99Ms: 1,
      series: [],
    },
  ],
  links: {},
};

describe('the services page', () => {
  it('should_listServices_withFiguresSparklinesAndRegions', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/services': {
        body: { from: '0', to: '1', stepNanos: '1', errorBoundPercent: 19, services: [CHECKOUT] },
      },
    });
    renderAt(routes, '/services?from=now-6h');
    const row = (await screen.findByRole('link', { name: 'checkout' })).closest(
      'tr',
    ) as HTMLElement;
    expect(within(row).getByText('2.50/s')).toBeTruthy();
    expect(within(row).getByText('9.4%')).toBeTruthy();
    expect(within(row).getByText('640ms')).toBeTruthy();
    expect(within(row).getByRole('list', { name: 'Regions of checkout' }).textContent).toBe(
      'eu-westus-east',
    );
    expect(within(row).getByRole('img', { name: 'Request rate of checkout' }).dataset.points).toBe(
      '2',
    );
    expect(screen.getByRole('link', { name: 'checkout' }).getAttribute('href')).toBe(
      '/services/checkout?from=now-6h',
    );
    const q = calls.find((c) => c.url.pathname === '/api/v1/services')?.url.searchParams;
    expect(Date.parse(q?.get('to') ?? '') - Date.parse(q?.get('from') ?? '')).toBe(6 * 3_600_000);
  });

  it('should_showTheApisMessage_whenTheQueryFails', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/services': {
        status: 503,
        body: { error: 'unavailable', message: 'ClickHouse is down' },
      },
    });
    renderAt(routes, '/services');
    expect((await screen.findByRole('alert')).textContent).toContain('ClickHouse is down');
  });

  it('should_sayWhenNoServiceSentSpans', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/services': { body: { services: [] } },
    });
    renderAt(routes, '/services');
    expect(await screen.findByText('No services sent spans in this range.')).toBeTruthy();
  });

  it('should_nameABadRange_fromTheUrl', async () => {
    fakeApi({ '/api/v1/me': { body: SESSION } });
    renderAt(routes, '/services?from=yesterday');
    expect((await screen.findByRole('alert')).textContent).toContain("'yesterday' is not a time");
  });
});
