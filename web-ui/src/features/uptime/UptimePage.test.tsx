import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';
import { dailyBars, datesEndingAt, monthBefore, type SlaReport } from './model';

const TODAY = new Date().toISOString().slice(0, 10);
const ENDPOINT = {
  id: 'api-health',
  name: 'API health',
  url: 'https://api.example.com/health',
  regions: ['eu-west', 'us-east'],
  intervalMs: 30_000,
  enabled: true,
};

/** This month's report: the endpoint measured on its last three days only (created then). */
function report(month: string, days: string[]): SlaReport {
  return {
    month,
    timeZone: 'UTC',
    until: new Date().toISOString(),
    complete: false,
    objective: 0.999,
    rules: 'Only DOWN outages count as downtime.',
    services: [],
    endpoints: [
      {
        id: 'api-health',
        name: 'API health',
        uptimePercent: 99.5,
        downtimeMinutes: 7,
        noDataMinutes: 0,
        maintenanceMinutes: 0,
        measuredMinutes: 3 * 1440,
        budgetMinutes: 43.2,
        budgetRemainingMinutes: 36.2,
        budgetRemainingPercent: 83,
        outages: [],
        daily: days.map((date, i) => ({
          date,
          uptimePercent: i === 0 ? 99.5 : 100,
          downtimeMinutes: i === 0 ? 7 : 0,
          measuredMinutes: 1440,
        })),
      },
    ],
  };
}

function uptimeApi(
  extra: Parameters<typeof fakeApi>[0] = {},
  session: typeof SESSION & { publicUrl?: string } = SESSION,
) {
  return fakeApi({
    '/api/v1/me': { body: session },
    '/api/v1/endpoints': { body: [ENDPOINT] },
    '/api/v1/sla': (url) => {
      const month = url.searchParams.get('month') ?? TODAY.slice(0, 7);
      return { body: report(month, month === TODAY.slice(0, 7) ? datesEndingAt(TODAY, 3) : []) };
    },
    '/api/v1/latency/regions': {
      body: {
        regions: [
          {
            region: 'eu-west',
            count: 12,
            errorRate: 0,
            p50Ms: 20,
            p95Ms: 40,
            p99Ms: 50,
            series: [
              {
                timeUnixNano: '1700000000000000000',
                count: 12,
                errorRate: 0,
                p50Ms: 20,
                p95Ms: 40,
                p99Ms: 50,
              },
            ],
          },
        ],
      },
    },
    ...extra,
  });
}

