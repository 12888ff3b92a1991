// The prices behind the fake OHLCV exchanges: one seed gives ~50 assets' USD prices from
// 2019-01-01 to 2026-12-31 and, from them, the candle any market on those assets shows at
// any granularity (1m … 1M), consistent across granularities to the last tick. Tests ask
// `candle()` for the exact candle the fake serves, to compute expected values without the
// code under test.
//
// Built coarse to fine, so that a candle costs only its own level's work (a 1000-day page
// never computes 1.4 million minutes):
// - each asset's log USD price at every day boundary: a mean-reverting random walk around
//   the line through a few realistic anchor prices (stablecoins: tiny noise around 1 instead,
//   plus de-peg episodes);
// - at hour boundaries, a Brownian bridge between the day's two boundary values; at minute
//   boundaries, one between the hour's two. A coarser boundary is exactly a finer one, so
//   candles of every size open and close on points of one path;
// - a market (base/quote on one exchange) shows at each boundary the base/quote ratio,
//   rounded to its tick. Highs and lows are fixed top down: the day's band is its hour
//   points plus a margin, and one hour next to the day's extreme reaches it while the others
//   stay inside; minutes likewise within their hour (minute points are clamped into the
//   day's band). So a day's high is exactly the highest of its hours' and of its minutes'.
// - volume and trade counts are split top down in integers and add up across granularities
//   too; the quote and taker volumes are illustrative (derived per candle, not additive).
//
// From the rounding on, a price is an integer count of the market's tick: exact, and turned
// into decimal text without arithmetic. Floats live only in the random walk before it.
import { Decimal } from '../../../shared/money.ts';
import { SeededRandom } from '../seeded-random.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The first instant the model prices. */
export const MODEL_START = Date.UTC(2019, 0, 1);
/** The end of the model (exclusive): the last candle opens 2026-12-31T23:59Z. */
export const MODEL_END = Date.UTC(2027, 0, 1);
const DAYS = (MODEL_END - MODEL_START) / DAY;

export type AssetKind = 'fiat' | 'stable' | 'crypto';

export interface ModelAsset {
  code: string;
  kind: AssetKind;
  /** Crypto: the USD price on each of ANCHOR_DATES; the path passes through them exactly. */
  anchors: readonly number[];
  /** Standard deviation of the daily log return (stablecoins: of the daily deviation from 1). */
  dailyVolatility: number;
}

/**
 * Where every crypto asset's path is pinned: the start, the March 2020 crash, the 2021
 * top, the mid-2022 crash, the 2022 bottom, the 2024 rally, January 2025, and the end.
 */
export const ANCHOR_DATES: readonly string[] = ['2019-01-01', '2020-03-13', '2021-05-10', '2022-06-18', '2022-12-31', '2024-03-14', '2025-01-20', '2027-01-01'];

const crypto = (code: string, dailyVolatility: number, anchors: number[]): ModelAsset => ({ code, kind: 'crypto', anchors, dailyVolatility });
const stable = (code: string): ModelAsset => ({ code, kind: 'stable', anchors: [], dailyVolatility: 0.0003 });

/**
 * The assets: USD itself, three stablecoins and 46 crypto assets with magnitudes like the
 * real ones (which markets list them is the exchanges' business: ohlcv-markets.ts).
 */
