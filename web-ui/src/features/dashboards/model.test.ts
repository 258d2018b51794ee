import { describe, expect, it } from 'vitest';
import { applyLayout, nudge, panelId, panelParams, type Panel } from './model';

const PANEL: Panel = {
  id: 'p',
  title: 'P',
  kind: 'sql',
  layout: { x: 0, y: 0, w: 6, h: 4 },
  sql: 'SELECT 1',
  params: { from: 'DateTime64(9)', to: 'DateTime64(9)', service: 'String', region: 'String' },
};
const RANGE = { from: '2026-12-06T00:00:00.000Z', to: '2026-12-06T01:00:00.000Z' };

describe('dashboard model', () => {
  it('should_bindTheRangeAndVariables_asTheParametersThePanelDeclares', () => {
    const values = (n: string) => (n === 'service' ? 'cart' : '');
    const vars = [
      { name: 'service', type: 'service' as const },
      { name: 'region', type: 'region' as const, defaultValue: 'eu-west' },
      { name: 'host', type: 'service' as const },
    ];

    expect(panelParams(PANEL, vars, values, RANGE)).toEqual({
      ...RANGE,
      service: 'cart',
      region: 'eu-west',
    });
    expect(panelParams({ ...PANEL, params: {} }, vars, values, RANGE)).toEqual({});
  });

  it('should_keepKeyboardMovesOnTheGrid_andMakeUniquePanelIds', () => {
    expect(nudge({ x: 10, y: 0, w: 2, h: 4 }, 1, -1, 0, 0)).toEqual({ x: 10, y: 0, w: 2, h: 4 });
    expect(nudge({ x: 10, y: 0, w: 2, h: 4 }, 0, 0, 1, 1)).toEqual({ x: 9, y: 0, w: 3, h: 5 });
    expect(panelId('Latency p99!', ['latency-p99'])).toBe('latency-p99-2');
    expect(panelId('  ', [])).toBe('panel');
    const moved = applyLayout([PANEL], [{ i: 'p', x: 6, y: 2, w: 6, h: 4 }]);
    expect(moved[0].layout).toEqual({ x: 6, y: 2, w: 6, h: 4 });
    expect(applyLayout(moved, [{ i: 'p', x: 6, y: 2, w: 6, h: 4 }])[0]).toBe(moved[0]);
  });
});