describe('uptime', () => {
  it('should_drawNinetyDays_greyBeforeTheEndpointExisted', () => {
    const bars = dailyBars(
      [report(TODAY.slice(0, 7), datesEndingAt(TODAY, 3))],
      'api-health',
      TODAY,
    );
    expect(bars).toHaveLength(90);
    expect(bars.filter((b) => b.uptimePercent === null)).toHaveLength(87);
    expect(bars[89].date).toBe(TODAY);
    expect(monthBefore('2026-01-15', 1)).toBe('2025-12');
  });

  it('should_listEndpointsWithTheirStatusAndBars_andOfferNoAddButtonToAViewer', async () => {
    uptimeApi({}, { ...SESSION, role: 'viewer' });
    renderAt(routes, '/uptime');
    const row = (await screen.findByRole('link', { name: 'API health' })).closest(
      'tr',
    ) as HTMLElement;
    await within(row).findByText('up');
    const bars = await within(row).findByRole('img', { name: /90-day uptime of API health/ });
    expect(bars.getAttribute('aria-label')).toContain('87 days without data');
    expect(bars.querySelectorAll('.day.nodata')).toHaveLength(87);
    expect(screen.queryByRole('button', { name: 'Add endpoint' })).toBeNull();
  });

  it('should_showTheSsrfRefusalNextToTheUrlField', async () => {
    const calls = uptimeApi({
      'PUT /api/v1/endpoints/internal': {
        status: 400,
        body: {
          error: 'bad_request',
          message: "field 'url': host 10.0.0.5 is a private address (refused unless allowlisted)",
        },
      },
    });
    const { router } = renderAt(routes, '/uptime');
    fireEvent.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    expect(router.state.location.search).toBe('?new=1');
    const form = screen.getByRole('form', { name: 'Add an endpoint' });
    fireEvent.change(within(form).getByLabelText('Id'), { target: { value: 'internal' } });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Internal' } });
    fireEvent.change(within(form).getByLabelText('URL'), { target: { value: 'http://10.0.0.5/' } });
    expect(within(form).getByText(/cloud metadata address/)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    await within(form).findByText(/10\.0\.0\.5 is a private address/);
    const urlInput = within(form).getByLabelText('URL');
    expect(urlInput.getAttribute('aria-invalid')).toBe('true');
    const put = calls.find((c) => c.init.method === 'PUT');
    expect(put).toBeDefined();
    expect(JSON.parse(String(put?.init.body))).toMatchObject({
      name: 'Internal',
      url: 'http://10.0.0.5/',
      regions: ['eu-west', 'us-east', 'ap-south'],
    });
  });

  it('should_previewTheSavedStatusPage_withItsEmbedAndBadgeSnippets', async () => {
    uptimeApi({
      '/api/v1/status-page': {
        body: { slug: 'acme', title: 'Acme status', components: ['api-health'], public: true },
      },
    });
    renderAt(routes, '/uptime?view=status-page');
    const preview = await screen.findByTitle('Status page preview');
    expect(preview.getAttribute('src')).toBe('/status/acme/embed');
    expect(screen.getByLabelText('Badge code').textContent).toContain('/status/acme/badge.svg');
    expect(screen.getByLabelText('Embed code').textContent).toContain('<iframe');
    expect((screen.getByLabelText('API health') as HTMLInputElement).checked).toBe(true);
  });

  it('should_startTheSnippetsAtTheServersPublicAddress_notTheBrowsers', async () => {
    uptimeApi(
      {
        '/api/v1/status-page': {
          body: { slug: 'acme', title: 'Acme status', components: [], public: true },
        },
      },
      { ...SESSION, publicUrl: 'https://status.obsera.example/ops' },
    );
    renderAt(routes, '/uptime?view=status-page');
    await screen.findByTitle('Status page preview');
    const page = 'https://status.obsera.example/ops/status/acme';
    expect(screen.getByLabelText('Embed code').textContent).toContain(`src="${page}/embed"`);
    expect(screen.getByLabelText('Widget code').textContent).toBe(
      `<script src="${page}/widget.js"></script>`,
    );
    expect(screen.getByLabelText('Badge code').textContent).toContain(`src="${page}/badge.svg"`);
    expect(screen.getByLabelText('Markdown badge').textContent).toBe(
      `[![Acme status](${page}/badge.svg)](${page})`,
    );
    expect(document.body.textContent).not.toContain(window.location.origin);
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('should_fallBackToThisPagesAddress_sayingSo_whenTheServerHasNoPublicAddress', async () => {
    uptimeApi({
      '/api/v1/status-page': {
        body: { slug: 'acme', title: 'Acme "status" <b>', components: [], public: true },
      },
    });
    renderAt(routes, '/uptime?view=status-page');
    await screen.findByTitle('Status page preview');
    const origin = window.location.origin;
    expect(screen.getByLabelText('Badge code').textContent).toBe(
      `<img src="${origin}/status/acme/badge.svg" alt="Acme &quot;status&quot; &lt;b&gt;">`,
    );
    expect(screen.getByLabelText('Embed code').textContent).toContain(
      'title="Acme &quot;status&quot; &lt;b&gt;"',
    );
    expect(screen.getByRole('note').textContent).toContain('OBSERA_PUBLIC_URL');
  });

  it('should_showTheMonthsSlaReport_withItsPdf', async () => {
    const calls = uptimeApi();
    renderAt(routes, '/uptime?view=sla&month=2026-11');
    const pdf = await screen.findByRole('link', { name: /2026-11 report \(PDF\)/ });
    expect(pdf.getAttribute('href')).toBe('/api/v1/sla/2026-11.pdf');
    expect(calls.some((c) => c.url.searchParams.get('month') === '2026-11')).toBe(true);
    expect(screen.getByRole('table', { name: 'SLA of 2026-11 per endpoint' })).toBeTruthy();
  });

  it('should_showAnEndpointsLatencyByRegionAndOutages', async () => {
    uptimeApi({
      '/api/v1/endpoints/api-health': { body: ENDPOINT },
      '/api/v1/endpoints/api-health/outages': {
        body: {
          outages: [
            {
              outageId: 'o1',
              kind: 'DOWN',
              state: 'RESOLVED',
              start: '2026-11-02T10:00:00Z',
              end: '2026-11-02T10:07:00Z',
              durationMs: 420_000,
              regions: ['eu-west', 'us-east'],
              cause: 'HTTP 503',
            },
          ],
        },
      },
    });
    renderAt(routes, '/uptime/api-health');
    await screen.findByRole('heading', { name: 'API health', level: 1 });
    const table = await screen.findByRole('table', { name: 'Checks per region' });
    expect(within(table).getByText('eu-west')).toBeTruthy();
    await screen.findByText('HTTP 503');
    await waitFor(() => expect(screen.getByText('up')).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Edit endpoint' })).toBeTruthy();
  });
});