export const MODEL_ASSETS: readonly ModelAsset[] = [
  { code: 'USD', kind: 'fiat', anchors: [], dailyVolatility: 0 },
  stable('USDT'),
  stable('USDC'),
  stable('DAI'),
  crypto('BTC', 0.032, [3700, 5000, 52000, 19000, 16500, 66000, 80000, 76000]),
  crypto('ETH', 0.042, [135, 110, 3400, 1000, 1200, 3400, 3100, 2800]),
  crypto('BNB', 0.045, [6, 11, 620, 220, 245, 600, 680, 800]),
  crypto('SOL', 0.06, [0.8, 0.6, 48, 30, 10, 170, 240, 140]),
  crypto('XRP', 0.05, [0.36, 0.14, 1.45, 0.31, 0.34, 0.68, 3.1, 2]),
  crypto('ADA', 0.05, [0.042, 0.025, 1.6, 0.45, 0.25, 0.72, 0.98, 0.55]),
  crypto('DOGE', 0.06, [0.0024, 0.0016, 0.45, 0.05, 0.07, 0.2, 0.36, 0.15]),
  crypto('DOT', 0.055, [3, 2.5, 37, 6.5, 4.4, 11, 6.4, 3.2]),
  crypto('LINK', 0.055, [0.3, 2, 45, 6, 5.6, 20, 24, 13]),
  crypto('LTC', 0.045, [31, 33, 290, 47, 70, 95, 118, 85]),
  crypto('AVAX', 0.06, [5, 3, 77, 15, 11, 48, 36, 18]),
  crypto('MATIC', 0.06, [0.004, 0.008, 1.9, 0.37, 0.76, 1.1, 0.45, 0.25]),
  crypto('POL', 0.06, [0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.45, 0.25]),
  crypto('ATOM', 0.055, [4.5, 2.1, 22, 6.5, 9.2, 12, 6, 3.5]),
  crypto('TRX', 0.045, [0.02, 0.011, 0.12, 0.06, 0.055, 0.12, 0.24, 0.3]),
  crypto('UNI', 0.06, [3, 3, 40, 4.5, 5.2, 13, 13, 7]),
  crypto('BCH', 0.05, [160, 180, 1300, 100, 97, 420, 420, 500]),
  crypto('XLM', 0.05, [0.12, 0.035, 0.65, 0.11, 0.072, 0.13, 0.43, 0.3]),
  crypto('ETC', 0.055, [5, 4.5, 100, 15, 15, 34, 27, 17]),
  crypto('FIL', 0.06, [20, 20, 150, 5.5, 3, 10, 5, 2.5]),
  crypto('NEAR', 0.06, [1.5, 1.5, 5.5, 3.5, 1.3, 7.5, 5, 2.6]),
  crypto('ALGO', 0.055, [0.5, 0.16, 1.4, 0.3, 0.18, 0.27, 0.4, 0.2]),
  crypto('VET', 0.06, [0.004, 0.0025, 0.2, 0.024, 0.016, 0.05, 0.05, 0.025]),
  crypto('ICP', 0.065, [40, 40, 200, 5.5, 3.4, 16, 9.5, 5]),
  crypto('AAVE', 0.06, [40, 35, 480, 55, 52, 125, 330, 250]),
  crypto('EOS', 0.05, [2.5, 2.1, 10, 1, 0.85, 1.1, 0.78, 0.5]),
  crypto('XTZ', 0.055, [0.45, 1.6, 6.8, 1.4, 0.7, 1.4, 1.3, 0.7]),
  crypto('SAND', 0.065, [0.05, 0.03, 0.9, 1.1, 0.36, 0.65, 0.6, 0.3]),
  crypto('MANA', 0.065, [0.05, 0.025, 1.4, 0.8, 0.3, 0.65, 0.5, 0.3]),
  crypto('AXS', 0.07, [0.5, 0.4, 7, 14, 5.5, 11, 6.5, 3]),
  crypto('CHZ', 0.065, [0.012, 0.006, 0.55, 0.11, 0.11, 0.15, 0.09, 0.05]),
  crypto('GRT', 0.065, [0.3, 0.3, 1.4, 0.11, 0.05, 0.35, 0.2, 0.1]),
  crypto('SHIB', 0.07, [0.0000001, 0.0000001, 0.000015, 0.0000085, 0.0000084, 0.000035, 0.000021, 0.000012]),
  crypto('APT', 0.065, [10, 10, 10, 10, 3.6, 17, 8.5, 4.5]),
  crypto('ARB', 0.065, [1.2, 1.2, 1.2, 1.2, 1.2, 2, 0.8, 0.4]),
  crypto('OP', 0.065, [1.5, 1.5, 1.5, 0.6, 0.9, 3.9, 2, 0.9]),
  crypto('FET', 0.065, [0.1, 0.02, 0.5, 0.08, 0.09, 2.3, 1.4, 0.6]),
  crypto('NXS', 0.07, [0.9, 0.3, 1.6, 0.5, 0.4, 0.6, 0.45, 0.3]),
  crypto('RDN', 0.07, [0.6, 0.4, 2.5, 0.8, 0.5, 0.9, 0.7, 0.5]),
  crypto('GAS', 0.065, [3, 1.2, 12, 3, 2, 7, 5, 3]),
  crypto('NAV', 0.07, [0.15, 0.05, 0.6, 0.3, 0.2, 0.3, 0.25, 0.2]),
  crypto('XMR', 0.05, [46, 40, 400, 120, 145, 130, 210, 300]),
  crypto('MINA', 0.065, [1, 1, 1, 0.7, 0.45, 1.2, 0.55, 0.25]),
  crypto('HEX', 0.07, [0.001, 0.002, 0.08, 0.07, 0.02, 0.004, 0.005, 0.003]),
  crypto('SAFEMOON', 0.08, [0.0005, 0.0005, 0.008, 0.0007, 0.0003, 0.0001, 0.00005, 0.00002]),
  crypto('ELON', 0.08, [0.0000002, 0.0000002, 0.0000015, 0.0000004, 0.0000003, 0.0000003, 0.0000002, 0.0000001]),
];

