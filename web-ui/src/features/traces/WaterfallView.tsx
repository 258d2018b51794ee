import { useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import { formatDuration } from '../../ui/format';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import {
  criticalPath,
  labelPlacement,
  visibleRows,
  type Waterfall,
  type WaterfallRow,
} from './waterfall';

/**
 * Span bars on the trace's time axis in a collapsible tree; errors in red, the critical path
 * outlined. Virtualized: a 10,000-span trace keeps only the rows in view in the DOM.
 */
export function WaterfallView({
  waterfall,
  selected,
  onSelect,
}: {
  waterfall: Waterfall;
  selected: string | null;
  onSelect: (spanId: string) => void;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const critical = useMemo(() => criticalPath(waterfall), [waterfall]);
  const rows = useMemo(() => visibleRows(waterfall.rows, collapsed), [waterfall, collapsed]);

  // the same columns while nothing changes, so scrolling re-renders only the rows coming into view
  const columns = useMemo(
    () => waterfallColumns(waterfall, collapsed, critical, setCollapsed),
    [waterfall, collapsed, critical],
  );

  return (
    <VirtualTable
      label="Waterfall"
      rows={rows}
      columns={columns}
      rowKey={(r) => r.span.spanId}
      rowHeight={28}
      onActivate={(r) => onSelect(r.span.spanId)}
      rowClassName={(r) => (r.span.spanId === selected ? 'selected' : '')}
    />
  );
}

function waterfallColumns(
  waterfall: Waterfall,
  collapsed: ReadonlySet<string>,
  critical: ReadonlySet<string>,
  setCollapsed: Dispatch<SetStateAction<ReadonlySet<string>>>,
): Column<WaterfallRow>[] {
  function toggle(id: string) {
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return [
    {
      key: 'span',
      header: 'Span',
      width: 'minmax(16rem, 2fr)',
      render: (r) => (
        <span className="span-name" style={{ paddingLeft: `${Math.min(r.depth, 40) * 0.9}rem` }}>
          {r.childCount > 0 ? (
            <button
              type="button"
              className="twisty"
              aria-label={`${collapsed.has(r.span.spanId) ? 'Expand' : 'Collapse'} ${r.span.name}`}
              aria-expanded={!collapsed.has(r.span.spanId)}
              onClick={(e) => {
                e.stopPropagation();
                toggle(r.span.spanId);
              }}
            >
              {collapsed.has(r.span.spanId) ? '▸' : '▾'}
            </button>
          ) : (
            <span className="twisty" aria-hidden="true" />
          )}
          {r.error && (
            <span className="bad" aria-label="error" title="error">
              ●
            </span>
          )}{' '}
          <strong>{r.span.serviceName}</strong> {r.span.name}
        </span>
      ),
    },
    {
      key: 'bar',
      header: `0 – ${formatDuration(waterfall.totalMs)}`,
      width: '3fr',
      render: (r) => {
        const left = (r.offsetMs / waterfall.totalMs) * 100;
        const width = Math.max((r.durationMs / waterfall.totalMs) * 100, 0.2);
        const label = labelPlacement(left, width);
        return (
          <div className="bar-track">
            <div
              className={
                'bar' +
                (r.error ? ' bar-error' : '') +
                (critical.has(r.span.spanId) ? ' bar-critical' : '')
              }
              style={{ left: `${left}%`, width: `${width}%` }}
              title={`${formatDuration(r.durationMs)} at +${formatDuration(r.offsetMs)}`}
            />
            <span className={`bar-label bar-label-${label.side}`} style={label.style}>
              {formatDuration(r.durationMs)}
            </span>
          </div>
        );
      },
    },
  ];
}
