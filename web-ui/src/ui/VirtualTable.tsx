import {
  memo,
  useCallback,
  useLayoutEffect,
  useId,
  useRef,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  key: string;
  header: string;
  /** CSS grid track, e.g. '12rem' or '1fr'. */
  width: string;
  render: (row: T) => ReactNode;
}

/** Rows drawn beyond the view on each side: enough for a fast wheel, few enough to stay cheap. */
const OVERSCAN = 6;

/**
 * The one virtualized table (logs, spans, search results): only the rows in view are in the DOM,
 * so 100,000 rows scroll like 100. Rows are focusable; arrow keys move, Enter activates.
 *
 * Per scroll frame only the rows that come into view render (rows are memoized on their data,
 * position and state; pass `columns` that keep their identity, e.g. a module constant or a
 * `useMemo`). Every row is `rowHeight` tall except expanded ones, which alone are measured: measuring
 * every row read layout in the middle of each frame and re-laid out the list's measurements.
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
  // The latest callbacks behind stable functions: a new getItemKey or estimateSize makes the
  // virtualizer measure every row again, and new handlers would re-render every memoized row.
  const latest = useRef({ rowKey, onActivate, rows });
  useLayoutEffect(() => {
    latest.current = { rowKey, onActivate, rows };
  });
  const getItemKey = useCallback((i: number) => latest.current.rowKey(rows[i], i), [rows]);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const getScrollElement = useCallback(() => scroller.current, []);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: OVERSCAN,
    initialRect: { width: 1000, height },
    getItemKey,
    // React 19: render the rows that come into view in React's own task, not inside the scroll event
    useFlushSync: false,
  });
  const template = columns.map((c) => c.width).join(' ');

  const activate = useCallback((index: number) => {
    const { onActivate: act, rows: all } = latest.current;
    act?.(all[index], index);
  }, []);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>, index: number) => {
      const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (move !== 0) {
        e.preventDefault();
        const next = Math.min(latest.current.rows.length - 1, Math.max(0, index + move));
        virtualizer.scrollToIndex(next);
        requestAnimationFrame(() => {
          scroller.current
            ?.querySelector<HTMLElement>(`[data-row="${next}"]`)
            ?.focus({ preventScroll: true });
        });
      } else if (e.key === 'Enter' && latest.current.onActivate) {
        e.preventDefault();
        activate(index);
      }
    },
    [virtualizer, activate],
  );

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="vtable-head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader">
            {c.header}
          </div>
        ))}
      </div>
      <div
        ref={scroller}
        className="vtable-body"
        // as tall as the rows up to `height` (a 2-span trace gets no empty box), then scrolls
        style={{ height: Math.min(height, Math.max(virtualizer.getTotalSize(), rowHeight)) }}
        role="rowgroup"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            const key = String(item.key);
            const isOpen = expanded?.has(key) ?? false;
            return (
              <Row<T>
                key={key}
                row={row}
                index={item.index}
                start={item.start}
                columns={columns}
                template={template}
                rowHeight={rowHeight}
                className={rowClassName?.(row) ?? ''}
                expandable={renderExpanded !== undefined}
                detail={isOpen && renderExpanded ? renderExpanded(row) : undefined}
                measure={isOpen ? virtualizer.measureElement : undefined}
                activate={activate}
                onKeyDown={onKeyDown}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps<T> {
  row: T;
  index: number;
  start: number;
  columns: Column<T>[];
  template: string;
  rowHeight: number;
  className: string;
  expandable: boolean;
  /** The expanded detail, or undefined when the row is closed. */
  detail: ReactNode;
  /** The virtualizer's measuring ref, only on expanded rows (the others are rowHeight tall). */
  measure: ((node: Element | null) => void) | undefined;
  activate: (index: number) => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>, index: number) => void;
}

function RowView<T>({
  row,
  index,
  start,
  columns,
  template,
  rowHeight,
  className,
  expandable,
  detail,
  measure,
  activate,
  onKeyDown,
}: RowProps<T>) {
  const isOpen = detail !== undefined;
  // aria-expanded is not allowed on a row outside a treegrid: an open row points at its details
  // with aria-details instead (a global attribute), and the details are a labelled region.
  const detailId = useId();
  return (
    <div
      data-index={index}
      ref={measure}
      className="vtable-item"
      style={{ transform: `translateY(${start}px)` }}
    >
      <div
        role="row"
        aria-rowindex={index + 2}
        aria-details={expandable && isOpen ? detailId : undefined}
        tabIndex={0}
        data-row={index}
        className={'vtable-row ' + className}
        style={{ gridTemplateColumns: template, height: isOpen ? undefined : rowHeight }}
        onClick={() => activate(index)}
        onKeyDown={(e) => onKeyDown(e, index)}
      >
        {columns.map((c) => (
          <div key={c.key} role="cell">
            {c.render(row)}
          </div>
        ))}
      </div>
      {isOpen && (
        <div
          id={detailId}
          className="vtable-detail"
          role="region"
          aria-label={`Details of row ${index + 1}`}
        >
          {detail}
        </div>
      )}
    </div>
  );
}

/** Rows re-render only when their data, place or state changes, not on every scroll frame. */
const Row = memo(RowView) as typeof RowView;
