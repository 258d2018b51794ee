import { useCallback, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  key: string;
  header: string;
  /** CSS grid track, e.g. '12rem' or '1fr'. */
  width: string;
  render: (row: T) => ReactNode;
}

/**
 * The one virtualized table (logs, spans, search results): only the rows in view are in the DOM,
 * so 100,000 rows scroll like 100. Rows are focusable; arrow keys move, Enter activates.
 */
export function VirtualTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowHeight = 32,
  height = 560,
  onActivate,
  expanded,
  renderExpanded,
  rowClassName,
}: {
  label: string;
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T, index: number) => string;
  rowHeight?: number;
  height?: number;
  onActivate?: (row: T, index: number) => void;
  /** Keys of rows shown expanded (their detail under them). */
  expanded?: ReadonlySet<string>;
  renderExpanded?: (row: T) => ReactNode;
  rowClassName?: (row: T) => string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // Stable callbacks: a new getItemKey or estimateSize makes the virtualizer measure every row
  // again, which for 100,000 rows costs a long task on each scroll frame.
  const keyRef = useRef(rowKey);
  useEffect(() => {
    keyRef.current = rowKey;
  }, [rowKey]);
  const getItemKey = useCallback((i: number) => keyRef.current(rows[i], i), [rows]);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const getScrollElement = useCallback(() => scroller.current, []);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: 12,
    initialRect: { width: 1000, height },
    getItemKey,
  });
  // rows are measured only where they can grow (expandable tables); elsewhere all are rowHeight
  const measure = renderExpanded ? virtualizer.measureElement : undefined;
  const template = columns.map((c) => c.width).join(' ');

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>, index: number) {
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (move !== 0) {
      e.preventDefault();
      const next = Math.min(rows.length - 1, Math.max(0, index + move));
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() => {
        scroller.current
          ?.querySelector<HTMLElement>(`[data-row="${next}"]`)
          ?.focus({ preventScroll: true });
      });
    } else if (e.key === 'Enter' && onActivate) {
      e.preventDefault();
      onActivate(rows[index], index);
    }
  }

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="vtable-head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader">
            {c.header}
          </div>
        ))}
      </div>
      <div ref={scroller} className="vtable-body" style={{ height }} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            const key = String(item.key);
            const isOpen = expanded?.has(key) ?? false;
            return (
              <div
                key={key}
                data-index={item.index}
                ref={measure}
                className="vtable-item"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <div
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-expanded={renderExpanded ? isOpen : undefined}
                  tabIndex={0}
                  data-row={item.index}
                  className={'vtable-row ' + (rowClassName?.(row) ?? '')}
                  style={{ gridTemplateColumns: template, minHeight: rowHeight }}
                  onClick={() => onActivate?.(row, item.index)}
                  onKeyDown={(e) => onKeyDown(e, item.index)}
                >
                  {columns.map((c) => (
                    <div key={c.key} role="cell">
                      {c.render(row)}
                    </div>
                  ))}
                </div>
                {isOpen && renderExpanded && (
                  <div className="vtable-detail">{renderExpanded(row)}</div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
