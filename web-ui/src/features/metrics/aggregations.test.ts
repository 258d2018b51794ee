import { describe, expect, it } from 'vitest';
import {
  aggregationsFor,
  burstWindow,
  correlationWindow,
  seriesLabel,
  stepFor,
} from './aggregations';

describe('metric aggregations', () => {
  it('should_pickTheAggregationThatFitsTheType', () => {
    expect(aggregationsFor('SUM')[0]).toBe('rate');
    expect(aggregationsFor('histogram')[0]).toBe('p95');
    expect(aggregationsFor('histogram')).toContain('p99');
    expect(aggregationsFor('gauge')[0]).toBe('avg');
    expect(aggregationsFor('gauge')).not.toContain('rate');
  });

  it('should_stepToAbout200Points_inWholeSeconds', () => {
    expect(stepFor(0, 3_600_000)).toBe('18s');
    expect(stepFor(0, 60_000)).toBe('10s');
    expect(stepFor(0, 7 * 86_400_000)).toBe('3024s');
  });

  it('should_nameSeriesByTheirLabels', () => {
    expect(seriesLabel({ 'service.name': 'a', region: 'eu' }, 'm')).toBe(
      'service.name=a, region=eu',
    );
    expect(seriesLabel({}, 'm')).toBe('m');
  });

  it('should_correlateAWindowAroundThePoint', () => {
    expect(correlationWindow(1_000_000, 18_000)).toEqual({ fromMs: 940_000, toMs: 1_078_000 });
  });

  it('should_askAFinerStep_whenTheDataCameInABurst', () => {
    // a spike of 6 s inside an hour at 18 s steps: one bucket of the range-wide query
    const at = 1_700_000_000_000;
    const w = burstWindow([at, at, at], 18_000);
    expect(w).toEqual({
      fromMs: at - 1_800,
      toMs: at + 18_000 + 1_800,
      step: '450ms',
    });
    // never under 100 ms, whatever the step
    expect(burstWindow([at], 1_000)?.step).toBe('100ms');
    expect(burstWindow([at], 10_000)?.step).toBe('250ms');
  });

  it('should_keepTheRangeStep_whenTheDataSpansTheRange', () => {
    const times = Array.from({ length: 200 }, (_, i) => i * 18_000);
    expect(burstWindow(times, 18_000)).toBeNull();
    expect(burstWindow([], 18_000)).toBeNull();
  });
});
