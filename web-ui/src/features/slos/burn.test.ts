import { describe, expect, it } from 'vitest';
import { defaultConditions, seriesWindow } from './burn';

describe('burn rates and budget series', () => {
  it('should_scaleTheDefaultFactors_withThePeriod', () => {
    expect(defaultConditions('ROLLING_30D').map((c) => c.factor)).toEqual([14.4, 6, 3, 1]);
    expect(defaultConditions('ROLLING_28D').map((c) => c.factor)).toEqual([13.44, 5.6, 2.8, 0.93]);
  });

  it('should_askAYoungSlosSeriesFromItsCreation_inFineSteps', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(seriesWindow({ period: 'ROLLING_30D', createdAt: '2026-12-06T11:00:00Z' }, now)).toEqual(
      { from: '2026-12-06T11:00:00.000Z', step: '18s' },
    );
    expect(seriesWindow({ period: 'ROLLING_30D', createdAt: '2026-01-01T00:00:00Z' }, now)).toEqual(
      { step: '12960s' },
    );
  });
});
