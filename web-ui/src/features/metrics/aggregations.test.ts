import { describe, expect, it } from 'vitest';
import { aggregationsFor, correlationWindow, seriesLabel, stepFor } from './aggregations';

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
});
