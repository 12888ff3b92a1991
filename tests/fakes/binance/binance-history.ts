// A deterministic Binance account history for the fake Binance: years of spot fills over
// many markets (orders filled in one to three trades, markets listed and delisted along the
// way), crypto deposits and withdrawals (some rejected, cancelled or failed: listed but
// moving nothing), Convert trades, dust conversions to BNB and asset dividends. Every
// record is written as Binance writes it: ids of Binance's shapes (snowflake-sized convert
// order ids above 2^53, dividend `tranId`s shared by a batch, dust details sharing their
// conversion's `transId`), millisecond times (withdrawals: UTC text), amounts as decimal
// strings, some padded to eight decimals and some not, as the real endpoints mix them.
//
// The history is simulated in time order with running balances, so nothing is ever sold,
// withdrawn or converted that the account does not hold; when a generated event needs
// funds the account lacks, a deposit is added just before it (so `deposits` is a minimum).
//
// The same options give the same history, byte for byte. `truth()` sums what is served,
// from the strings, with Decimal: per stream the record count, and per asset what was
// received, sent and paid in fees (see BinanceTruth for the conventions).
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import {
  BINANCE_ASSETS,
  BINANCE_MARKETS,
  DAY,
  addressFor,
  assetById,
  isTrading,
  marketBySymbol,
  marketPrice,
  txIdFor,
  usdPrice,
  utc,
  type BinanceAsset,
  type BinanceMarket,
} from './binance-markets.ts';
import { SeededRandom } from '../seeded-random.ts';

/** `GET /api/v3/myTrades` */
export interface BinanceTrade {
  symbol: string;
  id: number;
  orderId: number;
  orderListId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
  isBestMatch: boolean;
}

/** `GET /sapi/v1/capital/deposit/hisrec`. Status 1 success, 6 credited, 7 wrong deposit (not credited). */
export interface BinanceDeposit {
  id: string;
  amount: string;
  coin: string;
  network: string;
  status: number;
  address: string;
  addressTag: string;
  txId: string;
  insertTime: number;
  transferType: number;
  confirmTimes: string;
  unlockConfirm: number;
  walletType: number;
  /** Served only with `includeSource=true`. */
  sourceAddress: string;
}

/** `GET /sapi/v1/capital/withdraw/history`. Status 6 completed; 1 cancelled, 3 rejected, 5 failed. */
export interface BinanceWithdrawal {
  id: string;
  amount: string;
  transactionFee: string;
  coin: string;
  status: number;
  address: string;
  addressTag?: string;
  txId: string;
  /** UTC, `YYYY-MM-DD HH:mm:ss`, as Binance writes it (no zone, no milliseconds). */
  applyTime: string;
  network: string;
  transferType: number;
  withdrawOrderId?: string;
  info: string;
  confirmNo: number;
  walletType: number;
  txKey: string;
  completeTime?: string;
}

/** `GET /sapi/v1/convert/tradeFlow` `list` entry. */
export interface BinanceConvert {
  quoteId: string;
  /** Above 2^53: served as a bare JSON number, so it is kept here as its digits. */
  orderId: string;
  orderStatus: string;
  fromAsset: string;
  fromAmount: string;
  toAsset: string;
  toAmount: string;
  ratio: string;
  inverseRatio: string;
  createTime: number;
}

export interface BinanceDustDetail {
  transId: number;
  serviceChargeAmount: string;
  amount: string;
  operateTime: number;
  transferedAmount: string;
  fromAsset: string;
}

/** `GET /sapi/v1/asset/dribblet` `userAssetDribblets` entry: one conversion of small balances to BNB. */
export interface BinanceDustConversion {
  operateTime: number;
  totalTransferedAmount: string;
  totalServiceChargeAmount: string;
  transId: number;
  userAssetDribbletDetails: BinanceDustDetail[];
}

/** `GET /sapi/v1/asset/assetDividend` `rows` entry. `id` is unique; `tranId` is shared by a batch. */
export interface BinanceDividend {
  id: number;
  amount: string;
  asset: string;
  divTime: number;
  enInfo: string;
  tranId: number;
  /** 1: credited to the account, -1: debited. */
  direction: number;
}

export type BinanceStream = 'trades' | 'deposits' | 'withdrawals' | 'converts' | 'dust' | 'dividends';
export const BINANCE_STREAMS: readonly BinanceStream[] = ['trades', 'deposits', 'withdrawals', 'converts', 'dust', 'dividends'];

/** How much an asset moved, as canonical decimal text. */
export interface AssetFlow {
  received: string;
  sent: string;
  fee: string;
}

