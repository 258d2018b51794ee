import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const log = (i: number, traceId = '') => ({
  timeUnixNano: String(1_700_000_000_000_000_000 + i * 1_000_000),
  severityText: i % 2 ? 'ERROR' : 'INFO',
  severityNumber: i % 2 ? 17 : 9,
  serviceName: 'checkout',
  body: `message ${i}`,
  traceId,
  spanId: traceId ? '0000000000000001' : '',
  attributes: { 'order.id': String(100 + i) },
  links: {},
});

describe('the logs page', () => {
  it('should_searchWithTheUrlsFilters_chartCounts_andExpandARow', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/logs': { body: { logs: [log(1, 'abc'), log(2)], nextCursor: 'c1' } },
      '/api/v1/logs/histogram': {
        body: { buckets: [{ timeUnixNano: '1700000000000000000', count: 5, errors: 2 }] },
      },
    });
    renderAt(routes, '/logs?q=timeout&severity=error&attr=order.kind%3Dgift');
    const table = await screen.findByRole('table', { name: 'Log records' });
    const q = calls.find((c) => c.url.pathname === '/api/v1/logs')?.url.searchParams;
    expect(q?.get('q')).toBe('timeout');
    expect(q?.get('severity')).toBe('error');
    expect(q?.get('attr.order.kind')).toBe('gift');
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'Log records over time' }).dataset.points).toBe('1'),
    );
    expect(
      within(table)
        .getByRole('link', { name: /^Trace of the log at / })
        .getAttribute('href'),
    ).toBe('/traces/abc?span=0000000000000001');
    fireEvent.click(within(table).getByText('message 2'));
    expect(await within(table).findByText('102')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Load more' })).toBeTruthy();
  });

  it('should_offerLiveTail_onlyForRangesEndingNow', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/logs': { body: { logs: [], nextCursor: null } },
      '/api/v1/logs/histogram': { body: { buckets: [] } },
    });
    const { router } = renderAt(routes, '/logs');
    const live = await screen.findByRole('button', { name: 'Live tail' });
    fireEvent.click(live);
    await waitFor(() => expect(router.state.location.search).toBe('?live=1'));
    expect(screen.getByRole('button', { name: '● Live' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await screen.findByText('No logs match.')).toBeTruthy();
  });
});
