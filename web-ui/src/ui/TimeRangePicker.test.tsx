import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../app/routes';
import { fakeApi, renderAt, SESSION } from '../test/render';

const SERVICES = { from: '0', to: '1', stepNanos: '60', errorBoundPercent: 19, services: [] };

function api() {
  return fakeApi({ '/api/v1/me': { body: SESSION }, '/api/v1/services': { body: SERVICES } });
}

describe('the time range picker', () => {
  it('should_putARelativeRangeInTheUrl_andMoveFocusInAndBack', async () => {
    const calls = api();
    const { router } = renderAt(routes, '/services?region=eu');
    const open = await screen.findByRole('button', { name: 'Time range: Last 1 hour' });
    fireEvent.click(open);
    const dialog = screen.getByRole('dialog', { name: 'Choose a time range' });
    // focus lands on the range in use
    expect(document.activeElement).toBe(
      within(dialog).getByRole('button', { name: 'Last 1 hour' }),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Last 6 hours' }));
    await waitFor(() => expect(router.state.location.search).toBe('?region=eu&from=now-6h&to=now'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Time range: Last 6 hours' }),
    );
    await waitFor(() =>
      expect(
        calls.some((c) => {
          const from = c.url.searchParams.get('from');
          const to = c.url.searchParams.get('to');
          return !!from && !!to && Date.parse(to) - Date.parse(from) === 6 * 3_600_000;
        }),
      ).toBe(true),
    );
  });

  it('should_takeAnAbsoluteRange_andRefuseOneThatEndsBeforeItStarts', async () => {
    api();
    const { router } = renderAt(routes, '/services');
    fireEvent.click(await screen.findByRole('button', { name: /^Time range:/ }));
    const form = screen.getByRole('form', { name: 'Absolute range' });
    fireEvent.change(within(form).getByLabelText('From'), {
      target: { value: '2026-01-31T11:00' },
    });
    fireEvent.change(within(form).getByLabelText('To'), { target: { value: '2026-01-31T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply range' }));
    expect(within(form).getByRole('alert').textContent).toBe('The start must be before the end.');
    fireEvent.change(within(form).getByLabelText('To'), { target: { value: '2026-01-31T12:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply range' }));
    await waitFor(() => expect(router.state.location.search).toContain('from=2026-01-31T'));
    const params = new URLSearchParams(router.state.location.search);
    expect(Date.parse(params.get('to') ?? '') - Date.parse(params.get('from') ?? '')).toBe(
      3_600_000,
    );
  });

  it('should_closeOnEscape', async () => {
    api();
    renderAt(routes, '/services');
    const open = await screen.findByRole('button', { name: /^Time range:/ });
    fireEvent.click(open);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(open);
  });
});

describe('the theme', () => {
  it('should_switchBetweenLightAndDark_andRememberIt', async () => {
    api();
    localStorage.removeItem('obsera.theme');
    renderAt(routes, '/services');
    fireEvent.click(await screen.findByRole('button', { name: 'Use dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('obsera.theme')).toBe('dark');
    fireEvent.click(screen.getByRole('button', { name: 'Use light theme' }));
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});
