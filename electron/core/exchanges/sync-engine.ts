// Runs a sync: every stream of an account, page by page, each page committed in one SQLite
// transaction together with the stream's new cursor. A cancelled, failed or killed sync
// therefore keeps every page it committed and the next sync resumes from the cursors;
// re-reading a page adds nothing, because transactions are keyed by the exchange's ids.
import type { Database } from '../db/open-ledger.ts';
import { finishBatch, startBatch } from '../ledger/batches.ts';
import { encodeDraft, transactionWriter, type DraftValue } from '../ledger/transactions.ts';
import { loadCursor, saveCursor } from './sync-cursors.ts';
import type { ExchangeCall, SyncStream } from './sync-stream.ts';
import { CancelledError, DEFAULT_RETRY, StopError, withRetry, type RetryPolicy } from './retry.ts';
import type { Failure } from './failures.ts';

export interface SyncProgress {
  stream: string;
  /** Index of the stream in the run, 1-based, and how many there are. */
  streamNumber: number;
  streams: number;
  /** Records read in this run, in this stream and in all. */
  streamRecords: number;
  records: number;
  /** Records per second over the run so far. */
  rate: number;
  /** How far through this stream, 0–1, when it can tell (1 once caught up); null otherwise. */
  streamFraction: number | null;
  /**
   * Seconds left in this stream (not the whole sync: later streams' sizes are unknown),
   * once it has read enough to tell (ESTIMATE_AFTER) and is not done; null otherwise.
   */
  etaSeconds: number | null;
  /** A retry under way: what failed and how long the sync waits. */
  retry?: { reason: string; attempt: number; delayMs: number };
}

export type SyncStatus = 'complete' | 'cancelled' | 'failed' | 'incomplete';

export interface StreamOutcome {
  stream: string;
  added: number;
  skipped: number;
  caughtUp: boolean;
}

export interface SyncOutcome {
  status: SyncStatus;
  batchId: number;
  added: number;
  skipped: number;
  streams: StreamOutcome[];
  /** For a failed or incomplete sync: what happened and what to do, never a secret. */
  message: string | null;
  failure: Failure | null;
}

export interface SyncRun {
  db: Database;
  accountId: number;
  exchangeId: string;
  streams: readonly SyncStream[];
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Pages one stream may read in one run; reaching it with a full page is "incomplete". */
  maxPagesPerStream?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Headers of the exchange's last response (Retry-After). */
  lastResponseHeaders?: () => Record<string, unknown> | undefined;
  /** Resyncs the exchange's clock offset after an InvalidNonce. */
  resyncClock?: () => Promise<void>;
  /** Turns a stopping failure into a message for the user (and removes anything secret). */
  explain: (failure: Failure) => string;
  /** Removes anything secret from a text shown while the sync runs (a retry's reason). */
  redact: (text: string) => string;
  /** Milliseconds on a monotonic clock, for the rate and the time left; performance.now by default. */
  clock?: () => number;
}

/**
 * How much of a stream is read before it estimates its time left: a few pages, over a few
 * seconds. From the first page or two (mostly the connection's setup and the first
 * answer) it said "about 0 s left" before a record was read; a stream done within
 * seconds needs no estimate at all.
 */
export const ESTIMATE_AFTER = { pages: 3, seconds: 2 };

export class IncompleteSyncError extends Error {
  override name = 'IncompleteSyncError';
}

