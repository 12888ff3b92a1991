// Finds the price of an asset at a moment, in the report currency, from the sources in
// price-sources.ts, fetching what the cache lacks in as few requests as possible: all the
// moments an asset is needed at are gathered first, and each market is read once over
// the whole range they span.
import { Decimal } from '../../../shared/money.ts';
import type { Database } from '../db/open-ledger.ts';
import type { ExchangeClient } from '../exchanges/exchange-client.ts';
import type { ExchangeCall } from '../exchanges/sync-stream.ts';
import { loadSeries, saveCandles, uncovered, type Candle, type CandleSeries } from './candle-cache.ts';
import { fetchCandles } from './candle-fetcher.ts';
import {
  BRIDGE_ASSETS,
  DEPEG_TOLERANCE,
  DOLLAR_STABLECOINS,
  GRANULARITY_MS,
  directQuotes,
  type Granularity,
} from './price-sources.ts';

export interface PriceRequest {
  asset: string;
  time: number;
}

export interface FoundPrice {
  price: Decimal;
  /** manual, peg, or exchange:<id>. */
  source: string;
  /** How it was found: `binance:SOL/BTC×BTC/USDT`; null for a manual price or a peg. */
  pair: string | null;
  granularity: Granularity | null;
  /** The open time of the candle (or the moment of the manual price). */
  priceTime: number | null;
}

export interface PriceFinderOptions {
  exchanges: readonly string[];
  granularity: Granularity;
  reportCurrency: string;
  /** Creates the (key-less) client of an exchange; loaded once each. */
  client: (exchangeId: string) => Promise<ExchangeClient>;
  /** Wraps a request to this client: retries, cancellation, Retry-After from its headers. */
  callFor: (client: ExchangeClient) => ExchangeCall;
  /** Use only what is cached: ask no exchange. */
  offline?: boolean;
  /**
   * Without market data for a stablecoin at a moment, take its peg (true, the default), or
   * leave it unpriced so a later online pass can check the market (a cache-first pass).
   */
  pegWithoutMarketData?: boolean;
  onProgress?: (progress: { asset: string; assetsDone: number; assets: number }) => void;
}

interface Route {
  exchange: string;
  /** The asset's own market. */
  symbol: string;
  /** What the market is quoted in: the report currency, a stablecoin or a bridge asset. */
  quote: string;
}

const DAY = 86_400_000;
/** Candles one request asks for (Binance's maximum; others answer fewer, and are paged). */
const CANDLES_PER_REQUEST = 1000;
const TWO = new Decimal(2);
const PEG: FoundPrice = { price: new Decimal(1), source: 'peg', pair: null, granularity: null, priceTime: null };

export class PriceFinder {
  private readonly db: Database;
  private readonly options: PriceFinderOptions;
  private readonly clients = new Map<string, Promise<ExchangeClient>>();
  private readonly series = new Map<string, CandleSeries>();
  private manual: Map<string, { time: number; price: Decimal }[]> | null = null;

  constructor(db: Database, options: PriceFinderOptions) {
    this.db = db;
    this.options = options;
  }

  /** One answer per request, in order; null where no source has a price. */
  async findAll(requests: readonly PriceRequest[]): Promise<(FoundPrice | null)[]> {
    const answers: (FoundPrice | null)[] = requests.map((r) => this.manualPrice(r));
    const byAsset = new Map<string, number[]>();
    requests.forEach((r, i) => {
      if (answers[i] !== null) return;
      const list = byAsset.get(r.asset);
      if (list) list.push(i);
      else byAsset.set(r.asset, [i]);
    });
    const assets = [...byAsset.keys()].sort();
    for (const [done, asset] of assets.entries()) {
      const indexes = byAsset.get(asset)!;
      const found = await this.priceAsset(asset, indexes.map((i) => requests[i]!.time));
      indexes.forEach((requestIndex, k) => (answers[requestIndex] = found[k]!));
      this.options.onProgress?.({ asset, assetsDone: done + 1, assets: assets.length });
    }
    return answers;
  }

  private manualPrice(request: PriceRequest): FoundPrice | null {
    if (this.manual === null) {
      this.manual = new Map();
      const rows = this.db
        .prepare('SELECT asset, time, price FROM manual_prices WHERE currency = ? ORDER BY asset, time')
        .all(this.options.reportCurrency) as { asset: string; time: number; price: string }[];
      for (const row of rows) {
        const list = this.manual.get(row.asset) ?? [];
        list.push({ time: row.time, price: new Decimal(row.price) });
        this.manual.set(row.asset, list);
      }
    }
    // The nearest price the user entered within a day of the moment.
    let best: { time: number; price: Decimal } | null = null;
    for (const entry of this.manual.get(request.asset) ?? []) {
      const distance = Math.abs(entry.time - request.time);
      if (distance <= DAY && (best === null || distance < Math.abs(best.time - request.time))) best = entry;
    }
    return best ? { price: best.price, source: 'manual', pair: null, granularity: null, priceTime: best.time } : null;
  }

