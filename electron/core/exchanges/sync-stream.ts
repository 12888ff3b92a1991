// One stream of an exchange account's history (the trades of one market, deposits,
// withdrawals, conversions, ...), read page by page from a cursor. Each exchange's
// strategy (strategies/) says which streams it has and how to read them; the sync engine
// (sync-engine.ts) runs them, committing each page with its cursor.
import type { TransactionDraft } from '../../../shared/transaction.ts';

/** Runs one exchange request with the sync's retry policy and cancellation. */
export type ExchangeCall = <T>(request: () => Promise<T>) => Promise<T>;

export interface StreamPage<C> {
  /** The page's transactions, each with the exchange's own id as externalId. */
  drafts: (TransactionDraft & { externalId: string })[];
  /** Where the next page starts; saved with the page, so a sync resumes from here. */
  cursor: C;
  /** Nothing more to read now: the stream has caught up. */
  caughtUp: boolean;
  /** The page was as large as the endpoint allows (so a cap reached here means more exists). */
  full: boolean;
  /** How far through the stream this page is, 0–1, when the stream can tell (for the ETA). */
  progress: number | null;
}

export interface SyncStream<C = unknown> {
  /** Stable name, the cursor's key: `trades:BTC/USDT`, `deposits`. */
  name: string;
  /** The cursor of a stream never read before. */
  start: C;
  /**
   * Reads the page at cursor. Every exchange request goes through `call` (retries,
   * cancellation), and so does the check that its answer has the expected shape: a body
   * cut short can come back from ccxt as [] or a string, and must be retried, never taken
   * for the end of the data (throw MalformedResponseError inside the call).
   */
  read(cursor: C, call: ExchangeCall): Promise<StreamPage<C>>;
}
