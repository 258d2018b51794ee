import type { Span } from '../../api/types';
import { nanosToMs } from '../../ui/format';

/** A span placed in the waterfall: depth in the tree, times relative to the trace start. */
export interface WaterfallRow {
  span: Span;
  depth: number;
  /** Start and duration in milliseconds, from the trace's first span start. */
  offsetMs: number;
  durationMs: number;
  childCount: number;
  error: boolean;
}

export interface Waterfall {
  rows: WaterfallRow[];
  startMs: number;
  totalMs: number;
  byId: Map<string, WaterfallRow>;
}

export function isError(span: Span): boolean {
  return (span.status?.code ?? '').toLowerCase() === 'error';
}

/**
 * The spans in tree order (depth first, children by start time). Spans whose parent is not in the
 * trace (not yet arrived, or sampled away) become roots, so no span is lost. Iterative: a 10,000
 * deep chain needs no deep recursion.
 */
export function buildWaterfall(spans: readonly Span[]): Waterfall {
  const byId = new Map<string, Span>();
  spans.forEach((s) => byId.set(s.spanId, s));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    } else {
      roots.push(s);
    }
  }
  const start = (s: Span) => nanosToMs(s.startTimeUnixNano);
  const byStart = (a: Span, b: Span) => start(a) - start(b);
  roots.sort(byStart);
  children.forEach((list) => list.sort(byStart));
  let startMs = spans.length ? Infinity : 0;
  let endMs = 0;
  for (const s of spans) {
    startMs = Math.min(startMs, start(s));
    endMs = Math.max(endMs, start(s) + Number(s.durationNanos) / 1e6);
  }
  const rows: WaterfallRow[] = [];
  const rowById = new Map<string, WaterfallRow>();
  const seen = new Set<string>();
  const stack: { span: Span; depth: number }[] = roots
    .slice()
    .reverse()
    .map((span) => ({ span, depth: 0 }));
  while (stack.length) {
    const { span, depth } = stack.pop() as { span: Span; depth: number };
    if (seen.has(span.spanId)) continue; // a cycle in bad data
    seen.add(span.spanId);
    const kids = children.get(span.spanId) ?? [];
    const row: WaterfallRow = {
      span,
      depth,
      offsetMs: start(span) - startMs,
      durationMs: Number(span.durationNanos) / 1e6,
      childCount: kids.length,
      error: isError(span),
    };
    rows.push(row);
    rowById.set(span.spanId, row);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: depth + 1 });
  }
  // spans only reachable through a cycle: keep them, as roots
  for (const s of spans) {
    if (!seen.has(s.spanId)) {
      const row: WaterfallRow = {
        span: s,
        depth: 0,
        offsetMs: start(s) - startMs,
        durationMs: Number(s.durationNanos) / 1e6,
        childCount: 0,
        error: isError(s),
      };
      rows.push(row);
      rowById.set(s.spanId, row);
    }
  }
  return { rows, startMs, totalMs: Math.max(endMs - startMs, 0.001), byId: rowById };
}

/** The rows left when the spans in `collapsed` hide their descendants. */
export function visibleRows(
  rows: readonly WaterfallRow[],
  collapsed: ReadonlySet<string>,
): WaterfallRow[] {
  if (collapsed.size === 0) return rows as WaterfallRow[];
  const out: WaterfallRow[] = [];
  let hideDeeperThan = -1;
  for (const row of rows) {
    if (hideDeeperThan >= 0) {
      if (row.depth > hideDeeperThan) continue;
      hideDeeperThan = -1;
    }
    out.push(row);
    if (collapsed.has(row.span.spanId) && row.childCount > 0) hideDeeperThan = row.depth;
  }
  return out;
}

/**
 * The critical path: the spans that determined when the trace ended. From the root that ends
 * last, walk back from its end: the child that ends last before the cursor is on the path, the
 * cursor moves to that child's start, and the same is done inside the child.
 */
export function criticalPath(w: Waterfall): Set<string> {
  const path = new Set<string>();
  const childrenOf = new Map<string, WaterfallRow[]>();
  const roots: WaterfallRow[] = [];
  for (const row of w.rows) {
    const parent = row.span.parentSpanId;
    if (row.depth > 0 && parent) {
      const list = childrenOf.get(parent);
      if (list) list.push(row);
      else childrenOf.set(parent, [row]);
    } else {
      roots.push(row);
    }
  }
  const end = (r: WaterfallRow) => r.offsetMs + r.durationMs;
  if (roots.length === 0) return path;
  const last = roots.reduce((a, b) => (end(b) > end(a) ? b : a));
  const work: { row: WaterfallRow; until: number }[] = [{ row: last, until: end(last) }];
  while (work.length) {
    const { row, until } = work.pop() as { row: WaterfallRow; until: number };
    path.add(row.span.spanId);
    const kids = (childrenOf.get(row.span.spanId) ?? []).slice().sort((a, b) => end(b) - end(a));
    let cursor = Math.min(until, end(row));
    for (const kid of kids) {
      if (kid.offsetMs >= cursor) continue;
      work.push({ row: kid, until: cursor });
      cursor = kid.offsetMs;
      if (cursor <= row.offsetMs) break;
    }
  }
  return path;
}

/**
 * Where a bar's duration label goes (percent of the track): after the bar while there is room;
 * inside a bar that reaches the end and is wide enough; else before it. Never over the bar's edge.
 */
export function labelPlacement(
  leftPct: number,
  widthPct: number,
): { side: 'after' | 'inside' | 'before'; style: { left?: string; right?: string } } {
  const end = leftPct + widthPct;
  if (end <= 85) return { side: 'after', style: { left: `${end}%` } };
  if (widthPct >= 12) return { side: 'inside', style: { right: `${100 - end}%` } };
  return { side: 'before', style: { right: `${100 - leftPct}%` } };
}