  private async priceAsset(asset: string, times: readonly number[]): Promise<(FoundPrice | null)[]> {
    if (asset === this.options.reportCurrency) {
      return times.map(() => ({ price: new Decimal(1), source: 'record', pair: null, granularity: null, priceTime: null }));
    }
    if (DOLLAR_STABLECOINS.has(asset) && this.options.reportCurrency === 'USD') return this.stablecoinPrices(asset, times);
    const answers: (FoundPrice | null)[] = times.map(() => null);
    for (const route of await this.routes(asset)) {
      const open = times.map((t, i) => (answers[i] === null ? i : -1)).filter((i) => i >= 0);
      if (open.length === 0) break;
      const own = await this.candlesAt(route.exchange, route.symbol, open.map((i) => times[i]!));
      const quotePrices = await this.quotePrices(route, open.map((i) => times[i]!));
      open.forEach((i, k) => {
        const candle = own[k];
        const quote = quotePrices[k];
        if (!candle || !quote) return;
        answers[i] = {
          price: middle(candle).times(quote.price),
          source: `exchange:${route.exchange}`,
          pair: `${route.exchange}:${route.symbol}${quote.pair ? `×${quote.pair}` : ''}`,
          granularity: this.options.granularity,
          priceTime: candle.openTime,
        };
      });
    }
    return answers;
  }

  /** The price of a route's quote in the report currency, at each moment. */
  private async quotePrices(route: Route, times: readonly number[]): Promise<({ price: Decimal; pair: string | null } | null)[]> {
    if (route.quote === this.options.reportCurrency) return times.map(() => ({ price: new Decimal(1), pair: null }));
    if (DOLLAR_STABLECOINS.has(route.quote)) {
      return (await this.stablecoinPrices(route.quote, times)).map((p) => p && { price: p.price, pair: p.pair });
    }
    // A bridge asset (BTC, ETH): its own dollar price, direct markets only.
    const found = await this.priceAssetDirect(route.quote, times, route.exchange);
    return found.map((p) => p && { price: p.price, pair: p.pair?.replace(/^[^:]+:/, '') ?? null });
  }

  /** Like priceAsset, without going through another bridge; the route's exchange first. */
  private async priceAssetDirect(asset: string, times: readonly number[], preferred: string): Promise<(FoundPrice | null)[]> {
    const answers: (FoundPrice | null)[] = times.map(() => null);
    const routes = (await this.routes(asset)).filter((r) => !BRIDGE_ASSETS.includes(r.quote));
    routes.sort((a, b) => Number(b.exchange === preferred) - Number(a.exchange === preferred));
    for (const route of routes) {
      const open = times.map((t, i) => (answers[i] === null ? i : -1)).filter((i) => i >= 0);
      if (open.length === 0) break;
      const own = await this.candlesAt(route.exchange, route.symbol, open.map((i) => times[i]!));
      const quote = await this.quotePrices(route, open.map((i) => times[i]!));
      open.forEach((i, k) => {
        if (own[k] && quote[k]) {
          answers[i] = { price: middle(own[k]!).times(quote[k]!.price), source: `exchange:${route.exchange}`, pair: `${route.exchange}:${route.symbol}`, granularity: this.options.granularity, priceTime: own[k]!.openTime };
        }
      });
    }
    return answers;
  }

  /**
   * A dollar stablecoin is worth its peg, unless an exchange's dollar market for it says
   * it was more than DEPEG_TOLERANCE away at that moment: then the market price counts.
   */
  private async stablecoinPrices(asset: string, times: readonly number[]): Promise<(FoundPrice | null)[]> {
    // Market data: its dollar market, else its market against another dollar stablecoin
    // (taken at that one's peg), whichever has a candle for the moment.
    const markets = (await this.routes(asset)).filter((r) => r.quote === 'USD' || DOLLAR_STABLECOINS.has(r.quote));
    markets.sort((a, b) => Number(b.quote === 'USD') - Number(a.quote === 'USD'));
    const answers: (FoundPrice | null)[] = times.map(() => null);
    for (const market of markets) {
      const open = times.map((_, i) => (answers[i] === null ? i : -1)).filter((i) => i >= 0);
      if (open.length === 0) break;
      const candles = await this.candlesAt(market.exchange, market.symbol, open.map((i) => times[i]!));
      open.forEach((i, k) => {
        const candle = candles[k];
        if (!candle) return;
        const price = middle(candle);
        answers[i] = price.minus(1).abs().greaterThan(DEPEG_TOLERANCE)
          ? { price, source: `exchange:${market.exchange}`, pair: `${market.exchange}:${market.symbol}`, granularity: this.options.granularity, priceTime: candle.openTime }
          : PEG;
      });
    }
    return answers.map((a, i) => {
      if (a) return a;
      // A cache-first pass leaves a moment for the online pass only while some market of
      // the stablecoin was never asked about it; a market known to have nothing there
      // means the peg.
      const unasked = markets.length === 0 || markets.some((m) => !this.asked(m.exchange, m.symbol, times[i]!));
      return this.options.pegWithoutMarketData === false && unasked ? null : PEG;
    });
  }

