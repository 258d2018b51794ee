import { describe, expect, it } from 'vitest';
import type { Span } from '../../api/types';
import { buildWaterfall, criticalPath, labelPlacement, visibleRows } from './waterfall';

const T0 = 1_700_000_000_000; // ms

function span(id: string, parent: string, startMs: number, durMs: number, error = false): Span {
  return {
    spanId: id,
    parentSpanId: parent,
    childSpanIds: [],
    name: 'op ' + id,
    serviceName: 'svc',
    startTimeUnixNano: String(BigInt(T0 + startMs) * 1_000_000n),
    durationNanos: String(durMs * 1_000_000),
    status: error ? { code: 'Error', message: 'boom' } : { code: 'Unset', message: '' },
    attributes: {},
  };
}

//  root 0..100
//   a 10..40      (a1 15..35)
//   b 30..95      (error)
//   c 50..60
const SPANS = [
  span('c', 'root', 50, 10),
  span('root', '', 0, 100),
  span('b', 'root', 30, 65, true),
  span('a1', 'a', 15, 20),
  span('a', 'root', 10, 30),
];

describe('the waterfall', () => {
  it('should_orderSpansDepthFirst_childrenByStart', () => {
    const w = buildWaterfall(SPANS);
    expect(w.rows.map((r) => `${r.span.spanId}@${r.depth}`)).toEqual([
      'root@0',
      'a@1',
      'a1@2',
      'b@1',
      'c@1',
    ]);
    expect(w.totalMs).toBe(100);
    expect(w.byId.get('b')?.error).toBe(true);
    expect(w.byId.get('a1')?.offsetMs).toBe(15);
  });

  it('should_keepOrphansAsRoots', () => {
    const w = buildWaterfall([span('x', 'missing', 5, 5), span('y', 'x', 6, 1)]);
    expect(w.rows.map((r) => `${r.span.spanId}@${r.depth}`)).toEqual(['x@0', 'y@1']);
  });

  it('should_hideDescendants_ofCollapsedSpans', () => {
    const w = buildWaterfall(SPANS);
    expect(visibleRows(w.rows, new Set(['a'])).map((r) => r.span.spanId)).toEqual([
      'root',
      'a',
      'b',
      'c',
    ]);
    expect(visibleRows(w.rows, new Set(['root'])).map((r) => r.span.spanId)).toEqual(['root']);
  });

  it('should_markTheCriticalPath', () => {
    // b ends last (95) and covers 30..95; before 30 only a (10..40) started, cut at b's start
    expect([...criticalPath(buildWaterfall(SPANS))].sort()).toEqual(['a', 'a1', 'b', 'root']);
  });

  it('should_lay10000Spans_withoutDeepRecursion', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      span('s' + i, i === 0 ? '' : 's' + (i - 1), i, 10_000 - i),
    );
    const w = buildWaterfall(chain);
    expect(w.rows).toHaveLength(10_000);
    expect(w.rows[9_999].depth).toBe(9_999);
    expect(criticalPath(w).size).toBe(10_000);
  });
});

describe('labelPlacement', () => {
  it('puts the label after a bar that leaves room', () => {
    expect(labelPlacement(10, 40)).toEqual({ side: 'after', style: { left: '50%' } });
  });

  it('puts it inside a wide bar that reaches the end, not over its edge', () => {
    expect(labelPlacement(0, 100)).toEqual({ side: 'inside', style: { right: '0%' } });
  });

  it('puts it before a narrow bar at the end', () => {
    expect(labelPlacement(95, 5)).toEqual({ side: 'before', style: { right: '5%' } });
  });
});
