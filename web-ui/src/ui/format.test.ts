import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent, formatRate, formatTime, nanosToMs } from './format';

describe('formats', () => {
  it('should_keepNanosecondPrecision_inMilliseconds', () => {
    expect(nanosToMs('1795687200123456789')).toBeCloseTo(1795687200123.4568, 3);
    expect(nanosToMs('999')).toBeCloseTo(0.000999, 9);
  });

  it('should_showDurationsInTheirUnit', () => {
    expect(formatDuration(0.5)).toBe('500µs');
    expect(formatDuration(12.34)).toBe('12.3ms');
    expect(formatDuration(1250)).toBe('1.25s');
    expect(formatDuration(125_000)).toBe('2m 5s');
    expect(formatDuration(null)).toBe('–');
  });

  it('should_showRatesAndPercentages', () => {
    expect(formatRate(2.5)).toBe('2.50/s');
    expect(formatRate(0.001)).toBe('0.06/min');
    expect(formatPercent(0.09375)).toBe('9.4%');
    expect(formatPercent(0.0001)).toBe('<0.1%');
  });

  it('should_showTheDate_onlyForOtherDays', () => {
    const now = new Date(2026, 11, 6, 12, 0, 0).getTime();
    expect(formatTime(new Date(2026, 11, 6, 9, 5, 7, 42).getTime(), now)).toBe('09:05:07.042');
    expect(formatTime(new Date(2026, 11, 5, 23, 59, 59, 1).getTime(), now)).toBe(
      '2026-12-05 23:59:59.001',
    );
  });
});
