import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test/render';
import { ApiError, request, setCsrfToken, setLoginRedirect, withQuery } from './client';

afterEach(() => setCsrfToken(null));

describe('the API client', () => {
  it('should_sendTheSessionCookie_andNoCsrfHeader_onReads', async () => {
    const calls = fakeApi({ '/api/v1/services': { body: { services: [] } } });
    setCsrfToken('t1');
    await request('/api/v1/services', { query: { from: 'a', empty: '', none: undefined } });
    expect(calls[0].init.credentials).toBe('same-origin');
    expect((calls[0].init.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect(calls[0].url.search).toBe('?from=a');
  });

  it('should_sendTheCsrfToken_onWrites', async () => {
    const calls = fakeApi({ 'POST /api/v1/auth/switch': { status: 204 } });
    setCsrfToken('t1');
    await request('/api/v1/auth/switch', { method: 'POST', body: { tenant: 'b' } });
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers['X-CSRF-Token']).toBe('t1');
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.Authorization).toBeUndefined();
    expect(calls[0].init.body).toBe('{"tenant":"b"}');
  });

  it('should_throwTheApisMessage_onAnError', async () => {
    fakeApi({
      '/api/v1/traces': {
        status: 400,
        body: { error: 'bad_request', message: "parameter 'minDuration': not a duration" },
      },
    });
    const e = await request('/api/v1/traces').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).message).toBe("parameter 'minDuration': not a duration");
  });

  it('should_goToLoginWithNext_onA401', async () => {
    fakeApi({
      '/api/v1/logs': { status: 401, body: { error: 'unauthorized', message: 'no session' } },
    });
    const go = vi.fn();
    setLoginRedirect(go);
    window.history.pushState({}, '', '/logs?q=timeout');
    await expect(request('/api/v1/logs')).rejects.toThrow('no session');
    expect(go).toHaveBeenCalledWith('/login?next=%2Flogs%3Fq%3Dtimeout');
  });

  it('should_repeatArrayParameters', () => {
    expect(withQuery('/x', { groupBy: ['a', 'b'] })).toBe('/x?groupBy=a&groupBy=b');
  });
});
