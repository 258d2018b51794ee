import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

const span = (id: string, parent: string, startMs: number, durMs: number, error = false) => ({
  spanId: id,
  parentSpanId: parent,
  childSpanIds: [],
  name: 'op-' + id,
  serviceName: 'svc',
  startTimeUnixNano: String(BigInt(1_700_000_000_000 + startMs) * 1_000_000n),
  durationNanos: String(durMs * 1_000_000),
  status: error ? { code: 'Error', message: 'boom' } : { code: 'Unset', message: '' },
  attributes: { 'http.route': '/x/' + id },
});

const TRACE = {
  traceId: 'abc',
  rootSpanIds: ['root'],
  spans: [
    span('root', '', 0, 100),
    span('a', 'root', 10, 30),
    {
      ...span('b', 'a', 15, 10, true),
      kind: 'Client',
      resource: { 'host.name': 'web-1' },
      events: [
        {
          timeUnixNano: '1700000000016000000',
          name: 'exception',
          attributes: { 'exception.type': 'Timeout' },
        },
      ],
      spanLinks: [
        {
          traceId: 'ffff0000ffff0000ffff0000ffff0000',
          spanId: '0102030405060708',
          traceState: '',
          attributes: {},
        },
      ],
    },
  ],
  logs: [
    {
      timeUnixNano: '1700000000015000000',
      severityText: 'ERROR',
      severityNumber: 17,
      body: 'b failed',
      spanId: 'b',
      attributes: {},
    },
  ],
  metricPoints: [],
  summary: null,
  links: {},
};

describe('the trace page', () => {
  it('should_drawTheWaterfall_collapse_andShowASpansDetails', async () => {
    fakeApi({ '/api/v1/me': { body: SESSION }, '/api/v1/traces/abc': { body: TRACE } });
    const { router } = renderAt(routes, '/traces/abc');
    const waterfall = await screen.findByRole('table', { name: 'Waterfall' });
    await waitFor(() => expect(within(waterfall).getAllByRole('row')).toHaveLength(4));
    expect(within(waterfall).getByLabelText('error')).toBeTruthy();
    fireEvent.click(within(waterfall).getByRole('button', { name: 'Collapse op-a' }));
    await waitFor(() => expect(within(waterfall).queryByText('op-b')).toBeNull());
    fireEvent.click(within(waterfall).getByRole('button', { name: 'Expand op-a' }));
    fireEvent.click(await within(waterfall).findByText('op-b'));
    await waitFor(() => expect(router.state.location.search).toBe('?span=b'));
    const details = screen.getByRole('complementary', { name: 'Span details' });
    expect(within(details).getByText('/x/b')).toBeTruthy();
    expect(within(details).getByText(/boom/)).toBeTruthy();
    expect(within(details).getByText('Client')).toBeTruthy();
    expect(within(details).getByText('web-1')).toBeTruthy();
    expect(within(details).getByText('Timeout')).toBeTruthy();
    expect(
      within(details)
        .getByRole('link', { name: /ffff0000/ })
        .getAttribute('href'),
    ).toBe('/traces/ffff0000ffff0000ffff0000ffff0000?span=0102030405060708');
    expect(screen.getByText('b failed')).toBeTruthy();
  });

  it('should_showTheApisMessage_forAnUnknownTrace', async () => {
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/traces/nope': {
        status: 404,
        body: { error: 'not_found', message: 'no trace nope' },
      },
    });
    renderAt(routes, '/traces/nope');
    expect((await screen.findByRole('alert')).textContent).toContain('no trace nope');
  });
});
