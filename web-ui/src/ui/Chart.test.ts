import { describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { pointAfterKey, xRange } from './Chart';

const plot = (xs: number[]) => ({ data: [xs] }) as unknown as uPlot;

describe('xRange', () => {
  it('keeps the range of several points', () => {
    expect(xRange(plot([100, 250, 400]), 100, 400)).toEqual([100, 400]);
  });

  it('puts a minute each side of a single point in time', () => {
    // uPlot has already widened a lone time to a thousand days when it asks
    expect(xRange(plot([1_765_000_000]), 1_765_000_000, 1_851_400_000)).toEqual([
      1_764_999_940, 1_765_000_060,
    ]);
  });
});

describe('pointAfterKey', () => {
  it('should_startAtAnEnd_thenStepOnePoint_andStopAtTheEnds', () => {
    expect(pointAfterKey('ArrowRight', null, 5)).toBe(0);
    expect(pointAfterKey('ArrowLeft', null, 5)).toBe(4);
    expect(pointAfterKey('ArrowRight', 3, 5)).toBe(4);
    expect(pointAfterKey('ArrowRight', 4, 5)).toBe(4);
    expect(pointAfterKey('ArrowLeft', 0, 5)).toBe(0);
    expect(pointAfterKey('Home', 3, 5)).toBe(0);
    expect(pointAfterKey('End', 0, 5)).toBe(4);
    expect(pointAfterKey('a', 2, 5)).toBeNull();
    expect(pointAfterKey('ArrowRight', null, 0)).toBeNull();
  });
});
