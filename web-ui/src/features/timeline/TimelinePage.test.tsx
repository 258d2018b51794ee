import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const item = (type: string, t: string, name: string, extra = '') => ({
  type,
  timeUnixNano: t,
  serviceName: 'checkout',
  traceId: type === 'span' ? 'abc' : '',
  spanId: '',
  name,
  detail: type === 'span' ? '1500000' : '',
  extra,
  links: {},
});

describe('the timeline', () => {
  it('should_showEveryKind_onOneAxis_andFilterByKind', async () => {
    const calls = fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/timeline': {
        body: {
          items: [
            item('span', '1700000000000000000', 'GET /cart', 'Error'),
            item('log', '1700000001000000000', 'cart lookup failed'),
            item('alert', '1700000002000000000', 'PAGE Checkout errors', 'FIRING'),
          ],
          nextCursor: null,
        },
      },
    });
    renderAt(routes, '/timeline?service=checkout');
    expect(await screen.findByRole('heading', { name: 'Timeline of checkout' })).toBeTruthy();
    expect(await screen.findByText('cart lookup failed')).toBeTruthy();
    expect(screen.getByText('GET /cart (1.50ms)')).toBeTruthy();
    expect(
      calls.find((c) => c.url.pathname === '/api/v1/timeline')?.url.searchParams.get('service'),
    ).toBe('checkout');
    fireEvent.click(screen.getByRole('checkbox', { name: 'logs (1)' }));
    await waitFor(() => expect(screen.queryByText('cart lookup failed')).toBeNull());
    expect(screen.getByText(/PAGE Checkout errors/)).toBeTruthy();
  });
});
