// The sync loop over streams written here (an exchange's strategy is tested against the
// fake exchanges): pages commit with their cursors, failures retry or stop, cancel and
// resume, re-sync adds nothing, and a cap reached with a full page is "incomplete".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ccxt from 'ccxt';
import { ESTIMATE_AFTER, runSync, type SyncProgress } from '../../../electron/core/exchanges/sync-engine.ts';
import type { SyncStream } from '../../../electron/core/exchanges/sync-stream.ts';
import { loadCursor } from '../../../electron/core/exchanges/sync-cursors.ts';
import { createAccount } from '../../../electron/core/ledger/accounts.ts';
import type { TransactionDraft } from '../../../shared/transaction.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const FAST = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 };
let dir: TempDir;
let db: Database;
let accountId: number;
beforeEach(async () => {
  dir = tempDir();
  ({ db } = await tempLedger(dir));
  accountId = createAccount(db, { name: 'Exchange', kind: 'exchange', exchange: 'binance' }).id;
});
afterEach(() => {
  db.close();
  dir.remove();
});

function deposit(id: number): TransactionDraft & { externalId: string } {
  return {
    timestamp: Date.UTC(2024, 0, 1) + id * 60_000,
    type: 'deposit',
    sentAsset: null,
    sentAmount: null,
    receivedAsset: 'BTC',
    receivedAmount: `0.${String(id).padStart(4, '0')}`,
    feeAsset: null,
    feeAmount: null,
    fiatValue: null,
    fiatCurrency: null,
    label: null,
    description: null,
    txHash: null,
    externalId: `deposit:${id}`,
    raw: { id },
  };
}

/** A stream over `total` records, `size` a page, paged by the next id; `failAt` decides faults. */
function pagedStream(total: number, size: number, failAt: (fromId: number, attempt: number) => Error | null = () => null): SyncStream<{ fromId: number }> & { requests: number } {
  const attempts = new Map<number, number>();
  const stream = {
    name: 'deposits',
    start: { fromId: 1 },
    requests: 0,
    async read(cursor: { fromId: number }, call: <T>(request: () => Promise<T>) => Promise<T>) {
      const ids = await call(async () => {
        stream.requests += 1;
        const attempt = (attempts.get(cursor.fromId) ?? 0) + 1;
        attempts.set(cursor.fromId, attempt);
        const fault = failAt(cursor.fromId, attempt);
        if (fault) throw fault;
        return Array.from({ length: Math.max(0, Math.min(size, total - cursor.fromId + 1)) }, (_, i) => cursor.fromId + i);
      });
      return {
        drafts: ids.map(deposit),
        cursor: { fromId: cursor.fromId + ids.length },
        caughtUp: ids.length < size,
        full: ids.length === size,
        progress: Math.min(1, (cursor.fromId + ids.length - 1) / total),
      };
    },
  };
  return stream;
}

