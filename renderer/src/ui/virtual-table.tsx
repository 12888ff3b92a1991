// A table that stays smooth at a million rows: only the rows on screen (plus a few either
// side) exist in the DOM, all of one fixed height, so the scroll height is simply
// rows × height. Browsers cap an element's height (about 16.7M px in Chromium), so past
// MAX_SCROLL_PX the scrollbar is scaled: a pixel of scrolling moves more than a pixel of
// rows, and the rows are placed where that scaled position says.
//
// It is an ARIA grid with focusable rows: Tab lands on one row (roving tabindex), arrow
// keys, Page Up/Down and Home/End move between rows, Enter opens a row. The focused row
// is always rendered, even when scrolled away, so focus is never lost to the page.
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

export interface Column<Row> {
  id: string;
  /** The header text, also the column's accessible name. */
  header: string;
  /** A CSS grid track: '9rem', 'minmax(8rem, 1fr)'. */
  width: string;
  /** Amounts and counts: right-aligned, tabular figures. */
  numeric?: boolean;
  sortable?: boolean;
  cell: (row: Row) => ReactNode;
  /** The full text for a cell that may be cut off by its width. */
  title?: (row: Row) => string | undefined;
}

export interface TableSort {
  column: string;
  direction: 'asc' | 'desc';
}

export interface VirtualTableProps<Row> {
  /** The table's accessible name, e.g. "Transactions". */
  label: string;
  columns: readonly Column<Row>[];
  rowCount: number;
  /** The row at an index, or undefined while it is loading (a placeholder is shown). */
  rowAt: (index: number) => Row | undefined;
  /** Pixels; the CSS must not change it (rows are clipped to it). */
  rowHeight?: number;
  overscan?: number;
  sort?: TableSort | null;
  onSort?: (column: string) => void;
  /** The rendered range (inclusive), for fetching pages around it. */
  onRangeChange?: (first: number, last: number) => void;
  /** Enter on a focused row, or a click. */
  onOpen?: (row: Row, index: number) => void;
  /** The row shown in a detail panel, marked selected. */
  selectedIndex?: number | null;
  rowClassName?: (row: Row) => string | undefined;
  /** Shown instead of rows when rowCount is 0. */
  empty?: ReactNode;
  /** When it changes the table scrolls back to the top (a new filter or sort). */
  resetKey?: string;
  /** Narrowest width before the table scrolls sideways, e.g. '56rem'. */
  minWidth?: string;
}

/** Well under Chromium's ~16.7M px element height cap, with room for rounding. */
export const MAX_SCROLL_PX = 8_000_000;

