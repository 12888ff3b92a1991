// Rows paged from core on demand, for a virtual table over a result too large to load:
// only the pages around what is on screen are fetched (at most two requests in flight,
// always for the latest scroll position), kept in a small cache, and dropped when the
// query changes. A refresh after an edit keeps showing the old rows until the new ones
// arrive, so the table does not flash "Loading…" under the user.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Page<Row> {
  total: number;
  rows: Row[];
}

export interface PagedRows<Row> {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Rows the query matches; 0 until the first page answers. */
  total: number;
  /** The row at an index, or undefined while its page is on its way. */
  rowAt: (index: number) => Row | undefined;
  /** Tell it what the table shows (first and last index, inclusive, overscan included). */
  onRangeChange: (first: number, last: number) => void;
  /** Fetch what is on screen again (after an edit), keeping old rows until then. */
  refresh: () => void;
  /** Replace cached rows that match (after an edit answered with the new row). */
  patch: (matches: (row: Row) => boolean, replacement: Row) => void;
}

const MAX_IN_FLIGHT = 2;
/** How long a jump's position must hold before its pages are asked for. */
const SETTLE_MS = 60;
/** 40 pages of 200 rows: a few screens each way without holding a million rows. */
const MAX_CACHED_PAGES = 40;

export function usePagedRows<Row>(
  fetchPage: (offset: number, limit: number) => Promise<Page<Row>>,
  /** Changes whenever the query does (filter, sort): the cache is then dropped. */
  queryKey: string,
  pageSize = 200,
): PagedRows<Row> {
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const cache = useRef(new Map<number, Row[]>());
  const stale = useRef(new Map<number, Row[]>());
  const inFlight = useRef(new Set<number>());
  const wanted = useRef<number[]>([0]);
  const lastRange = useRef<[number, number]>([0, 0]);
  const generation = useRef(0);
  const [total, setTotal] = useState(0);
  const [status, setStatus] = useState<PagedRows<Row>['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  // Bumped when a page lands, so the table re-reads rowAt.
  const [, setVersion] = useState(0);

  const pump = useCallback(() => {
    while (inFlight.current.size < MAX_IN_FLIGHT) {
      const page = wanted.current.find((p) => !cache.current.has(p) && !inFlight.current.has(p));
      if (page === undefined) return;
      const started = generation.current;
      const requests = inFlight.current;
      requests.add(page);
      fetchRef.current(page * pageSize, pageSize).then(
        (answer) => {
          if (started !== generation.current) return;
          requests.delete(page);
          cache.current.set(page, answer.rows);
          if (cache.current.size > MAX_CACHED_PAGES) {
            const visible = new Set(wanted.current);
            for (const key of cache.current.keys()) {
              if (cache.current.size <= MAX_CACHED_PAGES) break;
              if (!visible.has(key)) cache.current.delete(key);
            }
          }
          setTotal(answer.total);
          setStatus('ready');
          setError(null);
          setVersion((v) => v + 1);
          pump();
        },
        (failure: unknown) => {
          if (started !== generation.current) return;
          requests.delete(page);
          setError(failure instanceof Error ? failure.message : 'The rows could not be loaded.');
          setStatus('error');
        },
      );
    }
  }, [pageSize]);

  const pagesFor = useCallback(
    (first: number, last: number): number[] => {
      const from = Math.floor(first / pageSize);
      const to = Math.floor(Math.max(first, last) / pageSize);
      const pages: number[] = [];
      for (let page = from; page <= to; page++) pages.push(page);
      // The neighbours next, so a steady scroll finds its rows already there.
      pages.push(to + 1);
      if (from > 0) pages.push(from - 1);
      return pages;
    },
    [pageSize],
  );

  const restart = useCallback(
    (keepOldRows: boolean) => {
      generation.current++;
      // A second refresh before the first answers keeps the rows the first one kept.
      if (!keepOldRows) stale.current = new Map();
      else if (cache.current.size > 0) stale.current = cache.current;
      cache.current = new Map();
      inFlight.current = new Set();
      wanted.current = keepOldRows ? pagesFor(...lastRange.current) : [0];
      if (!keepOldRows) {
        lastRange.current = [0, 0];
        setStatus('loading');
      }
      setError(null);
      pump();
    },
    [pagesFor, pump],
  );

  useEffect(() => {
    restart(false);
  }, [queryKey, restart]);

  // While the scrollbar is dragged across a long list every frame shows other pages:
  // fetching each would flood core with answers nobody waits for. A jump to pages not
  // near the last ones waits until the position holds still for a moment.
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(settle.current ?? undefined), []);

  const onRangeChange = useCallback(
    (first: number, last: number) => {
      const before = new Set(wanted.current);
      lastRange.current = [first, last];
      wanted.current = pagesFor(first, last);
      clearTimeout(settle.current ?? undefined);
      if (wanted.current.some((page) => before.has(page))) pump();
      else settle.current = setTimeout(pump, SETTLE_MS);
    },
    [pagesFor, pump],
  );

  const rowAt = useCallback(
    (index: number): Row | undefined => {
      const page = Math.floor(index / pageSize);
      const rows = cache.current.get(page) ?? stale.current.get(page);
      return rows?.[index - page * pageSize];
    },
    [pageSize],
  );

  const refresh = useCallback(() => restart(true), [restart]);

  const patch = useCallback((matches: (row: Row) => boolean, replacement: Row) => {
    for (const pages of [cache.current, stale.current]) {
      for (const rows of pages.values()) {
        const at = rows.findIndex(matches);
        if (at >= 0) rows[at] = replacement;
      }
    }
    setVersion((v) => v + 1);
  }, []);

  return { status, error, total, rowAt, onRangeChange, refresh, patch };
}