  /** Whether the cache already asked the market about the candle containing this moment. */
  private asked(exchange: string, symbol: string, time: number): boolean {
    const series = this.series.get(`${exchange}|${symbol}|${this.options.granularity}`);
    if (!series) return false;
    const step = GRANULARITY_MS[this.options.granularity];
    const open = Math.floor(time / step) * step;
    return series.covered.some(([from, to]) => open >= from && open <= to);
  }

  private routeCache = new Map<string, Route[]>();

  /** The markets that can price an asset, best first: exchanges in order, direct before bridged. */
  private async routes(asset: string): Promise<Route[]> {
    const cached = this.routeCache.get(asset);
    if (cached) return cached;
    const routes: Route[] = [];
    const quotes = [...directQuotes(this.options.reportCurrency), ...BRIDGE_ASSETS.filter((b) => b !== asset)];
    for (const exchange of this.options.exchanges) {
      const markets = await this.markets(exchange);
      for (const quote of quotes) {
        if (quote === asset) continue;
        const market = markets[`${asset}/${quote}`];
        if (market && market.spot !== false) routes.push({ exchange, symbol: market.symbol, quote });
      }
    }
    this.routeCache.set(asset, routes);
    return routes;
  }

  /**
   * An exchange's markets by symbol. Offline they are the markets the cache has candles
   * for, and no client is created: ccxt is not even loaded.
   */
  private async markets(exchange: string): Promise<Record<string, { symbol: string; spot?: boolean } | undefined>> {
    if (this.options.offline) {
      const symbols = this.db.prepare('SELECT DISTINCT symbol FROM price_candles WHERE exchange = ?').pluck().all(exchange) as string[];
      return Object.fromEntries(symbols.map((symbol) => [symbol, { symbol, spot: true }]));
    }
    return (await this.client(exchange)).markets ?? {};
  }

  private client(exchange: string): Promise<ExchangeClient> {
    let client = this.clients.get(exchange);
    if (!client) {
      client = (async () => {
        const created = await this.options.client(exchange);
        await this.options.callFor(created)(() => created.loadMarkets());
        return created;
      })();
      this.clients.set(exchange, client);
    }
    return client;
  }

  /** The candle containing each moment, fetching the market's missing range first. */
  private async candlesAt(exchange: string, symbol: string, times: readonly number[]): Promise<(Candle | null)[]> {
    const granularity = this.options.granularity;
    const step = GRANULARITY_MS[granularity];
    const key = `${exchange}|${symbol}|${granularity}`;
    let series = this.series.get(key);
    if (!series) {
      series = loadSeries(this.db, exchange, symbol, granularity);
      this.series.set(key, series);
    }
    const opens = times.map((t) => Math.floor(t / step) * step);
    if (!this.options.offline && opens.length > 0) {
      const needed = [...new Set(opens)].sort((a, b) => a - b);
      const client = await this.client(exchange);
      for (const gap of uncovered(series, needed[0]!, needed[needed.length - 1]!)) {
        // Read only stretches some moment falls in, each at most one page of candles
        // long: daily candles cover years in a request, minute candles only hours.
        const inGap = needed.filter((o) => o >= gap[0] && o <= gap[1]);
        // The interval under way is not final: it is neither cached nor counted as asked.
        const lastComplete = Math.floor(Date.now() / step) * step - step;
        for (let i = 0; i < inGap.length; ) {
          const stretch: [number, number] = [inGap[i]!, Math.min(gap[1], inGap[i]! + (CANDLES_PER_REQUEST - 1) * step)];
          const candles = await fetchCandles(client, symbol, granularity, stretch, this.options.callFor(client));
          if (stretch[0] <= lastComplete) {
            saveCandles(this.db, { exchange, symbol, granularity }, [stretch[0], Math.min(stretch[1], lastComplete)], candles, series);
          }
          while (i < inGap.length && inGap[i]! <= stretch[1]) i += 1;
        }
      }
    }
    return opens.map((o) => series.candles.get(o) ?? null);
  }
}

/** A candle's price: the middle of its open and close. */
function middle(candle: Candle): Decimal {
  return new Decimal(candle.open).plus(candle.close).dividedBy(TWO);
}