/** A de-peg episode: the asset's USD price along these instants (ISO), log-linear between, 1 outside. */
export interface Depeg {
  asset: string;
  path: readonly (readonly [string, number])[];
}

/** USDC after Silicon Valley Bank failed: 0.87–0.97 all of 2023-03-11, back at 1 by the 13th. */
export const USDC_MARCH_2023: Depeg = {
  asset: 'USDC',
  path: [
    ['2023-03-10T16:00:00Z', 1],
    ['2023-03-10T23:00:00Z', 0.96],
    ['2023-03-11T07:00:00Z', 0.875],
    ['2023-03-11T15:00:00Z', 0.93],
    ['2023-03-11T23:00:00Z', 0.955],
    ['2023-03-12T12:00:00Z', 0.97],
    ['2023-03-13T03:00:00Z', 0.99],
    ['2023-03-13T16:00:00Z', 1],
  ],
};

/** A market as the model needs it: which assets, its tick, and when it has candles. */
export interface ModelMarket {
  /** Names the market's own randomness (highs, lows, volumes), e.g. `binance:ETHBTC`. */
  key: string;
  base: string;
  quote: string;
  /** The tick is 10^-priceDecimals; prices are written with exactly these decimals. */
  priceDecimals: number;
  volumeDecimals: number;
  /** Typical value traded a day, for volumes of a realistic size. */
  dailyVolumeUsd: number;
  /** When the market has candles: [from, to) spans in epoch ms, whole UTC days. */
  trading: readonly (readonly [number, number])[];
}

export interface Candle {
  openTime: number;
  /** The interval's last millisecond, as Binance writes it. */
  closeTime: number;
  /** Prices with the market's priceDecimals, e.g. `42000.10`. */
  open: string;
  high: string;
  low: string;
  close: string;
  /** Base volume with the market's volumeDecimals. */
  volume: string;
  /** Volume × the candle's typical price, 8 decimals (illustrative: not additive). */
  quoteVolume: string;
  trades: number;
  takerBuyVolume: string;
  takerBuyQuoteVolume: string;
  /** False for the exchange's current candle: the interval has not ended at `asOf`. */
  complete: boolean;
}

/**
 * Interval names: `Nm`, `Nh`, `Nd` (aligned on multiples of their length since the epoch,
 * as Binance's 3d and all of Kraken's), `1w` (weeks from Monday, as Binance's) and `1M`
 * (calendar months).
 */
export interface Interval {
  unit: 'minute' | 'hour' | 'day' | 'week' | 'month';
  count: number;
}

const UNIT_MS = { minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY } as const;

export function parseInterval(text: string): Interval {
  const match = /^([1-9]\d*)([mhdwM])$/.exec(text);
  if (!match) throw new Error(`price model: no interval "${text}"`);
  const count = Number(match[1]);
  const unit = ({ m: 'minute', h: 'hour', d: 'day', w: 'week', M: 'month' } as const)[match[2] as 'm' | 'h' | 'd' | 'w' | 'M'];
  if ((unit === 'week' || unit === 'month') && count !== 1) throw new Error(`price model: no interval "${text}" (weeks and months come one at a time)`);
  return { unit, count };
}

