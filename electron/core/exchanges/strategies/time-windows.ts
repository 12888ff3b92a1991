// Streams read by time window, for endpoints that answer only for a bounded span of time
// (Binance's deposits: 90 days; conversions: 30 days; dividends: 180 days). The cursor is
// the window's start; a window that holds more than one answer can give is split in half
// until it fits. When the stream catches up, the cursor stays on the last window, so the
// next sync reads it again for late records (stored ones are skipped by their ids).
import type { TransactionDraft } from '../../../../shared/transaction.ts';
import type { ExchangeCall, StreamPage, SyncStream } from '../sync-stream.ts';

export interface WindowCursor {
  start: number;
  /** The end of a window that had to be split; null → start + the full window. */
  end: number | null;
}

export interface WindowAnswer {
  drafts: (TransactionDraft & { externalId: string })[];
  /** The window holds more than this answer gave: split it. */
  truncated: boolean;
}

export function windowedStream(options: {
  name: string;
  /** The first instant with any history (the exchange's launch of the product). */
  from: number;
  windowMs: number;
  /** The shortest window worth splitting to; a full answer below it is accepted as is. */
  minimumMs?: number;
  now: () => number;
  read: (start: number, end: number, call: ExchangeCall) => Promise<WindowAnswer>;
}): SyncStream<WindowCursor> {
  const minimum = options.minimumMs ?? 60_000;
  return {
    name: options.name,
    start: { start: options.from, end: null },
    async read(cursor, call): Promise<StreamPage<WindowCursor>> {
      const now = options.now();
      const end = Math.min(cursor.end ?? cursor.start + options.windowMs - 1, now);
      const answer = await options.read(cursor.start, end, call);
      if (answer.truncated && end - cursor.start > minimum) {
        // Nothing is kept from a truncated answer: the two halves are read in full.
        const half = cursor.start + Math.floor((end - cursor.start) / 2);
        return { drafts: [], cursor: { start: cursor.start, end: half }, caughtUp: false, full: true, progress: progressOf(cursor.start) };
      }
      const caughtUp = end >= now;
      return {
        drafts: answer.drafts,
        // Caught up: stay on this window so the next sync reads it again.
        cursor: caughtUp ? { start: cursor.start, end: null } : { start: end + 1, end: null },
        caughtUp,
        full: answer.truncated,
        progress: progressOf(end),
      };
      function progressOf(at: number): number {
        return Math.max(0, Math.min(1, (at - options.from) / Math.max(1, now - options.from)));
      }
    },
  };
}