export async function runSync(run: SyncRun): Promise<SyncOutcome> {
  const { db, accountId } = run;
  const batchId = startBatch(db, { accountId, source: 'api', format: run.exchangeId, fileName: null, fileSha256: null });
  const writer = transactionWriter(db, { accountId, source: 'api', batchId });
  const clock = run.clock ?? (() => performance.now());
  const started = clock();
  const outcomes: StreamOutcome[] = [];
  let records = 0;
  let status: SyncStatus = 'complete';
  let message: string | null = null;
  let failure: Failure | null = null;

  try {
    for (const [index, stream] of run.streams.entries()) {
      const outcome: StreamOutcome = { stream: stream.name, added: 0, skipped: 0, caughtUp: false };
      outcomes.push(outcome);
      const streamStarted = clock();
      let cursor = loadCursor(db, accountId, stream.name)?.cursor ?? stream.start;
      let streamRecords = 0;
      let streamPages = 0;
      // The last page's own account of how far it is; a retry report keeps it, so the bar holds still.
      let streamFraction: number | null = null;
      const report = (retry?: SyncProgress['retry']) => {
        const now = clock();
        const elapsed = (now - started) / 1000;
        const streamElapsed = (now - streamStarted) / 1000;
        const fraction = streamFraction;
        const readEnough = streamPages >= ESTIMATE_AFTER.pages && streamElapsed >= ESTIMATE_AFTER.seconds;
        const estimable = readEnough && fraction !== null && fraction > 0 && fraction < 1;
        run.onProgress?.({
          stream: stream.name,
          streamNumber: index + 1,
          streams: run.streams.length,
          streamRecords,
          records,
          rate: elapsed > 0 ? records / elapsed : 0,
          streamFraction: fraction,
          etaSeconds: estimable ? (streamElapsed * (1 - fraction)) / fraction : null,
          ...(retry ? { retry } : {}),
        });
      };
      const call: ExchangeCall = (request) =>
        withRetry(request, run.retry ?? DEFAULT_RETRY, {
          signal: run.signal,
          lastResponseHeaders: run.lastResponseHeaders,
          resyncClock: run.resyncClock,
          onRetry: (f, attempt, delayMs) => report({ reason: run.redact(f.reason), attempt, delayMs }),
        });

      for (let pages = 1; ; pages += 1) {
        if (run.signal?.aborted) throw new CancelledError();
        const page = await stream.read(cursor, call);
        const values: DraftValue[] = [];
        for (const draft of page.drafts) encodeDraft(draft, values);
        const before = writer.counts();
        db.transaction(() => {
          writer.write(values);
          const added = writer.counts().added - before.added;
          saveCursor(db, accountId, stream.name, page.cursor, page.caughtUp, added);
        })();
        const after = writer.counts();
        outcome.added += after.added - before.added;
        outcome.skipped += after.skipped - before.skipped;
        streamRecords += page.drafts.length;
        records += page.drafts.length;
        streamPages += 1;
        streamFraction = page.caughtUp ? 1 : page.progress === null ? null : Math.min(1, Math.max(0, page.progress));
        cursor = page.cursor;
        report();
        if (page.caughtUp) {
          outcome.caughtUp = true;
          break;
        }
        if (pages >= (run.maxPagesPerStream ?? 100_000) && page.full) {
          throw new IncompleteSyncError(
            `${stream.name}: stopped after ${pages} pages with more still to read. Run the sync again to continue from here.`,
          );
        }
      }
    }
  } catch (error) {
    if (error instanceof CancelledError) {
      status = 'cancelled';
      message = 'Cancelled. Everything read so far is saved; the next sync continues from there.';
    } else if (error instanceof IncompleteSyncError) {
      status = 'incomplete';
      message = error.message;
    } else if (error instanceof StopError) {
      status = 'failed';
      // The stop's own message says more than the failure alone ("gave up after 8 attempts: …").
      failure = { ...error.failure, reason: error.message };
      message = run.explain(failure);
    } else {
      throw error;
    }
  } finally {
    // Whatever happened, the batch records what its committed pages added.
    finishBatch(db, batchId, writer.counts());
  }
  if (status === 'complete') db.prepare('UPDATE accounts SET last_sync_at = ? WHERE id = ?').run(Date.now(), accountId);
  const { added, skipped } = writer.counts();
  return { status, batchId, added, skipped, streams: outcomes, message, failure };
}
