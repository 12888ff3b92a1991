// A table that stays smooth at a million rows: only the rows on screen (plus a few either
// side) exist in the DOM, all of one fixed height, so the scroll height is simply
// rows × height. Browsers cap an element's height (about 16.7M px in Chromium), so past
// MAX_SCROLL_PX the list is cut into stretches that the capped scrollbar reaches one
// after another (see pagingFor).
//
// It is an ARIA grid with focusable rows: Tab lands on one row (roving tabindex), arrow
// keys, Page Up/Down and Home/End move between rows, Enter opens a row. The focused row
// is always rendered, even when scrolled away, so focus is never lost to the page.
import { flushSync } from 'react-dom';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode, type UIEvent } from 'react';

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
  // Where the list is: the scroll container's scrollTop, and how many pixels of rows lie
  // above the spacer's top (0 unless the list is taller than MAX_SCROLL_PX).
  const [position, setPosition] = useState({ scrollTop: 0, offset: 0 });
  const lastScrollTop = useRef(0);
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
    lastScrollTop.current = 0;
    setPosition({ scrollTop: 0, offset: 0 });
    setActiveIndex(0);
  }, [resetKey]);

  const paging = useMemo(() => pagingFor(rowCount * rowHeight), [rowCount, rowHeight]);
  const { offset } = position;
  const virtualTop = position.scrollTop + offset;
  const first = Math.min(Math.max(0, rowCount - 1), Math.floor(virtualTop / rowHeight));
  const visibleCount = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + visibleCount + overscan);
  const active = Math.min(activeIndex, Math.max(0, rowCount - 1));

  useEffect(() => {
    if (rowCount > 0) onRangeChange?.(start, Math.max(start, end - 1));
  }, [start, end, rowCount, onRangeChange]);

  /** Shows the list from a pixel position of the full list (rows × height). */
  const scrollToPixel = useCallback(
    (pixel: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const next = smoothPosition(paging, Math.max(0, Math.min(paging.fullHeight - viewport, pixel)));
      element.scrollTop = next.scrollTop;
      lastScrollTop.current = next.scrollTop;
      // Render the new position in this same update, not after the scroll event.
      setPosition(next);
    },
    [paging, viewport],
  );

  /** Scrolls just enough to show a row. */
  const reveal = useCallback(
    (index: number) => {
      const rowTop = index * rowHeight;
      if (rowTop < virtualTop) scrollToPixel(rowTop);
      else if (rowTop + rowHeight > virtualTop + viewport) scrollToPixel(rowTop + rowHeight - viewport);
    },
    [rowHeight, virtualTop, viewport, scrollToPixel],
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

  // The browser scrolls the (empty) spacer on its own; rendering the rows for the new
  // position in the scroll event itself puts them in the same frame, so a fast scroll
  // never shows a strip of blank table for a frame.
  function onScroll(event: UIEvent<HTMLDivElement>) {
    const element = event.currentTarget;
    const scrollTop = element.scrollTop;
    const moved = Math.abs(scrollTop - lastScrollTop.current);
    if (moved === 0) return;
    let next: ListPosition;
    if (moved > viewport) {
      // A jump (the scrollbar dragged, a click on its track): go to the same fraction of the list.
      next = jumpPosition(paging, scrollTop, viewport);
    } else {
      // A wheel or key scroll: move exactly as far as the scrollbar did, one pixel for one
      // pixel, and when that crosses into the next stretch of the list move the scrollbar
      // back under the same rows.
      next = smoothPosition(paging, scrollTop + offset);
      if (next.scrollTop !== scrollTop) element.scrollTop = next.scrollTop;
    }
    lastScrollTop.current = next.scrollTop;
    flushSync(() => setPosition(next));
  }

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

  // Rows are memoised: they get stable callbacks that read the caller's latest ones, so a
  // caller passing inline functions does not re-render every row on every scroll.
  const latest = useRef({ rowAt, onOpen, rowClassName });
  latest.current = { rowAt, onOpen, rowClassName };
  const open = useCallback((index: number) => {
    setActiveIndex(index);
    const row = latest.current.rowAt(index);
    if (row !== undefined) latest.current.onOpen?.(row, index);
  }, []);
  const classOf = useCallback((row: Row) => latest.current.rowClassName?.(row), []);

  const template = columns.map((column) => column.width).join(' ');
  const tableStyle = { '--vt-columns': template, '--vt-row-height': `${rowHeight}px`, minWidth } as CSSProperties;

  const rendered: number[] = [];
  for (let i = start; i < end; i++) rendered.push(i);
  // The focused row stays rendered (out of view) when scrolled away, so focus is never
  // lost; one list keyed by index keeps it the same element when it comes back in view.
  if (rowCount > 0 && (active < start || active >= end)) rendered.push(active);

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
        <div ref={scrollRef} role="rowgroup" className="vt-body" onScroll={onScroll} onKeyDown={onKeyDown}>
          {rowCount === 0 ? (
            <div className="vt-empty">{empty}</div>
          ) : (
            <div className="vt-spacer" style={{ height: paging.spacerHeight }}>
              {rendered.map((index) => (
                <VirtualRow
                  key={index}
                  index={index}
                  top={index * rowHeight - offset}
                  row={rowAt(index)}
                  columns={columns}
                  focusable={index === active}
                  selected={selectedIndex === null ? undefined : selectedIndex === index}
                  className={classOf}
                  onOpen={open}
                  onFocusRow={setActiveIndex}
                />
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** The list's geometry when it is taller than the browser can make an element. */
interface Paging {
  fullHeight: number;
  spacerHeight: number;
  /** Pixels of full list per stretch, and how far the offset moves from one stretch to the next. */
  stretch: number;
  stretches: number;
  step: number;
}

interface ListPosition {
  scrollTop: number;
  offset: number;
}

/**
 * Past MAX_SCROLL_PX the spacer is capped and the list is cut into stretches (as SlickGrid
 * does): inside a stretch the scrollbar moves the rows pixel for pixel, so wheel and keys
 * scroll exactly and rows already drawn keep their place; each stretch further down
 * shows the rows `step` pixels further on, so the capped scrollbar still reaches the end.
 */
function pagingFor(fullHeight: number): Paging {
  if (fullHeight <= MAX_SCROLL_PX) return { fullHeight, spacerHeight: fullHeight, stretch: Math.max(fullHeight, 1), stretches: 1, step: 0 };
  const spacerHeight = MAX_SCROLL_PX;
  const stretch = spacerHeight / 100;
  const stretches = Math.floor(fullHeight / stretch);
  // So that the last stretch ends exactly at the list's end with the scrollbar at its end.
  const step = (fullHeight - spacerHeight) / (stretches - 1);
  return { fullHeight, spacerHeight, stretch, stretches, step };
}

/** The position that shows the full list from `pixel`, with the scrollbar in that pixel's stretch. */
function smoothPosition(paging: Paging, pixel: number): ListPosition {
  const stretch = Math.min(paging.stretches - 1, Math.floor(pixel / paging.stretch));
  const offset = Math.round(stretch * paging.step);
  return { scrollTop: pixel - offset, offset };
}

/** The position for a scrollbar dragged to `scrollTop`: the same fraction of the full list. */
function jumpPosition(paging: Paging, scrollTop: number, viewport: number): ListPosition {
  const scrollable = paging.spacerHeight - viewport;
  const fraction = scrollable > 0 ? Math.min(1, scrollTop / scrollable) : 0;
  const stretch = Math.min(paging.stretches - 1, Math.floor((fraction * (paging.fullHeight - viewport)) / paging.stretch));
  return { scrollTop, offset: Math.round(stretch * paging.step) };
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
  /** Pixels from the spacer's top; the same while the list scrolls within one stretch. */
  top: number;
  row: Row | undefined;
  columns: readonly Column<Row>[];
  focusable: boolean;
  selected: boolean | undefined;
  className?: (row: Row) => string | undefined;
  onOpen: (index: number) => void;
  onFocusRow: (index: number) => void;
}

// Memoised: while scrolling, rows that stay on screen keep the same props and skip rendering.
const VirtualRow = memo(function VirtualRow<Row>({ index, top, row, columns, focusable, selected, className, onOpen, onFocusRow }: VirtualRowProps<Row>) {
  const classes = ['vt-row', row === undefined ? 'loading' : className?.(row)].filter(Boolean).join(' ');
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-busy={row === undefined || undefined}
      data-row-index={index}
      tabIndex={focusable ? 0 : -1}
      style={{ top }}
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