export function VirtualTable<Row>({
  label,
  columns,
  rowCount,
  rowAt,
  rowHeight = 32,
  overscan = 6,
  sort = null,
  onSort,
  onRangeChange,
  onOpen,
  selectedIndex = null,
  rowClassName,
  empty,
  resetKey,
  minWidth = '40rem',
}: VirtualTableProps<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const [activeIndex, setActiveIndex] = useState(0);
  const focusAfterRender = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    setViewport(element.clientHeight);
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
    setActiveIndex(0);
  }, [resetKey]);

  const fullHeight = rowCount * rowHeight;
  const spacerHeight = Math.min(fullHeight, MAX_SCROLL_PX);
  // How many pixels of rows one pixel of scrollbar stands for (1 below the cap).
  const ratio = fullHeight > spacerHeight && spacerHeight > viewport ? (fullHeight - viewport) / (spacerHeight - viewport) : 1;
  const virtualTop = scrollTop * ratio;
  const first = Math.min(Math.max(0, rowCount - 1), Math.floor(virtualTop / rowHeight));
  const shift = virtualTop - first * rowHeight;
  const visibleCount = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + visibleCount + overscan);
  // Where row `start` sits inside the spacer (in plain rows × height when unscaled).
  const windowTop = Math.max(0, scrollTop - shift - (first - start) * rowHeight);
  const active = Math.min(activeIndex, Math.max(0, rowCount - 1));

  useEffect(() => {
    if (rowCount > 0) onRangeChange?.(start, Math.max(start, end - 1));
  }, [start, end, rowCount, onRangeChange]);

  /** Scrolls just enough to show a row, keeping the scaled position in step. */
  const reveal = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const rowTop = index * rowHeight;
      let target: number | null = null;
      if (rowTop < virtualTop) target = rowTop;
      else if (rowTop + rowHeight > virtualTop + viewport) target = rowTop + rowHeight - viewport;
      if (target === null) return;
      element.scrollTop = target / ratio;
      // Render the new position in this same update, not after the scroll event.
      setScrollTop(element.scrollTop);
    },
    [rowHeight, virtualTop, viewport, ratio],
  );

  const moveTo = useCallback(
    (index: number) => {
      if (rowCount === 0) return;
      const next = Math.max(0, Math.min(rowCount - 1, index));
      setActiveIndex(next);
      reveal(next);
      focusAfterRender.current = next;
    },
    [rowCount, reveal],
  );

  useLayoutEffect(() => {
    const index = focusAfterRender.current;
    if (index === null) return;
    focusAfterRender.current = null;
    scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`)?.focus({ preventScroll: true });
  });

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const rowElement = (event.target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    if (!rowElement || rowElement !== event.target) return;
    const index = Number(rowElement.dataset.rowIndex);
    const page = Math.max(1, visibleCount - 2);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: rowCount - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]!);
    } else if (event.key === 'Enter') {
      const row = rowAt(index);
      if (row !== undefined && onOpen) {
        event.preventDefault();
        onOpen(row, index);
      }
    }
  }

  const open = useCallback(
    (index: number) => {
      setActiveIndex(index);
      const row = rowAt(index);
      if (row !== undefined) onOpen?.(row, index);
    },
    [rowAt, onOpen],
  );

  const template = columns.map((column) => column.width).join(' ');
  const tableStyle = { '--vt-columns': template, '--vt-row-height': `${rowHeight}px`, minWidth } as CSSProperties;

  const indices: number[] = [];
  for (let i = start; i < end; i++) indices.push(i);
  const activeOffscreen = rowCount > 0 && (active < start || active >= end);

  return (
    <div className="vt-frame">
      <div role="grid" aria-label={label} aria-rowcount={rowCount + 1} aria-colcount={columns.length} className="vt" style={tableStyle}>
        <div role="rowgroup" className="vt-head">
          <div role="row" aria-rowindex={1} className="vt-row">
            {columns.map((column) => (
              <HeaderCell key={column.id} column={column} sort={sort} onSort={onSort} />
            ))}
          </div>
        </div>
        <div ref={scrollRef} role="rowgroup" className="vt-body" onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)} onKeyDown={onKeyDown}>
          {rowCount === 0 ? (
            <div className="vt-empty">{empty}</div>
          ) : (
            <div className="vt-spacer" style={{ height: spacerHeight }}>
              <div className="vt-window" style={{ transform: `translateY(${windowTop}px)` }}>
                {indices.map((index) => (
                  <VirtualRow
                    key={index}
                    index={index}
                    row={rowAt(index)}
                    columns={columns}
                    focusable={index === active}
                    selected={selectedIndex === null ? undefined : selectedIndex === index}
                    className={rowClassName}
                    onOpen={open}
                    onFocusRow={setActiveIndex}
                  />
                ))}
              </div>
              {activeOffscreen && (
                // Kept in the DOM (out of view) so a focused row scrolled away keeps focus.
                <div className="vt-window" style={{ transform: `translateY(${active < start ? Math.max(0, windowTop - rowHeight) : Math.min(spacerHeight - rowHeight, windowTop + indices.length * rowHeight)}px)` }}>
                  <VirtualRow
                    index={active}
                    row={rowAt(active)}
                    columns={columns}
                    focusable
                    selected={selectedIndex === null ? undefined : selectedIndex === active}
                    className={rowClassName}
                    onOpen={open}
                    onFocusRow={setActiveIndex}
                  />
                </div>
              )}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function HeaderCell<Row>({ column, sort, onSort }: { column: Column<Row>; sort: TableSort | null; onSort?: (column: string) => void }) {
  const sorted = sort?.column === column.id ? sort.direction : null;
  const ariaSort = column.sortable ? (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none') : undefined;
  return (
    <div role="columnheader" aria-sort={ariaSort} className={column.numeric ? 'vt-cell number' : 'vt-cell'}>
      {column.sortable && onSort ? (
        <button type="button" className="vt-sort" onClick={() => onSort(column.id)}>
          {column.header}
          <span aria-hidden="true" className="vt-sort-mark">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
          </span>
        </button>
      ) : (
        column.header
      )}
    </div>
  );
}

interface VirtualRowProps<Row> {
  index: number;
  row: Row | undefined;
  columns: readonly Column<Row>[];
  focusable: boolean;
  selected: boolean | undefined;
  className?: (row: Row) => string | undefined;
  onOpen: (index: number) => void;
  onFocusRow: (index: number) => void;
}

// Memoised: while scrolling, rows that stay on screen keep the same props and skip rendering.
const VirtualRow = memo(function VirtualRow<Row>({ index, row, columns, focusable, selected, className, onOpen, onFocusRow }: VirtualRowProps<Row>) {
  const classes = ['vt-row', row === undefined ? 'loading' : className?.(row)].filter(Boolean).join(' ');
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-busy={row === undefined || undefined}
      data-row-index={index}
      tabIndex={focusable ? 0 : -1}
      className={classes}
      onClick={() => onOpen(index)}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow(index);
      }}
    >
      {row === undefined ? (
        <div role="gridcell" className="vt-cell vt-placeholder">
          Loading…
        </div>
      ) : (
        columns.map((column) => (
          <div key={column.id} role="gridcell" className={column.numeric ? 'vt-cell number' : 'vt-cell'} title={column.title?.(row)}>
            {column.cell(row)}
          </div>
        ))
      )}
    </div>
  );
}) as <Row>(props: VirtualRowProps<Row>) => ReactNode;