/** The open time of the interval that contains `time`. */
export function intervalStart(interval: Interval, time: number): number {
  if (interval.unit === 'month') {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  if (interval.unit === 'week') {
    // The epoch was a Thursday: (days + 3) % 7 counts the days since Monday.
    const days = Math.floor(time / DAY);
    return (days - ((days + 3) % 7)) * DAY;
  }
  const length = UNIT_MS[interval.unit] * interval.count;
  return time - (((time % length) + length) % length);
}

/** The end (exclusive) of the interval that opens at `open`. */
export function intervalEnd(interval: Interval, open: number): number {
  if (interval.unit === 'month') {
    const date = new Date(open);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return open + UNIT_MS[interval.unit] * (interval.unit === 'week' ? 1 : interval.count);
}

export interface PriceModelOptions {
  /** Changes every path and candle (default 1). */
  seed?: number;
  /** De-peg episodes (default: USDC in March 2023; [] for none). */
  depegs?: readonly Depeg[];
  assets?: readonly ModelAsset[];
}

export interface CandleQuery {
  /** Candles opening at or after this time. */
  from?: number;
  /** Candles opening at or before this time. */
  to?: number;
  /** At most this many: the first ones from `from`, or with `newest` the last ones up to `to`. */
  limit?: number;
  newest?: boolean;
  /** The exchange's clock: later candles do not exist yet; the one open at `asOf` is partial. */
  asOf?: number;
}

/** A candle in integers: prices in ticks, volume in units of 10^-volumeDecimals. */
interface RawCandle {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

interface DayState {
  /** The market's price at the day's 25 hour boundaries, in ticks. */
  points: number[];
  high: number;
  low: number;
  /** The hours that reach the day's high and low. */
  highHour: number;
  lowHour: number;
  /** How the day's volume and trades split into hours (worked out when an hour is asked for). */
  hourVolumes: number[] | null;
  hourTrades: number[] | null;
  candle: RawCandle;
}

interface HourState {
  /** The price at the hour's 61 minute boundaries, in ticks, clamped into the day's band. */
  points: number[];
  highMinute: number;
  lowMinute: number;
  candle: RawCandle;
  minutes: RawCandle[] | null;
}

interface MarketState {
  market: ModelMarket;
  hash: number;
  base: AssetState;
  quote: AssetState;
  scale: number;
  /** Standard deviation of the pair's log price over an hour and a minute. */
  hourSigma: number;
  minuteSigma: number;
  trading: [number, number][];
  days: BoundedCache<DayState>;
  hours: BoundedCache<HourState>;
}

interface AssetState {
  asset: ModelAsset;
  hash: number;
  daily: number[] | null;
  /** By day index and by hour index (small integers keep the Maps fast). */
  hourPaths: BoundedCache<number[]>;
  minutePaths: BoundedCache<number[]>;
  depeg: { times: number[]; logs: number[] } | null;
}

export class PriceModel {
  readonly seed: number;
  readonly assets: readonly ModelAsset[];
  private readonly assetStates = new Map<string, AssetState>();
  private readonly marketStates = new Map<string, MarketState>();

  constructor(options: PriceModelOptions = {}) {
    this.seed = options.seed ?? 1;
    this.assets = options.assets ?? MODEL_ASSETS;
    const depegs = options.depegs ?? [USDC_MARCH_2023];
    for (const asset of this.assets) {
      if (asset.kind === 'crypto' && asset.anchors.length !== ANCHOR_DATES.length) {
        throw new Error(`price model: ${asset.code} needs ${ANCHOR_DATES.length} anchor prices`);
      }
      const episode = depegs.find((depeg) => depeg.asset === asset.code);
      this.assetStates.set(asset.code, {
        asset,
        hash: hashText(asset.code),
        daily: null,
        hourPaths: new BoundedCache(DAYS),
        // Minute paths are read once per hour candle (whose points are then kept): few suffice.
        minutePaths: new BoundedCache(256),
        depeg: episode
          ? { times: episode.path.map(([time]) => Date.parse(time)), logs: episode.path.map(([, usd]) => Math.log(usd)) }
          : null,
      });
    }
    for (const depeg of depegs) if (!this.assetStates.has(depeg.asset)) throw new Error(`price model: no asset ${depeg.asset} to de-peg`);
  }

  /** The asset's USD price at the minute boundary at or before `time`, to 6 significant digits. */
  usdPrice(asset: string, time: number): string {
    const state = this.asset(asset);
    if (time < MODEL_START || time >= MODEL_END) throw new Error(`price model: ${new Date(time).toISOString()} is outside 2019–2026`);
    const minute = time - (time % MINUTE);
    const log = this.minutePath(state, Math.floor((minute - MODEL_START) / HOUR))[((minute - MODEL_START) % HOUR) / MINUTE]! + depegLog(state, minute);
    return new Decimal(Math.exp(log).toPrecision(6)).toFixed();
  }

  /**
   * The candle the market shows for the interval opening at `openTime` (which must be an
   * interval boundary), or null where it has none (not listed yet, delisted, a gap, outside
   * the model, or after `asOf`). With `asOf` inside the interval: the partial candle an
   * exchange serves for its current interval.
   */
  candle(market: ModelMarket, interval: string | Interval, openTime: number, asOf = Infinity): Candle | null {
    const spec = typeof interval === 'string' ? parseInterval(interval) : interval;
    if (intervalStart(spec, openTime) !== openTime) throw new Error(`price model: ${new Date(openTime).toISOString()} does not open a ${intervalName(spec)} candle`);
    const state = this.market(market);
    const raw = this.rawCandle(state, spec, openTime, asOf);
    return raw && format(state, raw, openTime, intervalEnd(spec, openTime), asOf);
  }

  /** The market's candles in a range, oldest first, skipping times without any. */
  candles(market: ModelMarket, interval: string | Interval, query: CandleQuery = {}): Candle[] {
    const spec = typeof interval === 'string' ? parseInterval(interval) : interval;
    const state = this.market(market);
    const asOf = query.asOf ?? Infinity;
    // Not clamped to MODEL_START: a week or month that opens before it still has candles.
    const from = query.from ?? MODEL_START;
    const to = Math.min(query.to ?? Infinity, asOf, MODEL_END - 1);
    const limit = query.limit ?? Infinity;
    const result: Candle[] = [];
    if (from > to || limit <= 0) return result;
    const take = (open: number, end: number): void => {
      const raw = this.rawCandle(state, spec, open, asOf);
      if (raw) result.push(format(state, raw, open, end, asOf));
    };
    if (query.newest) {
      let open = intervalStart(spec, to);
      while (open >= from && result.length < limit) {
        const end = intervalEnd(spec, open);
        const latest = latestTrading(state, end - 1);
        if (latest === null || latest < from) break;
        if (latest < open) {
          open = intervalStart(spec, latest);
          continue;
        }
        take(open, end);
        open = intervalStart(spec, open - 1);
      }
      return result.reverse();
    }
    let open = intervalStart(spec, from);
    if (open < from) open = intervalEnd(spec, open);
    while (open <= to && result.length < limit) {
      const end = intervalEnd(spec, open);
      const earliest = earliestTrading(state, open);
      if (earliest === null || earliest > to) break;
      if (earliest >= end) {
        open = intervalStart(spec, earliest);
        continue;
      }
      take(open, end);
      open = end;
    }
    return result;
  }

  // ── candles from the levels below ──────────────────────────────────────────────────

  private rawCandle(state: MarketState, spec: Interval, open: number, asOf: number): RawCandle | null {
    if (open > asOf || open >= MODEL_END) return null;
    const end = intervalEnd(spec, open);
    const whole = end - 1 <= asOf;
    if (spec.count === 1 && (spec.unit === 'minute' || ((spec.unit === 'hour' || spec.unit === 'day') && whole))) {
      // The trading spans lie inside the model's range.
      if (!isTrading(state, open)) return null;
      if (spec.unit === 'minute') return this.minuteCandles(state, Math.floor((open - MODEL_START) / HOUR))[((open - MODEL_START) % HOUR) / MINUTE]!;
      if (spec.unit === 'hour') return this.hour(state, (open - MODEL_START) / HOUR).candle;
      return this.day(state, (open - MODEL_START) / DAY).candle;
    }
    // Larger intervals (and the current, partial hour or day): the candles one level down.
    const child: Interval =
      spec.unit === 'minute' || (spec.unit === 'hour' && spec.count === 1)
        ? { unit: 'minute', count: 1 }
        : spec.unit === 'hour' || (spec.unit === 'day' && spec.count === 1)
          ? { unit: 'hour', count: 1 }
          : { unit: 'day', count: 1 };
    const step = UNIT_MS[child.unit as 'minute' | 'hour' | 'day'];
    let total: RawCandle | null = null;
    for (let at = open; at < end && at <= asOf; at += step) {
      const part = this.rawCandle(state, child, at, asOf);
      if (!part) continue;
      total = total === null ? { ...part } : combine(total, part);
    }
    return total;
  }

  private day(state: MarketState, day: number): DayState {
    const cached = state.days.get(day);
    if (cached) return cached;
    const base = this.hourPath(state.base, day);
    const quote = this.hourPath(state.quote, day);
    const points: number[] = [];
    let top = 0;
    let bottom = 0;
    for (let i = 0; i <= 24; i += 1) {
      const time = MODEL_START + day * DAY + i * HOUR;
      points.push(ticks(state, base[i]! + depegLog(state.base, time) - quote[i]! - depegLog(state.quote, time)));
      if (points[i]! > points[top]!) top = i;
      if (points[i]! < points[bottom]!) bottom = i;
    }
    const random = new SeededRandom(mix(this.seed, state.hash, 10, day));
    // A margin of one to two and a half hours' volatility: wide enough that the minute paths
    // (clamped into this band) rarely touch it, as a day's extremes are rarely flat.
    const high = points[top]! + Math.round(points[top]! * state.hourSigma * (1 + 1.5 * random.next()));
    const low = Math.max(1, points[bottom]! - Math.round(points[bottom]! * state.hourSigma * (1 + 1.5 * random.next())));
    const highHour = nextTo(top, 24, random.next());
    const lowHour = nextTo(bottom, 24, random.next());
    const baseUsd = Math.exp(this.daily(state.base)[day + 1]!);
    const volume = Math.max(1440 * 20, Math.round((state.market.dailyVolumeUsd / baseUsd) * 10 ** state.market.volumeDecimals * Math.exp(0.35 * gaussian(random))));
    const trades = Math.max(1440 * 10, Math.round((state.market.dailyVolumeUsd / 1500) * Math.exp(0.3 * gaussian(random))));
    const result: DayState = {
      points,
      high,
      low,
      highHour,
      lowHour,
      hourVolumes: null,
      hourTrades: null,
      candle: { open: points[0]!, high, low, close: points[24]!, volume, trades },
    };
    state.days.set(day, result);
    return result;
  }

  private hour(state: MarketState, hourIndex: number): HourState {
    const cached = state.hours.get(hourIndex);
    if (cached) return cached;
    const dayIndex = Math.floor(hourIndex / 24);
    const hourOfDay = hourIndex % 24;
    const day = this.day(state, dayIndex);
    const base = this.minutePath(state.base, hourIndex);
    const quote = this.minutePath(state.quote, hourIndex);
    const points: number[] = [];
    let top = 0;
    let bottom = 0;
    for (let i = 0; i <= 60; i += 1) {
      const time = MODEL_START + hourIndex * HOUR + i * MINUTE;
      const raw = ticks(state, base[i]! + depegLog(state.base, time) - quote[i]! - depegLog(state.quote, time));
      points.push(Math.min(day.high, Math.max(day.low, raw)));
      if (points[i]! > points[top]!) top = i;
      if (points[i]! < points[bottom]!) bottom = i;
    }
    const random = new SeededRandom(mix(this.seed, state.hash, 11, hourIndex));
    const up = Math.round(points[top]! * state.minuteSigma * (0.3 + 1.2 * random.next()));
    const down = Math.round(points[bottom]! * state.minuteSigma * (0.3 + 1.2 * random.next()));
    const high = hourOfDay === day.highHour ? day.high : Math.min(day.high, points[top]! + up);
    const low = hourOfDay === day.lowHour ? day.low : Math.max(day.low, points[bottom]! - down);
    const highMinute = nextTo(top, 60, random.next());
    const lowMinute = nextTo(bottom, 60, random.next());
    if (!day.hourVolumes || !day.hourTrades) {
      const shares = new SeededRandom(mix(this.seed, state.hash, 13, dayIndex));
      const hourWeights = Array.from({ length: 24 }, () => 0.5 + shares.next());
      day.hourVolumes = split(day.candle.volume, hourWeights);
      day.hourTrades = split(day.candle.trades, hourWeights);
    }
    const volume = day.hourVolumes[hourOfDay]!;
    const trades = day.hourTrades[hourOfDay]!;
    const result: HourState = {
      points,
      highMinute,
      lowMinute,
      candle: { open: points[0]!, high, low, close: points[60]!, volume, trades },
      minutes: null,
    };
    state.hours.set(hourIndex, result);
    return result;
  }

  private minuteCandles(state: MarketState, hourIndex: number): RawCandle[] {
    const hour = this.hour(state, hourIndex);
    if (hour.minutes) return hour.minutes;
    const random = new SeededRandom(mix(this.seed, state.hash, 12, hourIndex));
    const weights = Array.from({ length: 60 }, () => 0.5 + random.next());
    const volumes = split(hour.candle.volume, weights);
    const trades = split(hour.candle.trades, weights);
    const minutes: RawCandle[] = [];
    for (let i = 0; i < 60; i += 1) {
      const open = hour.points[i]!;
      const close = hour.points[i + 1]!;
      const top = Math.max(open, close);
      const bottom = Math.min(open, close);
      const up = Math.round(top * state.minuteSigma * 0.8 * random.next());
      const down = Math.round(bottom * state.minuteSigma * 0.8 * random.next());
      minutes.push({
        open,
        high: i === hour.highMinute ? hour.candle.high : Math.min(hour.candle.high, top + up),
        low: i === hour.lowMinute ? hour.candle.low : Math.max(hour.candle.low, bottom - down),
        close,
        volume: volumes[i]!,
        trades: trades[i]!,
      });
    }
    hour.minutes = minutes;
    return minutes;
  }

  // ── asset paths ────────────────────────────────────────────────────────────────────

  private asset(code: string): AssetState {
    const state = this.assetStates.get(code);
    if (!state) throw new Error(`price model: no asset ${code}`);
    return state;
  }

  private market(market: ModelMarket): MarketState {
    const known = this.marketStates.get(market.key);
    if (known) return known;
    const base = this.asset(market.base);
    const quote = this.asset(market.quote);
    const daySigma = Math.hypot(base.asset.dailyVolatility, quote.asset.dailyVolatility);
    const state: MarketState = {
      market,
      hash: hashText(market.key),
      base,
      quote,
      scale: 10 ** market.priceDecimals,
      hourSigma: daySigma / Math.sqrt(24),
      minuteSigma: daySigma / Math.sqrt(1440),
      trading: market.trading
        .map(([from, to]): [number, number] => [Math.max(from, MODEL_START), Math.min(to, MODEL_END)])
        .filter(([from, to]) => from < to)
        .sort((a, b) => a[0] - b[0]),
      days: new BoundedCache(DAYS),
      hours: new BoundedCache(2_000),
    };
    this.marketStates.set(market.key, state);
    return state;
  }

  /** Log USD at each day boundary (DAYS + 1 values), without de-pegs. */
  private daily(state: AssetState): number[] {
    if (state.daily) return state.daily;
    const path = zeros(DAYS + 1);
    const random = new SeededRandom(mix(this.seed, state.hash, 0, 0));
    const { asset } = state;
    if (asset.kind === 'stable') {
      for (let i = 0; i <= DAYS; i += 1) path[i] = asset.dailyVolatility * gaussian(random);
    } else if (asset.kind === 'crypto') {
      // A mean-reverting walk (about three weeks' memory) around the log-linear line through the
      // anchors: daily moves as volatile as the asset's, levels typically within ±3 daily
      // deviations' worth of the line, so magnitudes stay those of the anchors.
      const deviation = zeros(DAYS + 1);
      for (let i = 1; i <= DAYS; i += 1) deviation[i] = deviation[i - 1]! * (1 - 1 / 20) + asset.dailyVolatility * gaussian(random);
      const days = ANCHOR_DATES.map((date) => (Date.parse(`${date}T00:00:00Z`) - MODEL_START) / DAY);
      for (let k = 0; k + 1 < days.length; k += 1) {
        const from = days[k]!;
        const to = days[k + 1]!;
        const a = Math.log(asset.anchors[k]!);
        const b = Math.log(asset.anchors[k + 1]!);
        // Tilted so the deviation is zero at both anchors: the path passes through them.
        for (let i = from; i <= to; i += 1) {
          const share = (i - from) / (to - from);
          path[i] = a + (b - a) * share + deviation[i]! - deviation[from]! - (deviation[to]! - deviation[from]!) * share;
        }
      }
    }
    state.daily = path;
    return path;
  }

  private hourPath(state: AssetState, day: number): number[] {
    if (state.asset.kind === 'fiat') return FLAT_25;
    const cached = state.hourPaths.get(day);
    if (cached) return cached;
    const daily = this.daily(state);
    const path = bridge(daily[day]!, daily[day + 1]!, 24, state.asset.dailyVolatility / Math.sqrt(24), new SeededRandom(mix(this.seed, state.hash, 1, day)));
    state.hourPaths.set(day, path);
    return path;
  }

  private minutePath(state: AssetState, hourIndex: number): number[] {
    if (state.asset.kind === 'fiat') return FLAT_61;
    const cached = state.minutePaths.get(hourIndex);
    if (cached) return cached;
    const hours = this.hourPath(state, Math.floor(hourIndex / 24));
    const h = hourIndex % 24;
    const path = bridge(hours[h]!, hours[h + 1]!, 60, state.asset.dailyVolatility / Math.sqrt(1440), new SeededRandom(mix(this.seed, state.hash, 2, hourIndex)));
    state.minutePaths.set(hourIndex, path);
    return path;
  }
}

const FLAT_25 = zeros(25);
const FLAT_61 = zeros(61);

function depegLog(state: AssetState, time: number): number {
  const depeg = state.depeg;
  if (!depeg || time <= depeg.times[0]! || time >= depeg.times[depeg.times.length - 1]!) return 0;
  let i = 1;
  while (depeg.times[i]! < time) i += 1;
  const t0 = depeg.times[i - 1]!;
  const t1 = depeg.times[i]!;
  return depeg.logs[i - 1]! + ((depeg.logs[i]! - depeg.logs[i - 1]!) * (time - t0)) / (t1 - t0);
}

function ticks(state: MarketState, logRatio: number): number {
  return Math.max(1, Math.round(Math.exp(logRatio) * state.scale));
}

function isTrading(state: MarketState, time: number): boolean {
  for (const [from, to] of state.trading) if (time >= from && time < to) return true;
  return false;
}

/** The first instant at or after `time` with candles, or null. */
function earliestTrading(state: MarketState, time: number): number | null {
  for (const [from, to] of state.trading) if (time < to) return Math.max(time, from);
  return null;
}

/** The last instant at or before `time` with candles, or null. */
function latestTrading(state: MarketState, time: number): number | null {
  for (let i = state.trading.length - 1; i >= 0; i -= 1) {
    const [from, to] = state.trading[i]!;
    if (time >= from) return Math.min(time, to - 1);
  }
  return null;
}

/** The interval (of `count`) that reaches an extreme found at boundary `point`: one beside it. */
function nextTo(point: number, count: number, u: number): number {
  if (point === 0) return 0;
  if (point === count) return count - 1;
  return u < 0.5 ? point - 1 : point;
}

function combine(total: RawCandle, next: RawCandle): RawCandle {
  return {
    open: total.open,
    high: Math.max(total.high, next.high),
    low: Math.min(total.low, next.low),
    close: next.close,
    volume: total.volume + next.volume,
    trades: total.trades + next.trades,
  };
}

/** Integer shares of `total` in proportion to `weights`, adding up to `total` exactly. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (let i = 0; i < weights.length; i += 1) {
    cumulative += weights[i]!;
    const upTo = i === weights.length - 1 ? total : Math.floor((total * cumulative) / sum);
    shares.push(upTo - given);
    given = upTo;
  }
  return shares;
}

function format(state: MarketState, raw: RawCandle, openTime: number, end: number, asOf: number): Candle {
  const { priceDecimals, volumeDecimals } = state.market;
  // Quote volumes are volume × the typical price (O+H+L+C)/4: exact in BigInt (units of
  // 10^-(priceDecimals+volumeDecimals), over 4), then rounded to Binance's 8 decimals.
  const typical = BigInt(raw.open + raw.high + raw.low + raw.close);
  const takerBuy = Math.floor((raw.volume * (raw.close >= raw.open ? 55 : 45)) / 100);
  const exponent = priceDecimals + volumeDecimals;
  return {
    openTime,
    closeTime: end - 1,
    open: fixed(raw.open, priceDecimals),
    high: fixed(raw.high, priceDecimals),
    low: fixed(raw.low, priceDecimals),
    close: fixed(raw.close, priceDecimals),
    volume: fixed(raw.volume, volumeDecimals),
    quoteVolume: quarterText(BigInt(raw.volume) * typical, exponent),
    trades: raw.trades,
    takerBuyVolume: fixed(takerBuy, volumeDecimals),
    takerBuyQuoteVolume: quarterText(BigInt(takerBuy) * typical, exponent),
    complete: end - 1 <= asOf,
  };
}

/** (units × 10^-exponent) / 4, rounded half up to 8 decimals, as text. */
function quarterText(units: bigint, exponent: number): string {
  const divisor = 4n * 10n ** BigInt(exponent);
  const scaled = (2n * units * 100_000_000n + divisor) / (2n * divisor);
  const digits = scaled.toString().padStart(9, '0');
  return `${digits.slice(0, -8)}.${digits.slice(-8)}`;
}

/** An integer count of 10^-decimals as decimal text with exactly `decimals` decimals. */
export function fixed(units: number, decimals: number): string {
  const digits = String(units);
  if (decimals === 0) return digits;
  const padded = digits.padStart(decimals + 1, '0');
  return `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

function intervalName(spec: Interval): string {
  return `${spec.count}${{ minute: 'm', hour: 'h', day: 'd', week: 'w', month: 'M' }[spec.unit]}`;
}

function zeros(length: number): number[] {
  return new Array<number>(length).fill(0);
}

/**
 * A random walk from a to b in `steps` steps of standard deviation `sigma`, pinned at both
 * ends. Plain arrays built by push: a typed array costs microseconds to allocate, and a 1h
 * page makes thousands of these.
 */
function bridge(a: number, b: number, steps: number, sigma: number, random: SeededRandom): number[] {
  const path: number[] = [0];
  let walk = 0;
  for (let i = 1; i <= steps; i += 1) {
    walk += sigma * gaussian(random);
    path.push(walk);
  }
  for (let i = 1; i < steps; i += 1) path[i] = a + ((b - a) * i) / steps + path[i]! - (walk * i) / steps;
  path[0] = a;
  path[steps] = b;
  return path;
}

/**
 * A standard normal draw, from a table of 4096 quantiles: a bridge needs millions of them
 * a second and Box–Muller's log, sqrt and cosine were most of a candle page's cost. Tails
 * stop near ±3.5, which a fake market does not miss.
 */
function gaussian(random: SeededRandom): number {
  return NORMAL_QUANTILES[Math.floor(random.next() * NORMAL_QUANTILES.length)]!;
}

const NORMAL_QUANTILES = Array.from({ length: 4096 }, (_, i) => inverseNormal((i + 0.5) / 4096));

/** The standard normal quantile function (Acklam's rational approximation, error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** One 32-bit seed from several integers (each mixed in, so neighbours land far apart). */
function mix(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    hash = Math.imul(hash ^ (part >>> 0), 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return hash >>> 0;
}

/** A Map that forgets its oldest entries beyond `size`: paths and candles are cheap to redo. */
class BoundedCache<T> {
  private readonly entries = new Map<number, T>();
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  get(key: number): T | undefined {
    return this.entries.get(key);
  }

  set(key: number, value: T): void {
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }
}
