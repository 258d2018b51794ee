import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { fakeApi, renderAt, SESSION } from '../../test/render';

describe('getting started', () => {
  it('should_showTheSnippetOfThePickedPlatform_andSayWhenFirstDataArrives', async () => {
    let services: { name: string }[] = [];
    fakeApi({
      '/api/v1/me': { body: SESSION },
      '/api/v1/services': () => ({ body: { services } }),
    });
    const { router } = renderAt(routes, '/get-started');
    expect((await screen.findByLabelText('Environment variables')).textContent).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Browser' }));
    expect(router.state.location.search).toBe('?platform=browser');
    fireEvent.change(screen.getByLabelText(/origin/), {
      target: { value: 'https://shop.example' },
    });
    expect(screen.getByLabelText('Snippet').textContent).toContain(
      'only from https://shop.example',
    );
    expect(screen.getByText(/Waiting for the first data/)).toBeTruthy();
    services = [{ name: 'checkout' }];
    expect(
      (await screen.findByText(/First data received from checkout/, {}, { timeout: 15_000 }))
        .textContent,
    ).toContain('checkout');
  });
});
