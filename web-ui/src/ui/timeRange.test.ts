import { describe, expect, it } from 'vitest';
import { apiRange, describeRange, parseTime, resolveRange } from './timeRange';

const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('time ranges', () => {
  it('should_resolveRelativeTimes_againstNow', () => {
    expect(parseTime('now', NOW)).toBe(NOW);
    expect(parseTime('now-15m', NOW)).toBe(NOW - 15 * 60_000);
    expect(parseTime('now-7d', NOW)).toBe(NOW - 7 * 86_400_000);
  });

  it('should_parseAbsoluteTimes_andRejectOtherText', () => {
    expect(parseTime('2026-12-06T10:00:00Z', NOW)).toBe(Date.parse('2026-12-06T10:00:00Z'));
    expect(parseTime('yesterday', NOW)).toBeNull();
    expect(parseTime('now-5w', NOW)).toBeNull();
  });

  it('should_nameTheBadEnd_whenARangeDoesNotResolve', () => {
    expect(resolveRange('soon', 'now', NOW)).toEqual({
      error: "'soon' is not a time (use now-1h or 2026-01-31T10:00:00Z)",
    });
    expect(resolveRange('now', 'now-1h', NOW)).toEqual({
      error: 'the start of the range must be before its end',
    });
  });

  it('should_sendRfc3339_toTheApi', () => {
    const r = resolveRange('now-1h', 'now', NOW);
    expect('range' in r && apiRange(r.range)).toEqual({
      from: '2026-12-06T11:00:00.000Z',
      to: '2026-12-06T12:00:00.000Z',
    });
    expect(apiRange(null)).toEqual({});
  });

  it('should_describePresets_byName', () => {
    expect(describeRange('now-1h', 'now')).toBe('Last 1 hour');
    expect(describeRange('now-90m', 'now')).toBe('Last 90m');
  });
});