export interface StreamTruth {
  /** Records the endpoint serves (dust: detail rows, one per converted asset). */
  count: number;
  /** Of those, the ones that moved money (a rejected withdrawal is listed but moved nothing). */
  completed: number;
  /** Flows of the completed records, by Binance's asset id (YOYO, not ccxt's YOYOW). */
  assets: Record<string, AssetFlow>;
}

/**
 * What the fake serves, for a sync to be compared against. Conventions, per record:
 * - trade: the buyer receives `qty` of the base and sends `quoteQty` of the quote (a seller
 *   the reverse); `commission` of `commissionAsset` is the fee. Binance credits the gross
 *   quantity and takes the commission separately, so received is gross.
 * - deposit (status 1 or 6): received `amount`.
 * - withdrawal (status 6): sent `amount`, fee `transactionFee` (the balance drops by both).
 * - convert: sent `fromAmount` of `fromAsset`, received `toAmount` of `toAsset`, no fee.
 * - dust detail: sent `amount` of `fromAsset`; received `transferedAmount` +
 *   `serviceChargeAmount` of BNB (gross) and fee `serviceChargeAmount` of BNB, so that
 *   received − fee is what the BNB balance gained (`transferedAmount`).
 * - dividend: received `amount` (direction 1) or sent `amount` (direction -1).
 * For every asset, received − sent − fee over all streams is its balance (`balance`), and
 * that is what /api/v3/account and capital/config/getall report.
 */
export interface BinanceTruth {
  streams: Record<BinanceStream, StreamTruth>;
  /** Dribblet conversions (each with one or more detail rows). */
  dustConversions: number;
  tradesBySymbol: Record<string, number>;
  assets: Record<string, AssetFlow & { balance: string }>;
  /** The first and last instants of the history. */
  from: number;
  to: number;
}

export interface BinanceHistoryOptions {
  /** Same seed, same history (default 1). */
  seed?: number;
  /** Spot fills in total, over all markets (default 5000). */
  trades?: number;
  /** Crypto deposits (default trades / 20, at least 4: the first four fund the account). */
  deposits?: number;
  /** Crypto withdrawals (default trades / 30). */
  withdrawals?: number;
  /** Convert trades (default trades / 15). */
  converts?: number;
  /** Dust conversions to BNB, each of one to four assets (default 40; Binance serves the last 100). */
  dustConversions?: number;
  /** Asset dividend rows (default trades / 3). */
  dividends?: number;
  /** The span of the history: epoch ms or an ISO date (default 2019-01-01 to 2026-06-30). */
  from?: number | string;
  to?: number | string;
}

export interface BinanceAppendOptions {
  trades?: number;
  deposits?: number;
  withdrawals?: number;
  converts?: number;
  dustConversions?: number;
  dividends?: number;
  /** The new activity lies after the current end, up to this instant (default: 7 days later). */
  until?: number;
}

type Counts = Required<Omit<BinanceAppendOptions, 'until'>>;

/** Binance keeps dust conversions only from this day on. */
export const DUST_HISTORY_START = utc(2020, 12, 1);

const ZERO_FEE_SYMBOLS = new Set(['BTCUSDT', 'BTCBUSD']);
const ZERO_FEE_FROM = utc(2022, 7, 8);
const ZERO_FEE_TO = utc(2023, 3, 22);
const SNOWFLAKE_EPOCH = 1_500_000_000_000n;

function toTime(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) throw new Error(`fake Binance: "${value}" is not a date`);
  return time;
}

/** Binance's withdrawal time text: UTC, seconds, no zone. */
export function binanceDateTime(time: number): string {
  return new Date(time).toISOString().slice(0, 19).replace('T', ' ');
}

/** The epoch ms of a withdrawal's `applyTime`. */
export function parseBinanceDateTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

// The generator keeps every amount as a whole number of 1e-8 units in a bigint: Binance
// writes at most eight decimals, so this is exact, and it is many times faster than
// Decimal for the hundred thousand fills of the sync benchmark. (The truth is summed
// independently, with Decimal, from the strings the records carry.)
const UNIT = 100_000_000n;
const POWERS = Array.from({ length: 17 }, (_, index) => 10n ** BigInt(index));

function units(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * UNIT + BigInt(fraction.padEnd(8, '0').slice(0, 8));
}

/** Eight decimals, as myTrades writes price, qty and commission ("12.00000000"). */
function eight(value: bigint): string {
  const text = value.toString().padStart(9, '0');
  return `${text.slice(0, -8)}.${text.slice(-8)}`;
}

