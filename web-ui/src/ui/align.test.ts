import { describe, expect, it } from 'vitest';
import { alignSeries } from './align';

describe('aligning series', () => {
  it('should_putSeriesOnOneAxis_withGapsAsNull', () => {
    const a = [
      { t: '2000000000', v: 1 },
      { t: '1000000000', v: 2 },
    ];
    const b = [{ t: '3000000000', v: 5 }];
    expect(
      alignSeries(
        [a, b],
        (p) => p.t,
        (p) => p.v,
      ),
    ).toEqual([
      [1, 2, 3],
      [2, 1, null],
      [null, null, 5],
    ]);
  });
});