const count = () => (db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
const explain = (f: { reason: string }) => `stopped: ${f.reason}`;
const redact = (text: string) => text;

describe('runSync', () => {
  it('reads every page once, commits them with the cursor, and reports progress', async () => {
    const progress: SyncProgress[] = [];
    const outcome = await runSync({ db, accountId, exchangeId: 'binance', streams: [pagedStream(250, 100)], explain, redact, retry: FAST, onProgress: (p) => progress.push(p) });
    expect(outcome).toMatchObject({ status: 'complete', added: 250, skipped: 0, message: null });
    expect(count()).toBe(250);
    expect(loadCursor(db, accountId, 'deposits')).toEqual({ cursor: { fromId: 251 }, caughtUp: true, records: 250 });
    expect(progress.map((p) => p.streamRecords)).toEqual([100, 200, 250]);
  });

  it('reports how far each stream is on its own, and its time left only once it has read enough to tell', async () => {
    // A clock the streams move: each page takes a second.
    let now = 0;
    const slow = <C,>(stream: SyncStream<C>): SyncStream<C> => ({
      ...stream,
      async read(cursor, call) {
        now += 1000;
        return stream.read(cursor, call);
      },
    });
    // A stream that cannot tell how far it is (no progress of its own) until it catches up.
    const blind = slow({ ...pagedStream(150, 100), name: 'withdrawals' });
    const blindRead = blind.read;
    blind.read = async (cursor, call) => ({ ...(await blindRead(cursor, call)), progress: null });
    const progress: SyncProgress[] = [];
    await runSync({
      db, accountId, exchangeId: 'binance', streams: [slow(pagedStream(500, 100)), blind], explain, redact, retry: FAST,
      clock: () => now, onProgress: (p) => progress.push(p),
    });

    expect(progress.map((p) => [p.stream, p.streamNumber, p.streams, p.streamFraction])).toEqual([
      // Six pages of deposits (the last one empty), each saying how far it is.
      ['deposits', 1, 2, 0.2], ['deposits', 1, 2, 0.4], ['deposits', 1, 2, 0.6], ['deposits', 1, 2, 0.8], ['deposits', 1, 2, 1], ['deposits', 1, 2, 1],
      // Then withdrawals from the start, unknown until caught up.
      ['withdrawals', 2, 2, null], ['withdrawals', 2, 2, 1],
    ]);
    expect(progress.map((p) => p.records)).toEqual([100, 200, 300, 400, 500, 500, 600, 650]);
    // None from a stream's first pages (3 s for 60% leaves 2 s; 4 s for 80%, 1 s), nor once it is through or cannot tell.
    expect(ESTIMATE_AFTER).toEqual({ pages: 3, seconds: 2 });
    const eta = progress.map((p) => p.etaSeconds);
    expect(eta.map((seconds) => seconds !== null)).toEqual([false, false, true, true, false, false, false, false]);
    expect(eta[2]).toBeCloseTo(2, 9);
    expect(eta[3]).toBeCloseTo(1, 9);
    expect(progress.map((p) => p.rate)).toEqual([100, 100, 100, 100, 100, 500 / 6, 600 / 7, 650 / 8]);
  });

  it('gives no time left for a stream read within seconds, however many pages it has', async () => {
    const progress: SyncProgress[] = [];
    await runSync({ db, accountId, exchangeId: 'binance', streams: [pagedStream(500, 100)], explain, redact, retry: FAST, clock: () => 0, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.etaSeconds)).toEqual([null, null, null, null, null, null]);
  });

  it('keeps the stream’s fraction while a page is retried, so the bar holds still', async () => {
    const stream = pagedStream(300, 100, (fromId, attempt) => (fromId === 201 && attempt === 1 ? new ccxt.RequestTimeout('timeout') : null));
    const progress: SyncProgress[] = [];
    await runSync({ db, accountId, exchangeId: 'binance', streams: [stream], explain, redact, retry: FAST, onProgress: (p) => progress.push(p) });
    const retry = progress.findIndex((p) => p.retry !== undefined);
    expect(progress[retry]).toMatchObject({ streamFraction: progress[retry - 1]!.streamFraction, records: 200 });
    expect(progress[retry]!.streamFraction).toBeCloseTo(2 / 3, 12);
  });

  it('retries transient failures (network, rate limit, unavailable, a cut body) and gets everything exactly once', async () => {
    const faults = [new ccxt.RequestTimeout('timeout'), new ccxt.RateLimitExceeded('429'), new ccxt.ExchangeNotAvailable('503'), Object.assign(new Error('other side closed'), { name: 'SocketError' })];
    const stream = pagedStream(300, 50, (fromId, attempt) => (attempt === 1 ? faults[(fromId - 1) / 50 % faults.length]! : null));
    const outcome = await runSync({ db, accountId, exchangeId: 'binance', streams: [stream], explain, redact, retry: FAST });
    expect(outcome).toMatchObject({ status: 'complete', added: 300 });
    expect(stream.requests).toBe(7 * 2); // 7 pages (the last one empty), each failed once first
    expect(count()).toBe(300);
  });

  it('shows each retry with its reason redacted by the run, never with the key a failing request quoted', async () => {
    const fault = () => new ccxt.RequestTimeout('binance GET https://api.binance.com/sapi/v1/x?AccessKeyId=AKEY1234 timed out; key AKEY1234');
    const stream = pagedStream(100, 100, (_fromId, attempt) => (attempt === 1 ? fault() : null));
    const progress: SyncProgress[] = [];
    const outcome = await runSync({
      db, accountId, exchangeId: 'binance', streams: [stream], explain, retry: FAST,
      redact: (text) => text.split('AKEY1234').join('[redacted]'),
      onProgress: (p) => progress.push(p),
    });
    expect(outcome.status).toBe('complete');
    const retries = progress.flatMap((p) => (p.retry ? [p.retry.reason] : []));
    // Two pages (the second one empty), each failing once first.
    expect(retries).toEqual(Array(2).fill('binance GET https://api.binance.com/sapi/v1/x?… timed out; key [redacted]'));
  });

  it('stops at an authentication error with the explanation, keeping what was committed', async () => {
    const stream = pagedStream(300, 100, (fromId) => (fromId === 201 ? new ccxt.AuthenticationError('binance {"code":-2015,"msg":"Invalid API-key"}') : null));
    const outcome = await runSync({ db, accountId, exchangeId: 'binance', streams: [stream], explain, redact, retry: FAST });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure?.kind).toBe('auth');
    expect(outcome.message).toContain('Invalid API-key');
    expect(count()).toBe(200);
  });

  it('gives up on a transient failure that never ends, then resumes from the cursor', async () => {
    let broken = true;
    const stream = pagedStream(300, 100, (fromId) => (broken && fromId === 101 ? new ccxt.NetworkError('down') : null));
    const first = await runSync({ db, accountId, exchangeId: 'binance', streams: [stream], explain, redact, retry: FAST });
    expect(first).toMatchObject({ status: 'failed', added: 100 });
    expect(first.message).toContain('gave up after 4 attempts');
    broken = false;
    const second = await runSync({ db, accountId, exchangeId: 'binance', streams: [stream], explain, redact, retry: FAST });
    expect(second).toMatchObject({ status: 'complete', added: 200, skipped: 0 });
    expect(count()).toBe(300);
  });

  it('cancels between pages, keeps the committed pages, and resumes', async () => {
    const controller = new AbortController();
    const stream = pagedStream(500, 100);
    const first = await runSync({
      db, accountId, exchangeId: 'binance', streams: [stream], explain, redact, retry: FAST, signal: controller.signal,
      onProgress: (p) => { if (p.streamRecords === 200) controller.abort(); },
    });
    expect(first).toMatchObject({ status: 'cancelled', added: 200 });
    const second = await runSync({ db, accountId, exchangeId: 'binance', streams: [stream], explain, redact, retry: FAST });
    expect(second).toMatchObject({ status: 'complete', added: 300 });
    expect(count()).toBe(500);
  });

  it('adds nothing on a re-sync, and only the new records when there are some', async () => {
    await runSync({ db, accountId, exchangeId: 'binance', streams: [pagedStream(120, 50)], explain, redact, retry: FAST });
    expect(await runSync({ db, accountId, exchangeId: 'binance', streams: [pagedStream(120, 50)], explain, redact, retry: FAST })).toMatchObject({ added: 0 });
    expect(await runSync({ db, accountId, exchangeId: 'binance', streams: [pagedStream(180, 50)], explain, redact, retry: FAST })).toMatchObject({ added: 60 });
    expect(count()).toBe(180);
  });

  it('calls a cap reached with a full page incomplete, never silently complete', async () => {
    const outcome = await runSync({ db, accountId, exchangeId: 'binance', streams: [pagedStream(1000, 100)], explain, redact, retry: FAST, maxPagesPerStream: 3 });
    expect(outcome.status).toBe('incomplete');
    expect(outcome.message).toContain('stopped after 3 pages');
    expect(count()).toBe(300);
  });

  it('resyncs the clock once on an invalid nonce, and stops if it happens again', async () => {
    let resyncs = 0;
    const once = pagedStream(100, 100, (fromId, attempt) => (fromId === 1 && attempt === 1 ? new ccxt.InvalidNonce('timestamp outside recvWindow') : null));
    const ok = await runSync({ db, accountId, exchangeId: 'binance', streams: [once], explain, redact, retry: FAST, resyncClock: async () => { resyncs += 1; } });
    expect(ok.status).toBe('complete');
    expect(resyncs).toBe(1);
    const always = pagedStream(100, 100, () => new ccxt.InvalidNonce('timestamp outside recvWindow'));
    const stopped = await runSync({ db, accountId, exchangeId: 'binance', streams: [{ ...always, name: 'other' }], explain, redact, retry: FAST, resyncClock: async () => { resyncs += 1; } });
    expect(stopped).toMatchObject({ status: 'failed' });
    expect(stopped.failure?.kind).toBe('clock');
    expect(resyncs).toBe(2); // one more resync, then it stopped instead of looping
  });
});