/** Without trailing zeros, as Convert and dust write amounts ("20", "0.06154036"). */
function trimmed(value: bigint): string {
  const text = eight(value).replace(/0+$/, '');
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

/** Rounds down to `decimals` decimals. */
function floorTo(value: bigint, decimals: number): bigint {
  const step = POWERS[8 - decimals]!;
  return value - (value % step);
}

/** ⌊value × factor⌋ for a positive float factor, exact in its twelve significant digits. */
function scale(value: bigint, factor: number): bigint {
  const [mantissa = '0', exponent = '0'] = factor.toPrecision(12).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const digits = BigInt(whole + fraction);
  const shift = fraction.length - Number(exponent);
  return shift >= 0 ? (value * digits) / 10n ** BigInt(shift) : value * digits * 10n ** BigInt(-shift);
}

function minimum(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function maximum(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

interface PendingEvent {
  time: number;
  kind: 'order' | 'deposit' | 'withdrawal' | 'convert' | 'dust' | 'dividend';
  /** Fills of an order, rows of a dividend batch. */
  size: number;
}

interface MarketUnits {
  entry: BinanceMarket;
  step: bigint;
}

const MARKET_UNITS = new Map<string, MarketUnits>(BINANCE_MARKETS.map((entry) => [entry.symbol, { entry, step: units(entry.stepSize) }]));

// Markets open and close only a few times in the history: cache what trades in each period.
const CHANGES = [...new Set(BINANCE_MARKETS.flatMap((entry) => [entry.listed, entry.delisted ?? Infinity]))].sort((a, b) => a - b);
const periods = new Map<number, { markets: (readonly [MarketUnits, number])[]; assets: BinanceAsset[] }>();

function period(time: number) {
  let index = 0;
  while (index < CHANGES.length && CHANGES[index]! <= time) index += 1;
  let cached = periods.get(index);
  if (!cached) {
    const open = BINANCE_MARKETS.filter((entry) => isTrading(entry, time));
    cached = {
      markets: open.filter((entry) => entry.weight > 0).map((entry) => [MARKET_UNITS.get(entry.symbol)!, entry.weight] as const),
      assets: BINANCE_ASSETS.filter((asset) => open.some((entry) => entry.base === asset.id || entry.quote === asset.id)),
    };
    periods.set(index, cached);
  }
  return cached;
}

export class BinanceHistory {
  readonly trades: BinanceTrade[] = [];
  readonly deposits: BinanceDeposit[] = [];
  readonly withdrawals: BinanceWithdrawal[] = [];
  readonly converts: BinanceConvert[] = [];
  readonly dust: BinanceDustConversion[] = [];
  readonly dividends: BinanceDividend[] = [];
  readonly from: number;
  /** Bumped by every change, so that a server can rebuild its indexes. */
  version = 0;
  private last: number;
  private readonly random: SeededRandom;
  private readonly balances = new Map<string, bigint>();
  private readonly tradeIds = new Map<string, number>();
  private readonly orderIds = new Map<string, number>();
  private snowflakeSequence: number;
  private dustTransId = 40_000_000_000;
  private dividendId = 1_600_000_000;
  private dividendTranId = 2_900_000_000;
  private cachedTruth: BinanceTruth | null = null;

  constructor(options: BinanceHistoryOptions = {}) {
    this.random = new SeededRandom(options.seed ?? 1);
    this.snowflakeSequence = this.random.int(0, 1_000_000);
    this.from = toTime(options.from, utc(2019, 1, 1));
    const to = toTime(options.to, utc(2026, 6, 30));
    if (to <= this.from + 2 * DAY) throw new Error('fake Binance: the history must span more than two days');
    this.last = this.from;
    const trades = options.trades ?? 5000;
    this.fund();
    this.generate(this.from + DAY, to, {
      trades,
      deposits: Math.max(0, (options.deposits ?? Math.max(4, Math.round(trades / 20))) - 4),
      withdrawals: options.withdrawals ?? Math.round(trades / 30),
      converts: options.converts ?? Math.round(trades / 15),
      dustConversions: options.dustConversions ?? 40,
      dividends: options.dividends ?? Math.round(trades / 3),
    });
    this.last = to;
  }

  /** The last instant the history covers. */
  get to(): number {
    return this.last;
  }

  /** Adds newer activity after the current end (for "a re-sync fetches only what is new"). */
  append(options: BinanceAppendOptions = {}): void {
    const from = this.last + 1;
    const until = options.until ?? this.last + 7 * DAY;
    if (until <= from + 1000) throw new Error('fake Binance: append needs an end after the current end');
    this.generate(from, until, {
      trades: options.trades ?? 0,
      deposits: options.deposits ?? 0,
      withdrawals: options.withdrawals ?? 0,
      converts: options.converts ?? 0,
      dustConversions: options.dustConversions ?? 0,
      dividends: options.dividends ?? 0,
    });
    this.last = until;
  }

  /** The balance the generator arrived at (truth().assets[...].balance sums the same from the records). */
  balanceOf(asset: string): string {
    return trimmed(this.units(asset));
  }

  truth(): BinanceTruth {
    this.cachedTruth ??= computeTruth(this);
    return this.cachedTruth;
  }

  // The account starts with four deposits, so that the first trades have something to spend.
  private fund(): void {
    const funding: [string, number][] = [
      ['USDT', 30_000],
      ['BTC', 20_000],
      ['ETH', 15_000],
      ['BNB', 5_000],
    ];
    funding.forEach(([asset, usd], index) => this.deposit(this.from + (index + 1) * 3_600_000 + this.random.int(0, 999), asset, usd, 1));
  }

  private generate(from: number, to: number, counts: Counts): void {
    const events: PendingEvent[] = [];
    const times = (count: number, start = from): number[] => {
      const list: number[] = [];
      if (start >= to - 10) return list;
      for (let i = 0; i < count; i += 1) list.push(this.random.int(start, to - 10));
      return list.sort((a, b) => a - b);
    };
    let fills = counts.trades;
    const orderSizes: number[] = [];
    while (fills > 0) {
      const size = Math.min(fills, this.random.weighted([[1, 70], [2, 20], [3, 10]] as const));
      orderSizes.push(size);
      fills -= size;
    }
    times(orderSizes.length).forEach((time, index) => events.push({ time, kind: 'order', size: orderSizes[index]! }));
    for (const time of times(counts.deposits)) events.push({ time, kind: 'deposit', size: 1 });
    for (const time of times(counts.withdrawals)) events.push({ time, kind: 'withdrawal', size: 1 });
    for (const time of times(counts.converts)) events.push({ time, kind: 'convert', size: 1 });
    for (const time of times(counts.dustConversions, Math.max(from, DUST_HISTORY_START))) events.push({ time, kind: 'dust', size: 1 });
    let rows = counts.dividends;
    const batches: number[] = [];
    while (rows > 0) {
      const size = Math.min(rows, this.random.chance(0.15) ? this.random.int(2, 4) : 1);
      batches.push(size);
      rows -= size;
    }
    times(batches.length).forEach((time, index) => events.push({ time, kind: 'dividend', size: batches[index]! }));
    events.sort((a, b) => a.time - b.time);

    for (const event of events) {
      switch (event.kind) {
        case 'order':
          this.order(event.time, event.size);
          break;
        case 'deposit':
          this.randomDeposit(event.time);
          break;
        case 'withdrawal':
          this.withdrawal(event.time);
          break;
        case 'convert':
          this.convert(event.time);
          break;
        case 'dust':
          this.dustConversion(event.time);
          break;
        case 'dividend':
          this.dividendBatch(event.time, event.size);
          break;
      }
    }
    // Top-up deposits are dated just before the event that needed them: restore time order.
    this.deposits.sort((a, b) => a.insertTime - b.insertTime);
    this.version += 1;
    this.cachedTruth = null;
  }

  private units(asset: string): bigint {
    return this.balances.get(asset) ?? 0n;
  }

  private credit(asset: string, amount: bigint): void {
    this.balances.set(asset, this.units(asset) + amount);
  }

  private debit(asset: string, amount: bigint): void {
    const balance = this.units(asset) - amount;
    if (balance < 0n) throw new Error(`fake Binance generator: ${asset} would go negative`);
    this.balances.set(asset, balance);
  }

  private usdValue(asset: string, time: number): number {
    return (Number(this.units(asset)) / 1e8) * usdPrice(asset, time);
  }

  /** `usd` worth of the asset, rounded down to `decimals`, at least one unit of that precision. */
  private worth(asset: string, usd: number, time: number, decimals = 8): bigint {
    const amount = floorTo(scale(UNIT, usd / usdPrice(asset, time)), decimals);
    return amount > 0n ? amount : POWERS[8 - decimals]!;
  }

  private snowflake(time: number): string {
    this.snowflakeSequence = (this.snowflakeSequence + 1) % 4_194_304;
    return (((BigInt(time) - SNOWFLAKE_EPOCH) << 22n) | BigInt(this.snowflakeSequence)).toString();
  }

  private randomDeposit(time: number): void {
    const listed = period(time).assets.map((asset) => asset.id);
    const asset = this.random.weighted(listed.map((id) => [id, { USDT: 30, BTC: 20, ETH: 15, BNB: 8, USDC: 5 }[id] ?? 2] as const));
    const status = this.random.weighted([[1, 92], [6, 4], [7, 4]] as const);
    this.deposit(time, asset, this.random.logUniform(50, 20_000), status);
  }

  private deposit(time: number, asset: string, usd: number, status: number): void {
    const amount = this.worth(asset, usd, time, this.random.int(2, 8));
    const chain = this.random.pick(assetById(asset).networks);
    const internal = this.random.chance(0.06);
    this.deposits.push({
      id: this.snowflake(time),
      amount: this.random.chance(0.5) ? eight(amount) : trimmed(amount),
      coin: asset,
      network: chain.id,
      status,
      address: addressFor(chain.address, this.random),
      addressTag: chain.memo ? String(this.random.int(100_000, 999_999_999)) : '',
      txId: internal ? `Internal transfer ${this.random.int(10_000_000_000, 99_999_999_999)}` : txIdFor(chain.tx, this.random),
      insertTime: time,
      transferType: internal ? 1 : 0,
      confirmTimes: `${chain.minConfirm}/${chain.minConfirm}`,
      unlockConfirm: chain.unlockConfirm,
      walletType: 0,
      sourceAddress: internal ? '' : addressFor(chain.address, this.random),
    });
    if (status === 1 || status === 6) this.credit(asset, amount);
  }

  /** A deposit just before an event that needs funds the account lacks. */
  private topUp(time: number, asset: string, usd: number): void {
    this.deposit(Math.max(this.last, time - this.random.int(60_000, 3_600_000)), asset, usd, 1);
  }

  private order(time: number, fills: number): void {
    const open = period(time).markets;
    if (open.length === 0) throw new Error('fake Binance generator: no market trades at this time');
    const market = this.random.weighted(open);
    const { entry, step } = market;
    const price = units(marketPrice(entry, time));
    const target = maximum(1n, scale(UNIT, this.random.logUniform(15, 3000) / usdPrice(entry.base, time)) / step);
    const canSell = (this.units(entry.base) * 6n) / 10n / step;
    const canBuy = ((this.units(entry.quote) * 3n) / 10n) * UNIT / price / step;
    let isBuyer: boolean;
    let total: bigint;
    if (this.random.chance(0.5) && canSell >= 1n) {
      isBuyer = false;
      total = minimum(target, canSell);
    } else if (canBuy >= 1n) {
      isBuyer = true;
      total = minimum(target, canBuy);
    } else if (canSell >= 1n) {
      isBuyer = false;
      total = minimum(target, canSell);
    } else {
      isBuyer = true;
      total = target;
      this.topUp(time, entry.quote, (Number((target * step * price) / UNIT) / 1e8) * usdPrice(entry.quote, time) * 4 + 500);
    }
    const isMaker = this.random.chance(0.4);
    const orderId = (this.orderIds.get(entry.symbol) ?? 100_000_000 + this.random.int(0, 50_000_000)) + this.random.int(1, 80_000);
    this.orderIds.set(entry.symbol, orderId);
    let tradeId = this.tradeIds.get(entry.symbol) ?? 10_000_000 + this.random.int(0, 5_000_000);
    // Split the order into `fills` trades of at least one step each; other users' trades
    // on the market take the ids between two orders, an order's own fills are adjacent.
    let remaining = maximum(total, BigInt(fills));
    for (let part = 0; part < fills; part += 1) {
      const left = BigInt(fills - part - 1);
      const share = left === 0n ? remaining : ((remaining - left) * BigInt(this.random.int(0, 9999))) / 10_000n + 1n;
      remaining -= share;
      tradeId += part === 0 ? this.random.int(1, 30_000) : this.random.int(1, 3);
      this.fill(market, time, price, share * step, isBuyer, isMaker, tradeId, orderId);
    }
    this.tradeIds.set(entry.symbol, tradeId);
  }

  private fill(market: MarketUnits, time: number, price: bigint, qty: bigint, wantBuy: boolean, isMaker: boolean, id: number, orderId: number): void {
    const { entry } = market;
    let isBuyer = wantBuy;
    // Exact: price decimals plus step decimals never exceed eight.
    const quoteQty = (price * qty) / UNIT;
    // A later fill of an order may no longer be affordable (an earlier one paid fees): flip
    // it rather than let a balance go negative, and top up when neither side is affordable.
    if (isBuyer && this.units(entry.quote) < quoteQty) isBuyer = false;
    if (!isBuyer && this.units(entry.base) < qty) {
      isBuyer = true;
      if (this.units(entry.quote) < quoteQty) this.topUp(time, entry.quote, (Number(quoteQty) / 1e8) * usdPrice(entry.quote, time) * 2 + 100);
    }
    const received = isBuyer ? entry.base : entry.quote;
    const receivedAmount = isBuyer ? qty : quoteQty;
    let commissionAsset = received;
    let commission = receivedAmount / 1000n;
    if (ZERO_FEE_SYMBOLS.has(entry.symbol) && time >= ZERO_FEE_FROM && time < ZERO_FEE_TO) {
      commission = 0n;
    } else if (received !== 'BNB' && this.random.chance(0.6)) {
      // Paying fees in BNB: a quarter off, valued at the BNB price of the moment.
      const inBnb = scale(receivedAmount, (usdPrice(received, time) / usdPrice('BNB', time)) * 0.00075);
      const bnbSpent = isBuyer ? (entry.quote === 'BNB' ? quoteQty : 0n) : entry.base === 'BNB' ? qty : 0n;
      if (this.units('BNB') - bnbSpent >= inBnb) {
        commissionAsset = 'BNB';
        commission = inBnb;
      }
    }
    if (isBuyer) {
      this.debit(entry.quote, quoteQty);
      this.credit(entry.base, qty);
    } else {
      this.debit(entry.base, qty);
      this.credit(entry.quote, quoteQty);
    }
    this.debit(commissionAsset, commission);
    this.trades.push({
      symbol: entry.symbol,
      id,
      orderId,
      orderListId: -1,
      price: eight(price),
      qty: eight(qty),
      quoteQty: trimmed(quoteQty),
      commission: eight(commission),
      commissionAsset,
      time,
      isBuyer,
      isMaker,
      isBestMatch: true,
    });
  }

  /** An asset the account holds at least `usd` of, or (after a top-up) USDT. */
  private heldAsset(time: number, usd: number, exclude: string | null = null): string {
    const held = period(time).assets.filter((asset) => asset.id !== exclude && this.usdValue(asset.id, time) >= usd);
    if (held.length > 0) return this.random.pick(held).id;
    const fallback = exclude === 'USDT' ? 'BTC' : 'USDT';
    this.topUp(time, fallback, usd * 5 + 200);
    return fallback;
  }

  private withdrawal(time: number): void {
    const asset = this.heldAsset(time, 40);
    const chain = this.random.pick(assetById(asset).networks);
    const internal = this.random.chance(0.05);
    const fee = internal ? 0n : units(chain.withdrawFee);
    const minimumAmount = units(chain.withdrawMin);
    if (this.units(asset) - fee <= minimumAmount) this.topUp(time, asset, 100 + (Number(fee) / 1e8) * usdPrice(asset, time) * 3);
    const available = this.units(asset) - fee;
    const amount = maximum(minimumAmount, floorTo((available * BigInt(this.random.int(1, 999))) / 1000n, this.random.int(2, 8)));
    const status = this.random.weighted([[6, 90], [1, 3], [3, 3], [5, 4]] as const);
    const applied = Math.floor(time / 1000) * 1000;
    const completed = status === 6;
    if (completed) this.debit(asset, amount + fee);
    const addressTag = chain.memo ? String(this.random.int(100_000, 999_999_999)) : undefined;
    const withdrawOrderId = this.random.chance(0.05) ? `WITHDRAW${this.random.alphanumeric(10)}` : undefined;
    // Key order as Binance writes it; the optional fields sit where the API puts them.
    this.withdrawals.push({
      id: this.random.hex(32),
      amount: eight(amount),
      transactionFee: trimmed(fee),
      coin: asset,
      status,
      address: addressFor(chain.address, this.random),
      ...(addressTag === undefined ? {} : { addressTag }),
      txId: completed ? (internal ? `Internal transfer ${this.random.int(10_000_000_000, 99_999_999_999)}` : txIdFor(chain.tx, this.random)) : '',
      applyTime: binanceDateTime(applied),
      network: chain.id,
      transferType: internal ? 1 : 0,
      ...(withdrawOrderId === undefined ? {} : { withdrawOrderId }),
      info: status === 3 ? 'The address is not valid. Please confirm with the recipient' : status === 5 ? 'Withdrawal failed. Please try again later.' : '',
      confirmNo: completed ? chain.minConfirm : 0,
      walletType: 0,
      txKey: '',
      ...(completed ? { completeTime: binanceDateTime(applied + this.random.int(60, 3600) * 1000) } : {}),
    });
  }

  private convert(time: number): void {
    const fromAsset = this.heldAsset(time, 15);
    const listed = period(time).assets.filter((asset) => asset.id !== fromAsset);
    const popular = listed.filter((asset) => ['USDT', 'BTC', 'ETH', 'BNB', 'USDC', 'FDUSD'].includes(asset.id));
    let toAsset = this.random.pick(this.random.chance(0.5) && popular.length > 0 ? popular : listed).id;
    const share = (this.units(fromAsset) * BigInt(this.random.int(500, 5000))) / 10_000n;
    const rounded = floorTo(share, this.random.int(0, 8));
    const fromAmount = rounded > 0n ? rounded : maximum(share, 1n);
    const quote = (to: string): bigint => scale(fromAmount, (usdPrice(fromAsset, time) / usdPrice(to, time)) * 0.999);
    let toAmount = quote(toAsset);
    if (toAmount === 0n) {
      toAsset = fromAsset === 'USDT' ? 'BTC' : 'USDT';
      toAmount = quote(toAsset);
    }
    if (toAmount === 0n) throw new Error(`fake Binance generator: ${trimmed(fromAmount)} ${fromAsset} converts to nothing`);
    this.debit(fromAsset, fromAmount);
    this.credit(toAsset, toAmount);
    this.converts.push({
      quoteId: this.random.hex(32),
      orderId: this.snowflake(time),
      orderStatus: 'SUCCESS',
      fromAsset,
      fromAmount: trimmed(fromAmount),
      toAsset,
      toAmount: trimmed(toAmount),
      ratio: trimmed((toAmount * UNIT) / fromAmount),
      inverseRatio: trimmed((fromAmount * UNIT) / toAmount),
      createTime: time,
    });
  }

  private dustConversion(time: number): void {
    const toBnb = (asset: string, amount: bigint): bigint => scale(amount, usdPrice(asset, time) / usdPrice('BNB', time));
    const held = BINANCE_ASSETS.filter((asset) => asset.id !== 'BNB' && toBnb(asset.id, this.units(asset.id)) >= 10n)
      .map((asset) => ({ asset: asset.id, value: this.usdValue(asset.id, time) }))
      .sort((a, b) => a.value - b.value);
    // Dust is a whole small balance; when nothing is small, a part of the smallest one.
    let picks = held
      .filter(({ value }) => value < 30)
      .slice(0, this.random.int(1, 4))
      .map(({ asset }) => ({ asset, amount: this.units(asset) }));
    if (picks.length === 0) {
      const smallest = held[0]?.asset ?? this.heldAsset(time, 40, 'BNB');
      picks = [{ asset: smallest, amount: minimum(this.units(smallest), this.worth(smallest, 3 + this.random.next() * 5, time)) }];
    }
    this.dustTransId += this.random.int(1, 2_000_000);
    const transId = this.dustTransId;
    const details: BinanceDustDetail[] = [];
    let transferedTotal = 0n;
    let chargeTotal = 0n;
    for (const { asset, amount } of picks) {
      const gross = toBnb(asset, amount);
      if (gross < 2n) continue;
      const charge = (gross * 2n) / 100n;
      const transfered = gross - charge;
      this.debit(asset, amount);
      this.credit('BNB', transfered);
      transferedTotal += transfered;
      chargeTotal += charge;
      details.push({ transId, serviceChargeAmount: trimmed(charge), amount: trimmed(amount), operateTime: time, transferedAmount: trimmed(transfered), fromAsset: asset });
    }
    if (details.length === 0) throw new Error('fake Binance generator: a dust conversion converted nothing');
    this.dust.push({ operateTime: time, totalTransferedAmount: trimmed(transferedTotal), totalServiceChargeAmount: trimmed(chargeTotal), transId, userAssetDribbletDetails: details });
  }

  private dividendBatch(time: number, rows: number): void {
    this.dividendTranId += this.random.int(1, 9_000_000);
    const kind = rows > 1 ? 'Launchpool' : this.random.weighted([['BNB Vault', 40], ['Simple Earn Flexible Interest', 25], ['Airdrop Assets', 15], ['ETH 2.0 Staking Rewards', 10], ['debit', 2]] as const);
    const airdropped = period(time).assets.filter((asset) => !asset.stable && asset.id !== 'BTC' && asset.id !== 'ETH');
    const assets: string[] =
      kind === 'BNB Vault'
        ? ['BNB']
        : kind === 'ETH 2.0 Staking Rewards'
          ? ['ETH']
          : kind === 'Simple Earn Flexible Interest'
            ? [this.random.pick(['USDT', 'BTC', 'ETH', 'BNB'])]
            : kind === 'debit'
              ? [this.heldAsset(time, 5)]
              : Array.from({ length: rows }, () => this.random.pick(airdropped).id);
    for (const asset of assets) {
      this.dividendId += this.random.int(1, 5_000_000);
      const direction = kind === 'debit' ? -1 : 1;
      const amount = direction === -1 ? maximum(1n, this.units(asset) / 20n) : this.worth(asset, this.random.logUniform(0.05, 40), time);
      if (direction === 1) this.credit(asset, amount);
      else this.debit(asset, amount);
      this.dividends.push({
        id: this.dividendId,
        amount: eight(amount),
        asset,
        divTime: time,
        // A debit is a distribution taken back; Binance lists it with direction -1.
        enInfo: kind === 'debit' ? 'Airdrop Assets' : kind === 'Launchpool' ? `Launchpool ${asset} distribution` : kind,
        tranId: this.dividendTranId,
        direction,
      });
    }
  }
}

function emptyFlow(): { received: Decimal; sent: Decimal; fee: Decimal } {
  return { received: new Decimal(0), sent: new Decimal(0), fee: new Decimal(0) };
}

/** Sums what the history serves, from its strings (independently of the generator's balances). */
export function computeTruth(history: BinanceHistory): BinanceTruth {
  const flows = new Map<BinanceStream, Map<string, { received: Decimal; sent: Decimal; fee: Decimal }>>();
  const counts = new Map<BinanceStream, { count: number; completed: number }>();
  for (const stream of BINANCE_STREAMS) {
    flows.set(stream, new Map());
    counts.set(stream, { count: 0, completed: 0 });
  }
  const flow = (stream: BinanceStream, asset: string) => {
    const byAsset = flows.get(stream)!;
    let entry = byAsset.get(asset);
    if (!entry) {
      entry = emptyFlow();
      byAsset.set(asset, entry);
    }
    return entry;
  };
  const count = (stream: BinanceStream, completed: boolean) => {
    const entry = counts.get(stream)!;
    entry.count += 1;
    if (completed) entry.completed += 1;
  };

  const tradesBySymbol: Record<string, number> = {};
  for (const trade of history.trades) {
    const entry = marketBySymbol(trade.symbol);
    if (!entry) throw new Error(`fake Binance: trade on unknown market ${trade.symbol}`);
    tradesBySymbol[trade.symbol] = (tradesBySymbol[trade.symbol] ?? 0) + 1;
    count('trades', true);
    const [received, receivedAmount, sent, sentAmount] = trade.isBuyer ? [entry.base, trade.qty, entry.quote, trade.quoteQty] : [entry.quote, trade.quoteQty, entry.base, trade.qty];
    const inFlow = flow('trades', received);
    inFlow.received = inFlow.received.plus(receivedAmount);
    const outFlow = flow('trades', sent);
    outFlow.sent = outFlow.sent.plus(sentAmount);
    const feeFlow = flow('trades', trade.commissionAsset);
    feeFlow.fee = feeFlow.fee.plus(trade.commission);
  }
  for (const deposit of history.deposits) {
    const completed = deposit.status === 1 || deposit.status === 6;
    count('deposits', completed);
    if (!completed) continue;
    const entry = flow('deposits', deposit.coin);
    entry.received = entry.received.plus(deposit.amount);
  }
  for (const withdrawal of history.withdrawals) {
    const completed = withdrawal.status === 6;
    count('withdrawals', completed);
    if (!completed) continue;
    const entry = flow('withdrawals', withdrawal.coin);
    entry.sent = entry.sent.plus(withdrawal.amount);
    entry.fee = entry.fee.plus(withdrawal.transactionFee);
  }
  for (const convert of history.converts) {
    count('converts', true);
    const out = flow('converts', convert.fromAsset);
    out.sent = out.sent.plus(convert.fromAmount);
    const into = flow('converts', convert.toAsset);
    into.received = into.received.plus(convert.toAmount);
  }
  for (const conversion of history.dust) {
    for (const detail of conversion.userAssetDribbletDetails) {
      count('dust', true);
      const out = flow('dust', detail.fromAsset);
      out.sent = out.sent.plus(detail.amount);
      const bnb = flow('dust', 'BNB');
      bnb.received = bnb.received.plus(detail.transferedAmount).plus(detail.serviceChargeAmount);
      bnb.fee = bnb.fee.plus(detail.serviceChargeAmount);
    }
  }
  for (const dividend of history.dividends) {
    count('dividends', true);
    const entry = flow('dividends', dividend.asset);
    if (dividend.direction === -1) entry.sent = entry.sent.plus(dividend.amount);
    else entry.received = entry.received.plus(dividend.amount);
  }

  const totals = new Map<string, { received: Decimal; sent: Decimal; fee: Decimal }>();
  const streams = {} as Record<BinanceStream, StreamTruth>;
  for (const stream of BINANCE_STREAMS) {
    const assets: Record<string, AssetFlow> = {};
    for (const [asset, entry] of [...flows.get(stream)!].sort(([a], [b]) => a.localeCompare(b))) {
      assets[asset] = { received: toDecimalText(entry.received), sent: toDecimalText(entry.sent), fee: toDecimalText(entry.fee) };
      const total = totals.get(asset) ?? emptyFlow();
      totals.set(asset, { received: total.received.plus(entry.received), sent: total.sent.plus(entry.sent), fee: total.fee.plus(entry.fee) });
    }
    streams[stream] = { ...counts.get(stream)!, assets };
  }
  const assets: BinanceTruth['assets'] = {};
  for (const [asset, entry] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    assets[asset] = {
      received: toDecimalText(entry.received),
      sent: toDecimalText(entry.sent),
      fee: toDecimalText(entry.fee),
      balance: toDecimalText(entry.received.minus(entry.sent).minus(entry.fee)),
    };
  }
  return { streams, dustConversions: history.dust.length, tradesBySymbol, assets, from: history.from, to: history.to };
}
