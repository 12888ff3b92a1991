// `lotwise prices fill`: finds a value for every transaction that needs one and has none,
// and stores it with its source. Cached candles are never fetched again, so a second run
// asks no exchange anything, and a run without a network uses the cache.
import type { Database } from '../db/open-ledger.ts';
import { createExchangeClient } from '../exchanges/exchange-client.ts';
import { DEFAULT_RETRY, StopError, withRetry, type RetryPolicy } from '../exchanges/retry.ts';
import { PriceFinder, type FoundPrice, type PriceRequest } from './price-finder.ts';
import { DEFAULT_GRANULARITY, DEFAULT_PRICE_EXCHANGES, GRANULARITY_MS, type Granularity } from './price-sources.ts';
import { saveValuations, valuationNeeds, type ValuationNeed } from './valuations.ts';

export interface FillRequest {
  /** Only transactions dated in this calendar year (UTC, with a day's margin each side). */
  year?: number;
  exchanges?: readonly string[];
  granularity?: Granularity;
  reportCurrency?: string;
  /** Base-URL override for the price exchanges' hosts (sandboxes, the fake exchanges). */
  apiUrl?: string | null;
  rateLimit?: boolean;
  offline?: boolean;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  onProgress?: (progress: { asset: string; assetsDone: number; assets: number; requests: number }) => void;
}

export interface FillOutcome {
  needed: number;
  valued: number;
  /** Of those valued, how many by what was given, as no source had a price for what was received. */
  byGiven: number;
  missing: ValuationNeed[];
  bySource: Record<string, number>;
  requests: number;
}

/**
 * An exchange could not be asked (no network, an exchange down or refusing): the values
 * found before, from prices already in the ledger, are saved all the same.
 */
export class PriceFetchError extends Error {
  override name = 'PriceFetchError';
  /** How many events the saved values cover. */
  readonly valued: number;
  constructor(cause: StopError, valued: number) {
    super(cause.message, { cause });
    this.valued = valued;
  }
}

export async function fillPrices(db: Database, request: FillRequest = {}): Promise<FillOutcome> {
  const currency = request.reportCurrency ?? 'USD';
  const range =
    request.year === undefined
      ? undefined
      : { from: Date.UTC(request.year, 0, 1) - 86_400_000, to: Date.UTC(request.year + 1, 0, 1) + 86_400_000 };
  const needs = valuationNeeds(db, currency, range);
  let requests = 0;
  const policy = request.retry ?? DEFAULT_RETRY;
  const finder = (offline: boolean, pegWithoutMarketData: boolean) =>
    new PriceFinder(db, {
      pegWithoutMarketData,
      exchanges: request.exchanges ?? DEFAULT_PRICE_EXCHANGES,
      granularity: request.granularity ?? DEFAULT_GRANULARITY,
      reportCurrency: currency,
      offline,
      client: (id) => createExchangeClient(id, null, { apiUrl: request.apiUrl ?? null, rateLimit: request.rateLimit ?? true }),
      callFor: (client) => (fn) =>
        withRetry(
          () => {
            requests += 1;
            return fn();
          },
          policy,
          { signal: request.signal, lastResponseHeaders: () => client.last_response_headers as Record<string, unknown> | undefined },
        ),
      onProgress: (p) => request.onProgress?.({ ...p, requests }),
    });
  // An exchange that could not be asked stops every later online pass: what is left is
  // priced from the ledger alone, saved, and the failure reported.
  // Each finder is kept for both passes, so markets are loaded once.
  const failure: { stop: StopError | null } = { stop: null };
  const cache = finder(true, request.offline === true);
  let online: PriceFinder | null = null;
  const find = async (points: readonly PriceRequest[]): Promise<(FoundPrice | null)[]> => {
    // The cache first: what it can price asks no exchange anything (not even for its
    // markets). Only what is left goes online.
    const found = await cache.findAll(points);
    const open = found.flatMap((f, i) => (f === null ? [i] : []));
    if (!request.offline && failure.stop === null && open.length > 0) {
      try {
        online ??= finder(false, true);
        const answers = await online.findAll(open.map((i) => points[i]!));
        open.forEach((i, k) => (found[i] = answers[k] ?? null));
      } catch (error) {
        if (!(error instanceof StopError)) throw error;
        failure.stop = error;
      }
    }
    return found;
  };
  const received = await find(needs.map((n) => ({ asset: n.asset, time: n.timestamp })));
  const pairs: { need: ValuationNeed; found: FoundPrice | null; byGiven: boolean }[] = needs.map((need, i) => ({ need, found: received[i] ?? null, byGiven: false }));
  // What no source can price is valued by what was given for it, where something was.
  const unpriced = pairs.filter((p) => p.found === null && p.need.given !== null);
  const given = await find(unpriced.map((p) => ({ asset: p.need.given!.asset, time: p.need.timestamp })));
  unpriced.forEach((p, k) => {
    p.found = given[k] ?? null;
    p.byGiven = p.found !== null;
  });
  saveValuations(db, currency, pairs);
  const valued = pairs.filter((p) => p.found !== null);
  if (failure.stop) throw new PriceFetchError(failure.stop, valued.length);
  const bySource: Record<string, number> = {};
  for (const { found: f } of valued) bySource[f!.source] = (bySource[f!.source] ?? 0) + 1;
  return {
    needed: needs.length,
    valued: valued.length,
    byGiven: valued.filter((p) => p.byGiven).length,
    missing: pairs.filter((p) => p.found === null).map((p) => p.need),
    bySource,
    requests,
  };
}

/**
 * Prices at moments from what the ledger already holds (a price the user entered, the
 * candles a fill cached, a stablecoin's peg), asking no exchange: for showing a value
 * where the tax figures do not need one. The candles of every exchange and granularity a
 * fill may have cached are tried, the default exchanges and daily candles first; null
 * where none of them has the moment.
 */
export async function cachedPrices(db: Database, points: readonly PriceRequest[], reportCurrency: string): Promise<(FoundPrice | null)[]> {
  const cached = db.prepare('SELECT DISTINCT exchange FROM price_candles ORDER BY exchange').pluck().all() as string[];
  const exchanges = [...DEFAULT_PRICE_EXCHANGES, ...cached.filter((e) => !DEFAULT_PRICE_EXCHANGES.includes(e))];
  const granularities = (Object.keys(GRANULARITY_MS) as Granularity[]).sort((a, b) => GRANULARITY_MS[b] - GRANULARITY_MS[a]);
  const found: (FoundPrice | null)[] = points.map(() => null);
  for (const granularity of granularities) {
    const open = found.flatMap((f, i) => (f === null ? [i] : []));
    if (open.length === 0) break;
    const finder = new PriceFinder(db, {
      exchanges,
      granularity,
      reportCurrency,
      offline: true,
      client: (id) => createExchangeClient(id, null),
      callFor: () => (fn) => fn(),
    });
    const answers = await finder.findAll(open.map((i) => points[i]!));
    open.forEach((i, k) => (found[i] = answers[k] ?? null));
  }
  return found;
}

export type { FoundPrice };
