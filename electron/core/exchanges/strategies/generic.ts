// Any ccxt exchange without a strategy of its own, driven by its `has` map: trades per
// market (for the markets of the assets the account holds), deposits and withdrawals, each
// read forward in time by `since`. Amounts come from ccxt's unified structures (see
// unified-drafts.ts): good enough for a first sync of a small exchange; the big ones have
// strategies that read the exchange's exact fields. Known limit: this relies on `since`
// being a lower bound answered oldest first. Exchanges that answer newest first (Kraken)
// or only inside a time window (Binance's deposits) need a strategy of their own.
import type { Trade, Transaction as CcxtTransfer } from 'ccxt';
import type { ExchangeClient } from '../exchange-client.ts';
import type { ExchangeCall, StreamPage, SyncStream } from '../sync-stream.ts';
import { answerList } from './answer-shape.ts';
import type { KeyPermissions, StrategyContext, SyncStrategy } from './sync-strategy.ts';
import { tradeDraft, transferDraft } from './unified-drafts.ts';

interface SinceCursor {
  since: number;
}

const PAGE = 100;
/** Before any exchange's first trade. */
const CRYPTO_EPOCH = Date.UTC(2010, 0, 1);

const listOf = <T>(value: unknown, what: string) => answerList<T>('the exchange', value, what);

/**
 * A stream read forward by time: each page asks for records since the cursor; the cursor
 * moves to the newest record's time. Records sharing that millisecond are read again on
 * the next page and skipped by their ids, so none is lost at a page edge.
 */
function sinceStream<T extends { timestamp?: number | undefined }>(
  name: string,
  fetch: (since: number, limit: number, call: ExchangeCall) => Promise<T[]>,
  toDrafts: (records: T[]) => StreamPage<SinceCursor>['drafts'],
  now: () => number,
): SyncStream<SinceCursor> {
  return {
    name,
    // Not 0 and not "undefined": without `since` exchanges answer their newest records.
    start: { since: CRYPTO_EPOCH },
    async read(cursor, call) {
      const records = await fetch(cursor.since, PAGE, call);
      const newest = records.reduce((max, r) => Math.max(max, r.timestamp ?? 0), cursor.since);
      // Caught up only when a page adds nothing newer: a short page is no proof of the end
      // (exchanges cap pages below the limit asked for), and an exchange that ignores
      // `since` would otherwise be read for ever.
      const caughtUp = newest === cursor.since;
      return {
        drafts: toDrafts(records),
        cursor: { since: newest },
        caughtUp,
        full: records.length >= PAGE,
        progress: Math.min(1, (newest - CRYPTO_EPOCH) / (now() - CRYPTO_EPOCH)),
      };
    },
  };
}

/** Markets whose two assets the account has held: the only ones it can have traded in. */
async function heldMarkets(client: ExchangeClient, call: ExchangeCall, extra: readonly string[]): Promise<string[]> {
  await call(() => client.loadMarkets());
  const balance = await call(() => client.fetchBalance());
  const held = new Set(Object.keys((balance as unknown as { total?: Record<string, number> }).total ?? {}));
  const symbols = Object.values(client.markets ?? {})
    .filter((m) => m.spot && held.has(m.base) && held.has(m.quote))
    .map((m) => m.symbol);
  return [...new Set([...symbols, ...extra])].sort();
}

export const genericStrategy: SyncStrategy = {
  async streams({ client, settings, call, now }: StrategyContext) {
    const streams: SyncStream[] = [];
    const has = client.has;
    if (has['fetchMyTrades']) {
      const perMarket = client.options?.['fetchMyTradesRequiresSymbol'] !== false;
      const symbols = perMarket ? await heldMarkets(client, call, settings.symbols ?? []) : [undefined];
      for (const symbol of symbols) {
        streams.push(
          sinceStream<Trade>(
            symbol ? `trades:${symbol}` : 'trades',
            (since, limit, c) => c(async () => listOf<Trade>(await client.fetchMyTrades(symbol, since, limit), 'trades')),
            (records) => records.map((t) => tradeDraft(client, t)),
            now,
          ) as SyncStream,
        );
      }
    }
    for (const [kind, method] of [['deposit', 'fetchDeposits'], ['withdrawal', 'fetchWithdrawals']] as const) {
      if (!has[method]) continue;
      streams.push(
        sinceStream<CcxtTransfer>(
          `${kind}s`,
          (since, limit, c) => c(async () => listOf<CcxtTransfer>(await client[method](undefined, since, limit), `${kind}s`)),
          (records) => records.flatMap((r) => transferDraft(client, r, kind) ?? []),
          now,
        ) as SyncStream,
      );
    }
    return streams;
  },

  async checkKey({ client, call }): Promise<KeyPermissions | null> {
    // A balance is the cheapest private call every exchange has; ccxt reports no permissions.
    await call(() => client.fetchBalance());
    return null;
  },
};
