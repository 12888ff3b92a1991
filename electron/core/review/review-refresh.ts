// When and where the stored review problems are recomputed. The engine takes many seconds
// over a large ledger, and core serves one call at a time on one thread, so a recompute of
// all but a small ledger runs on a worker thread (review-worker.ts) with its own connection
// to the ledger file, and core's thread stays free for other calls (paging the transaction
// list) meanwhile.
// The worker only reads; core's connection stores its result, unless the ledger was
// asked to be recomputed again since (a newer change): every request bumps a generation,
// a run under way for an older one is stopped, and a result from an older one is dropped,
// so a stale view never overwrites a newer one.
import { Worker } from 'node:worker_threads';
import type { Database } from '../db/open-ledger.ts';
import { countTransactions } from '../ledger/transactions.ts';
import { refreshReview, storeReview, type ReviewComputation, type ReviewProblem } from './review-problems.ts';

export interface ReviewWorkerData {
  path: string;
}

interface Waiter {
  /** The generation of the request: any run at least as new answers it. */
  generation: number;
  resolve(problems: ReviewProblem[]): void;
  reject(error: Error): void;
}

interface Refresher {
  /** Bumped by every request: the ledger may have changed since the one before. */
  generation: number;
  /** The run for the current generation, while it is under way. */
  worker: Worker | null;
  waiters: Waiter[];
}

const refreshers = new WeakMap<Database, Refresher>();

/**
 * Up to this many transactions the engine takes less than a worker's start-up (a few
 * tenths of a second, most of it loading the engine): core runs it itself, and holds up
 * other calls no longer than the worker would have taken to start.
 */
export const ON_CORE_THREAD_LIMIT = 10_000;

/**
 * Up to this many transactions a change waits for the recompute (a second or so), so it
 * answers with the transaction list's problems already up to date. A larger ledger takes
 * many seconds: the change answers at once, and the list's problem column shows the last
 * finished recompute until this one is stored.
 */
export const WAIT_AFTER_CHANGE_LIMIT = 100_000;

/**
 * The worker script: the TypeScript source when core runs from source (CLI, tests), the
 * bundled sibling file when core runs from the Electron build.
 */
function workerScript(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './review-worker.ts' : './review-worker.js', import.meta.url);
}

function refresherOf(db: Database): Refresher {
  let refresher = refreshers.get(db);
  if (!refresher) {
    refresher = { generation: 0, worker: null, waiters: [] };
    refreshers.set(db, refresher);
  }
  return refresher;
}

/** Answers every waiter a run of `generation` is new enough for. */
function settle(refresher: Refresher, generation: number, outcome: { problems: ReviewProblem[] } | { error: Error }): void {
  const answered = refresher.waiters.filter((w) => w.generation <= generation);
  refresher.waiters = refresher.waiters.filter((w) => w.generation > generation);
  for (const waiter of answered) {
    if ('error' in outcome) waiter.reject(outcome.error);
    else waiter.resolve(outcome.problems);
  }
}

/** Stops the run under way, if any: it read the ledger before the latest request. */
function stopRun(refresher: Refresher): void {
  if (refresher.worker) void refresher.worker.terminate();
  refresher.worker = null;
}

function startRun(db: Database, refresher: Refresher): void {
  stopRun(refresher);
  const generation = refresher.generation;
  const data: ReviewWorkerData = { path: db.name };
  const worker = new Worker(workerScript(), { workerData: data });
  refresher.worker = worker;
  let outcome: { problems: ReviewProblem[] } | { error: Error } | null = null;

  worker.on('message', (computation: ReviewComputation) => {
    // The generation check and the write happen in one turn of core's thread: no change
    // can come between them.
    if (refresher.generation !== generation) return;
    if (!db.open) {
      outcome = { error: new Error('The ledger was closed before its review problems were recomputed.') };
      return;
    }
    try {
      storeReview(db, computation);
      outcome = { problems: computation.problems };
    } catch (error) {
      outcome = { error: error as Error };
    }
  });
  worker.on('error', (error) => {
    if (refresher.generation === generation) outcome ??= { error };
  });
  // Waiters are answered once the worker has gone, so none is left behind when the caller
  // moves on (closing the ledger, ending the process).
  worker.on('exit', (code) => {
    if (refresher.worker === worker) refresher.worker = null;
    // A run stopped for a newer one answers nobody: the newer one answers its waiters.
    if (refresher.generation !== generation && outcome === null) return;
    settle(refresher, generation, outcome ?? { error: new Error(`The review recompute stopped unexpectedly (exit code ${code}).`) });
  });
}

function recompute(db: Database, transactions: number): Promise<ReviewProblem[]> {
  const refresher = refresherOf(db);
  const generation = ++refresher.generation;
  // A ledger in memory cannot be opened by a second connection; a small one is quicker here.
  if (db.memory || transactions <= ON_CORE_THREAD_LIMIT) {
    stopRun(refresher);
    try {
      const problems = refreshReview(db);
      settle(refresher, generation, { problems });
      return Promise.resolve(problems);
    } catch (error) {
      settle(refresher, generation, { error: error as Error });
      return Promise.reject(error as Error);
    }
  }
  const problems = new Promise<ReviewProblem[]>((resolve, reject) => refresher.waiters.push({ generation, resolve, reject }));
  startRun(db, refresher);
  return problems;
}

/**
 * Recomputes the stored problems over the ledger as it is now, and resolves with them once
 * stored (or with a newer recompute's, if the ledger changes again meanwhile).
 */
export function recomputeReview(db: Database): Promise<ReviewProblem[]> {
  return recompute(db, countTransactions(db));
}

/** Recomputes the stored problems after a change: waited for on a small ledger, in the background on a large one. */
export async function refreshAfterChange(db: Database): Promise<void> {
  const transactions = countTransactions(db);
  const recomputed = recompute(db, transactions);
  if (transactions <= WAIT_AFTER_CHANGE_LIMIT) {
    await recomputed;
    return;
  }
  recomputed.catch((error: unknown) => console.error('Recomputing the review problems after a change failed:', error));
}
