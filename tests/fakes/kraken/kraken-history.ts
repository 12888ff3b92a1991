// A deterministic Kraken account history for the fake Kraken: years of spot trades over
// many pairs (some orders filled in several trades, one pair since delisted), deposits and
// withdrawals in fiat and crypto, instant "Buy Crypto" conversions (ledger-only spend and
// receive pairs, never in TradesHistory), legacy staking (transfers into `.S` assets and
// their rewards), Earn rewards, and a fork credit. Everything is written as Kraken writes
// it: ids in Kraken's shapes, times as float seconds, amounts as decimal strings with the
// asset's own decimals, and a running balance on each ledger entry.
//
// The same seed gives the same history, byte for byte. `truth()` sums what was generated
// (from the strings, with Decimal) for the tests to compare a sync against.
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import { KRAKEN_PAIRS, assetByCode, usdPrice, type KrakenPair } from './kraken-markets.ts';

export interface KrakenLedgerEntry {
  /** The ledger id: the key of the entry in a Ledgers result. */
  id: string;
  refid: string;
  /** Float seconds, as Kraken writes it (four decimals). */
  time: number;
  type: string;
  subtype: string;
  aclass: 'currency';
  asset: string;
  amount: string;
  fee: string;
  balance: string;
}

export interface KrakenTrade {
  /** The trade id: the key of the trade in a TradesHistory result. */
  txid: string;
  ordertxid: string;
  postxid: string;
  pair: string;
  time: number;
  type: 'buy' | 'sell';
  ordertype: 'limit' | 'market';
  price: string;
  cost: string;
  fee: string;
  vol: string;
  margin: string;
  misc: string;
  trade_id: number;
  maker: boolean;
  /** The two ledger entries the trade made (served only when asked with `ledgers=true`). */
  ledgers: [string, string];
}

/** A DepositStatus or WithdrawStatus record. */
export interface KrakenFundingRecord {
  method: string;
  network?: string;
  aclass: 'currency';
  asset: string;
  refid: string;
  txid: string;
  info: string;
  amount: string;
  fee: string;
  /** Whole seconds: the funding endpoints do not write fractions. */
  time: number;
  status: 'Success';
  key?: string;
}

export interface KrakenHistoryOptions {
  /** Same seed, same history (default 1). */
  seed?: number;
  /** How many trades TradesHistory holds (default 2000); the ledger gets two entries each. */
  trades?: number;
  /** ISO dates the history spans (default 2021-01-04 to 2025-06-30). */
  from?: string;
  to?: string;
}

export interface AssetTotals {
  count: number;
  /** Sum of the amounts as written (signed), canonical decimal text. */
  amount: string;
  /** Sum of the fees as written, canonical decimal text. */
  fee: string;
}

export interface PairTotals {
  count: number;
  vol: string;
  cost: string;
  fee: string;
}

export interface KrakenTruth {
  ledger: { count: number; byType: Record<string, number>; byAsset: Record<string, AssetTotals> };
  /**
   * Per asset: the base moves by ±vol, the quote by ∓cost and pays the fee, exactly as the
   * `trade` entries of the ledger do.
   */
  trades: { count: number; byPair: Record<string, PairTotals>; byAsset: Record<string, AssetTotals> };
  /** What DepositStatus / WithdrawStatus serve: the last FUNDING_WINDOW_DAYS only. */
  deposits: { count: number; byAsset: Record<string, AssetTotals> };
  withdrawals: { count: number; byAsset: Record<string, AssetTotals> };
  /** Every deposit and withdrawal ever: only the ledger has them all. */
  allDeposits: number;
  allWithdrawals: number;
  /** Per asset, the sum of amount − fee over the ledger: what Balance answers. */
  balances: Record<string, string>;
}

/** The funding status endpoints answer only for recent deposits and withdrawals. */
export const FUNDING_WINDOW_DAYS = 90;

const TICKS_PER_SECOND = 10_000; // Kraken writes ledger and trade times to 1/10,000 s
const DAY = 86_400 * TICKS_PER_SECOND;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** mulberry32: small, fast, and the same on every platform. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], with 53 bits of randomness (tick ranges span years). */
  int(min: number, max: number): number {
    const fraction = (Math.floor(this.next() * 2 ** 21) * 2 ** 32 + Math.floor(this.next() * 2 ** 32)) / 2 ** 53;
    return min + Math.floor(fraction * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let point = this.next() * total;
    for (const item of items) {
      point -= weight(item);
      if (point < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** Spread evenly over orders of magnitude: many small amounts, a few large ones. */
  logUniform(min: number, max: number): number {
    return min * (max / min) ** this.next();
  }

  chars(alphabet: string, length: number): string {
    let text = '';
    for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(this.next() * alphabet.length)];
    return text;
  }
}

type ScheduledEvent =
  | { tick: number; kind: 'trade'; fills: number }
  | { tick: number; kind: 'deposit' | 'withdrawal' | 'conversion' | 'fork-credit' }
  | { tick: number; kind: 'bond' | 'unbond'; staked: string }
  | { tick: number; kind: 'staking-reward'; staked: string }
  | { tick: number; kind: 'earn-reward'; asset: string };

const CRYPTO_DEPOSITS = ['XXBT', 'XETH', 'USDT', 'USDC', 'SOL', 'DOT', 'ADA', 'XXRP', 'XLTC'];
const CONVERSION_TARGETS = ['XXBT', 'XETH', 'SOL', 'DOT', 'ADA', 'LINK'];

const FUNDING_METHODS: Record<string, { method: string; network?: string; withdrawFee: string }> = {
  ZUSD: { method: 'FedWire', withdrawFee: '5' },
  ZEUR: { method: 'SEPA (Bank Frick)', withdrawFee: '0.09' },
  XXBT: { method: 'Bitcoin', network: 'Bitcoin', withdrawFee: '0.00015' },
  XETH: { method: 'Ether (Hex)', network: 'Ethereum', withdrawFee: '0.0035' },
  XLTC: { method: 'Litecoin', network: 'Litecoin', withdrawFee: '0.001' },
  XXRP: { method: 'Ripple XRP', network: 'Ripple', withdrawFee: '0.02' },
  XXDG: { method: 'Dogecoin', network: 'Dogecoin', withdrawFee: '4' },
  ADA: { method: 'ADA', network: 'Cardano', withdrawFee: '0.8' },
  DOT: { method: 'Polkadot', network: 'Polkadot', withdrawFee: '0.05' },
  SOL: { method: 'Solana', network: 'Solana', withdrawFee: '0.01' },
  LINK: { method: 'Chainlink', network: 'Ethereum', withdrawFee: '0.25' },
  MATIC: { method: 'Polygon', network: 'Polygon', withdrawFee: '0.5' },
  USDT: { method: 'Tether USD (ERC20)', network: 'Ethereum', withdrawFee: '2.5' },
  USDC: { method: 'USDC', network: 'Ethereum', withdrawFee: '2.5' },
};

const STAKING = {
  'ETH2.S': { spot: 'XETH', bond: '2021-06-01', unbond: null, everyDays: 7, yearlyRate: '0.05', rewardsFrom: '2021-06-08' },
  'DOT.S': { spot: 'DOT', bond: '2021-09-01', unbond: '2024-03-01', everyDays: 3.5, yearlyRate: '0.12', rewardsFrom: '2021-09-05' },
  'ADA.S': { spot: 'ADA', bond: '2022-02-01', unbond: null, everyDays: 5, yearlyRate: '0.04', rewardsFrom: '2022-02-06' },
} as const;

const EARN = {
  DOT: { from: '2024-03-08', everyDays: 7, yearlyRate: '0.12' },
  USDC: { from: '2024-06-01', everyDays: 7, yearlyRate: '0.035' },
} as const;

const toTick = (iso: string): number => (Date.parse(`${iso}T00:00:00Z`) / 1000) * TICKS_PER_SECOND;
const seconds = (tick: number): number => tick / TICKS_PER_SECOND;

export class KrakenHistory {
  /** Oldest first, in the order Kraken booked them. */
  readonly ledger: KrakenLedgerEntry[] = [];
  readonly trades: KrakenTrade[] = [];
  readonly deposits: KrakenFundingRecord[] = [];
  readonly withdrawals: KrakenFundingRecord[] = [];
  /** Bumped on every change, so readers can rebuild their indexes lazily. */
  version = 0;

  private readonly random: Random;
  private readonly balances = new Map<string, Decimal>();
  private readonly issuedIds = new Set<string>();
  private readonly nextTradeId = new Map<string, number>();
  private lastTick = 0;
  private cachedTruth: { version: number; truth: KrakenTruth } | null = null;

  constructor(options: KrakenHistoryOptions = {}) {
    this.random = new Random(options.seed ?? 1);
    const from = toTick(options.from ?? '2021-01-04');
    const to = toTick(options.to ?? '2025-06-30');
    this.lastTick = from;
    this.simulate(from, to, options.trades ?? 2000, true);
  }

  /** The time of the newest entry, in seconds. */
  get endTime(): number {
    return seconds(this.lastTick);
  }

  /**
   * New activity after everything so far (a user who kept trading after the last sync):
   * `trades` more trades and a few deposits over the following `days`.
   */
  append(trades: number, days = 7): void {
    const from = this.lastTick + 3600 * TICKS_PER_SECOND;
    this.simulate(from, from + days * DAY, trades, false);
  }

  /** What the tests compare a sync against; recomputed after every change. */
  truth(): KrakenTruth {
    if (this.cachedTruth?.version !== this.version) this.cachedTruth = { version: this.version, truth: computeTruth(this) };
    return this.cachedTruth.truth;
  }

  /** DepositStatus / WithdrawStatus: the records of the last FUNDING_WINDOW_DAYS, newest first. */
  recentFunding(kind: 'deposits' | 'withdrawals'): KrakenFundingRecord[] {
    const since = this.endTime - FUNDING_WINDOW_DAYS * 86_400;
    return this[kind].filter((record) => record.time >= since).reverse();
  }

  private simulate(from: number, to: number, tradeCount: number, withStaking: boolean): void {
    const random = this.random;
    const events: ScheduledEvent[] = [];
    const start = from + (withStaking ? 3 * DAY : 0);
    for (let produced = 0; produced < tradeCount; ) {
      // Some orders fill in several trades: the same ordertxid, moments apart.
      const fills = Math.min(random.chance(0.12) ? random.int(2, 3) : 1, tradeCount - produced);
      events.push({ tick: random.int(start, to), kind: 'trade', fills });
      produced += fills;
    }
    const add = (count: number, kind: 'deposit' | 'withdrawal' | 'conversion'): void => {
      for (let i = 0; i < count; i += 1) events.push({ tick: random.int(start, to), kind });
    };
    add(Math.max(2, Math.round(tradeCount / 15)), 'deposit');
    add(Math.round(tradeCount / 30), 'withdrawal');
    add(Math.round(tradeCount / 20), 'conversion');
    if (withStaking) this.scheduleStaking(events, from, to);
    events.sort((a, b) => a.tick - b.tick);

    if (withStaking) {
      // An account opens with money in it.
      this.deposit(from + random.int(3600, 7200) * TICKS_PER_SECOND + random.int(1, 9999), 'ZUSD', new Decimal(random.int(5000, 20000)));
      this.deposit(from + DAY + random.int(1, 3600 * TICKS_PER_SECOND), 'ZEUR', new Decimal(random.int(2000, 8000)));
    }
    for (const event of events) this.apply(event);
    this.version += 1;
  }

  private scheduleStaking(events: ScheduledEvent[], from: number, to: number): void {
    const inRange = (tick: number): boolean => tick > from + 2 * DAY && tick < to;
    for (const [staked, plan] of Object.entries(STAKING)) {
      const bond = toTick(plan.bond) + this.random.int(1, DAY);
      if (!inRange(bond)) continue;
      events.push({ tick: bond, kind: 'bond', staked });
      const end = plan.unbond ? Math.min(toTick(plan.unbond), to) : to;
      for (let tick = toTick(plan.rewardsFrom); tick < end; tick += plan.everyDays * DAY) {
        if (tick > bond) events.push({ tick: tick + this.random.int(1, 3600 * TICKS_PER_SECOND), kind: 'staking-reward', staked });
      }
      if (plan.unbond && inRange(toTick(plan.unbond))) events.push({ tick: toTick(plan.unbond) + this.random.int(1, DAY), kind: 'unbond', staked });
    }
    for (const [asset, plan] of Object.entries(EARN)) {
      for (let tick = toTick(plan.from); tick < to; tick += plan.everyDays * DAY) {
        if (inRange(tick)) events.push({ tick: tick + this.random.int(1, 3600 * TICKS_PER_SECOND), kind: 'earn-reward', asset });
      }
    }
    const fork = toTick('2022-09-15') + this.random.int(1, DAY);
    if (inRange(fork)) events.push({ tick: fork, kind: 'fork-credit' });
  }

  private apply(event: ScheduledEvent): void {
    // Never book before what is already booked (an automatic top-up may have moved the clock).
    const tick = Math.max(event.tick, this.lastTick);
    switch (event.kind) {
      case 'trade':
        return this.trade(tick, event.fills);
      case 'deposit':
        return this.randomDeposit(tick);
      case 'withdrawal':
        return this.randomWithdrawal(tick);
      case 'conversion':
        return this.conversion(tick);
      case 'bond':
        return this.bond(tick, event.staked);
      case 'unbond':
        return this.unbond(tick, event.staked);
      case 'staking-reward':
        return this.reward(tick, event.staked, 'staking', '', STAKING[event.staked as keyof typeof STAKING]);
      case 'earn-reward':
        return this.reward(tick, event.asset, 'earn', 'reward', EARN[event.asset as keyof typeof EARN]);
      case 'fork-credit':
        return this.forkCredit(tick);
    }
  }

  // ── events ────────────────────────────────────────────────────────────────────────

  private trade(tick: number, fills: number): void {
    const random = this.random;
    const t = seconds(tick);
    const pairs = KRAKEN_PAIRS.filter((pair) => pair.tradedUntil === undefined || t < pair.tradedUntil);
    const pair = random.weighted(pairs, (p) => p.weight);
    const quoteDecimals = assetByCode(pair.quote).decimals;
    const price = new Decimal(((usdPrice(pair.base, t) / usdPrice(pair.quote, t)) * (0.97 + random.next() * 0.06)).toFixed(pair.pairDecimals));
    const baseValue = this.balance(pair.base).times(usdPrice(pair.base, t));
    let sell = baseValue.greaterThan(30) && random.chance(0.45);
    const targetUsd = random.logUniform(15, 4000);
    let vol = new Decimal((targetUsd / usdPrice(pair.base, t)).toFixed(8));
    if (sell) vol = Decimal.min(vol, this.balance(pair.base).times(0.3 + random.next() * 0.7).toDecimalPlaces(8, Decimal.ROUND_DOWN));
    if (vol.lessThan(pair.ordermin)) vol = new Decimal(pair.ordermin);
    if (vol.greaterThan(this.balance(pair.base))) sell = false; // only dust left to sell: buy instead

    // Split the order's volume over its fills.
    const fillVols: Decimal[] = [];
    let left = vol;
    for (let i = fills; i > 1; i -= 1) {
      const part = left.times(0.2 + random.next() * 0.5).toDecimalPlaces(8, Decimal.ROUND_DOWN);
      fillVols.push(part);
      left = left.minus(part);
    }
    fillVols.push(left);

    const maker = random.chance(0.55);
    const ordertype = maker || fills > 1 ? 'limit' : random.pick(['limit', 'market'] as const);
    const feeRate = new Decimal(maker ? '0.0016' : '0.0026');
    const fillsPlanned = fillVols.map((fillVol) => {
      const cost = price.times(fillVol).toDecimalPlaces(quoteDecimals, Decimal.ROUND_HALF_UP);
      return { vol: fillVol, cost, fee: cost.times(feeRate).toDecimalPlaces(quoteDecimals, Decimal.ROUND_HALF_UP) };
    });
    if (!sell) {
      const needed = fillsPlanned.reduce((sum, fill) => sum.plus(fill.cost).plus(fill.fee), new Decimal(0));
      if (needed.greaterThan(this.balance(pair.quote))) this.topUp(tick, pair.quote, needed.minus(this.balance(pair.quote)));
    }

    const ordertxid = this.id('O');
    let fillTick = Math.max(tick, this.lastTick);
    for (const fill of fillsPlanned) {
      this.bookTrade(fillTick, pair, sell ? 'sell' : 'buy', ordertype, maker, ordertxid, price, fill);
      fillTick += random.int(1, 2000);
    }
  }

  private bookTrade(
    tick: number,
    pair: KrakenPair,
    side: 'buy' | 'sell',
    ordertype: 'limit' | 'market',
    maker: boolean,
    ordertxid: string,
    price: Decimal,
    fill: { vol: Decimal; cost: Decimal; fee: Decimal },
  ): void {
    const txid = this.id('T');
    const sign = side === 'buy' ? 1 : -1;
    const baseEntry = this.book(tick, txid, 'trade', '', pair.base, fill.vol.times(sign), new Decimal(0));
    const quoteEntry = this.book(tick, txid, 'trade', '', pair.quote, fill.cost.times(-sign), fill.fee);
    const tradeId = this.nextTradeId.get(pair.id) ?? this.random.int(1_000_000, 40_000_000);
    this.nextTradeId.set(pair.id, tradeId + this.random.int(1, 5000));
    const priceDecimals = Math.max(pair.pairDecimals, pair.costDecimals);
    this.trades.push({
      txid,
      ordertxid,
      postxid: this.id('T'),
      pair: pair.id,
      time: seconds(tick),
      type: side,
      ordertype,
      price: price.toFixed(priceDecimals),
      cost: fill.cost.toFixed(pair.costDecimals),
      fee: fill.fee.toFixed(pair.costDecimals),
      vol: fill.vol.toFixed(pair.lotDecimals),
      margin: new Decimal(0).toFixed(pair.costDecimals),
      misc: '',
      trade_id: tradeId,
      maker,
      ledgers: [baseEntry.id, quoteEntry.id],
    });
  }

  private randomDeposit(tick: number): void {
    const random = this.random;
    const asset = random.chance(0.5) ? (random.chance(0.7) ? 'ZUSD' : 'ZEUR') : random.pick(CRYPTO_DEPOSITS);
    const usd = random.logUniform(100, 15000);
    this.deposit(tick, asset, this.amountWorth(asset, usd, seconds(tick)));
  }

  /** Money moved in so a trade or a transfer can happen (the user funded the account first). */
  private topUp(tick: number, asset: string, shortfall: Decimal): void {
    const fiat = assetByCode(asset).fiat;
    const amount = fiat
      ? shortfall.plus(this.random.int(100, 2000)).toDecimalPlaces(0, Decimal.ROUND_UP)
      : shortfall.times(1.2 + this.random.next()).toDecimalPlaces(8, Decimal.ROUND_UP);
    // Between the last booking and the event, so the running balances stay in order.
    this.deposit(Math.max(this.lastTick, tick - this.random.int(600, 3 * 3600) * TICKS_PER_SECOND), asset, amount);
  }

  private deposit(tick: number, asset: string, amount: Decimal): void {
    const random = this.random;
    const fiat = assetByCode(asset).fiat;
    const fee = asset === 'ZUSD' && random.chance(0.3) ? new Decimal(5) : new Decimal(0);
    const refid = this.fundingRefid(tick);
    const entry = this.book(tick, refid, 'deposit', '', asset, amount, fee);
    const method = FUNDING_METHODS[asset]!;
    this.deposits.push({
      method: method.method,
      ...(method.network ? { network: method.network } : {}),
      aclass: 'currency',
      asset,
      refid,
      txid: fiat ? random.chars(BASE32, 12) : random.chars(HEX, 64),
      info: fiat ? 'BANKUS33XXX' : this.address(asset),
      amount: entry.amount,
      fee: entry.fee,
      time: Math.floor(entry.time),
      status: 'Success',
    });
  }

  private randomWithdrawal(tick: number): void {
    const random = this.random;
    const t = seconds(tick);
    const candidates = [...this.balances.entries()].filter(
      ([asset, balance]) => FUNDING_METHODS[asset] !== undefined && balance.times(usdPrice(asset, t)).greaterThan(60),
    );
    if (candidates.length === 0) return;
    const [asset, balance] = random.pick(candidates);
    const decimals = Math.min(assetByCode(asset).decimals, 8);
    const method = FUNDING_METHODS[asset]!;
    const fee = new Decimal(method.withdrawFee);
    const amount = balance.times(0.2 + random.next() * 0.7).minus(fee).toDecimalPlaces(decimals, Decimal.ROUND_DOWN);
    if (amount.lessThanOrEqualTo(0)) return;
    const refid = this.fundingRefid(tick);
    const entry = this.book(tick, refid, 'withdrawal', '', asset, amount.negated(), fee);
    this.withdrawals.push({
      method: method.method,
      ...(method.network ? { network: method.network } : {}),
      aclass: 'currency',
      asset,
      refid,
      txid: assetByCode(asset).fiat ? random.chars(BASE32, 12) : random.chars(HEX, 64),
      info: assetByCode(asset).fiat ? 'US12 3456 7890' : this.address(asset),
      amount: amount.toFixed(assetByCode(asset).decimals),
      fee: entry.fee,
      time: Math.floor(entry.time),
      status: 'Success',
      key: random.pick(['hardware wallet', 'cold storage', 'bank account']),
    });
  }

  /** Kraken's "Buy Crypto" / Convert: a spend and a receive entry, no trade. */
  private conversion(tick: number): void {
    const random = this.random;
    const t = seconds(tick);
    const crypto = random.pick(CONVERSION_TARGETS);
    const fiat = random.chance(0.75) ? 'ZUSD' : 'ZEUR';
    const cryptoHeld = this.balance(crypto).times(usdPrice(crypto, t));
    const buying = cryptoHeld.lessThan(50) || random.chance(0.7);
    const usd = random.logUniform(20, 1500);
    const [spent, received] = buying ? [fiat, crypto] : [crypto, fiat];
    let spentAmount = buying ? this.amountWorth(fiat, usd, t) : Decimal.min(this.amountWorth(crypto, usd, t), this.balance(crypto));
    const spentDecimals = assetByCode(spent).decimals;
    // The fee comes on top of the amount spent (Kraken's 1.5% on instant buys and sells).
    const fee = spentAmount.times('0.015').toDecimalPlaces(spentDecimals, Decimal.ROUND_HALF_UP);
    if (buying && spentAmount.plus(fee).greaterThan(this.balance(fiat))) this.topUp(tick, fiat, spentAmount.plus(fee).minus(this.balance(fiat)));
    if (!buying && spentAmount.plus(fee).greaterThan(this.balance(crypto))) {
      spentAmount = this.balance(crypto).minus(fee).toDecimalPlaces(spentDecimals, Decimal.ROUND_DOWN);
      if (spentAmount.lessThanOrEqualTo(0)) return;
    }
    const receivedAmount = spentAmount
      .times(usdPrice(spent, t) / usdPrice(received, t))
      .toDecimalPlaces(Math.min(assetByCode(received).decimals, 8), Decimal.ROUND_DOWN);
    const refid = this.id('TS', 7);
    const at = Math.max(tick, this.lastTick);
    this.book(at, refid, 'spend', '', spent, spentAmount.negated(), fee);
    this.book(at, refid, 'receive', '', received, receivedAmount, new Decimal(0));
  }

  private bond(tick: number, staked: string): void {
    const plan = STAKING[staked as keyof typeof STAKING];
    const t = seconds(tick);
    const amount = this.amountWorth(plan.spot, this.random.logUniform(500, 3000), t);
    if (amount.greaterThan(this.balance(plan.spot))) this.topUp(tick, plan.spot, amount.minus(this.balance(plan.spot)));
    const at = Math.max(tick, this.lastTick);
    this.book(at, this.id('B', 7), 'transfer', 'spottostaking', plan.spot, amount.negated(), new Decimal(0));
    // The staked side lands a few minutes later under its own refid.
    this.book(at + this.random.int(60, 900) * TICKS_PER_SECOND, this.id('R', 7), 'transfer', 'stakingfromspot', staked, amount, new Decimal(0));
  }

  private unbond(tick: number, staked: string): void {
    const plan = STAKING[staked as keyof typeof STAKING];
    const amount = this.balance(staked);
    if (amount.isZero()) return;
    const at = Math.max(tick, this.lastTick);
    this.book(at, this.id('U', 7), 'transfer', 'stakingtospot', staked, amount.negated(), new Decimal(0));
    this.book(at + this.random.int(60, 900) * TICKS_PER_SECOND, this.id('R', 7), 'transfer', 'spotfromstaking', plan.spot, amount, new Decimal(0));
  }

  private reward(tick: number, asset: string, type: string, subtype: string, plan: { everyDays: number; yearlyRate: string }): void {
    const held = this.balance(asset);
    if (held.isZero()) return;
    const decimals = assetByCode(asset).decimals;
    const amount = held
      .times(plan.yearlyRate)
      .times(plan.everyDays)
      .dividedBy(365)
      .times(0.9 + this.random.next() * 0.2)
      .toDecimalPlaces(decimals, Decimal.ROUND_DOWN);
    if (amount.isZero()) return;
    this.book(tick, this.id(type === 'staking' ? 'ST' : 'EA', 7), type, subtype, asset, amount, new Decimal(0));
  }

  /** The Ethereum PoW fork: ETHW credited one for one on the ETH held. */
  private forkCredit(tick: number): void {
    const held = this.balance('XETH').plus(this.balance('ETH2.S'));
    if (held.isZero()) return;
    this.book(tick, this.id('A', 7), 'adjustment', '', 'ETHW', held, new Decimal(0));
  }

  // ── bookkeeping ───────────────────────────────────────────────────────────────────

  private book(tick: number, refid: string, type: string, subtype: string, asset: string, amount: Decimal, fee: Decimal): KrakenLedgerEntry {
    const decimals = assetByCode(asset).decimals;
    const balance = this.balance(asset).plus(amount).minus(fee);
    if (balance.isNegative()) throw new Error(`fake Kraken history: ${asset} would go negative at ${seconds(tick)}`);
    this.balances.set(asset, balance);
    this.lastTick = Math.max(this.lastTick, tick);
    const entry: KrakenLedgerEntry = {
      id: this.id('L'),
      refid,
      time: seconds(tick),
      type,
      subtype,
      aclass: 'currency',
      asset,
      amount: amount.toFixed(decimals),
      fee: fee.toFixed(decimals),
      balance: balance.toFixed(decimals),
    };
    this.ledger.push(entry);
    return entry;
  }

  private balance(asset: string): Decimal {
    return this.balances.get(asset) ?? new Decimal(0);
  }

  /** An amount of `asset` worth about `usd`, with the precision a transfer of it has. */
  private amountWorth(asset: string, usd: number, t: number): Decimal {
    const { fiat, decimals } = assetByCode(asset);
    return new Decimal((usd / usdPrice(asset, t)).toFixed(fiat ? 2 : Math.min(decimals, 8)));
  }

  /** `LXXXXX-XXXXX-XXXXXX` (ledger), `T…` (trade), `O…` (order): Kraken's base32 ids. */
  private id(prefix: string, firstLength = 6): string {
    for (;;) {
      const id = `${prefix}${this.random.chars(BASE32, firstLength - prefix.length)}-${this.random.chars(BASE32, 5)}-${this.random.chars(BASE32, 6)}`;
      if (!this.issuedIds.has(id)) {
        this.issuedIds.add(id);
        return id;
      }
    }
  }

  /** Funding refids: `QCCBMEO-PXRNH3-5TJWVW` in older years, `FTQcuak-V6Za8qrWnhzTx67yYHz8Tg` since 2023. */
  private fundingRefid(tick: number): string {
    for (;;) {
      const id =
        seconds(tick) < Date.UTC(2023, 0, 1) / 1000
          ? `${this.random.chars(BASE32, 7)}-${this.random.chars(BASE32, 6)}-${this.random.chars(BASE32, 6)}`
          : `FT${this.random.chars(BASE62, 5)}-${this.random.chars(BASE62, 22)}`;
      if (!this.issuedIds.has(id)) {
        this.issuedIds.add(id);
        return id;
      }
    }
  }

  private address(asset: string): string {
    if (asset === 'XXBT') return `bc1q${this.random.chars('023456789acdefghjklmnpqrstuvwxyz', 38)}`;
    if (['XETH', 'USDT', 'USDC', 'LINK', 'MATIC'].includes(asset)) return `0x${this.random.chars(HEX, 40)}`;
    return this.random.chars(BASE62, 44);
  }
}

export function generateKrakenHistory(options: KrakenHistoryOptions = {}): KrakenHistory {
  return new KrakenHistory(options);
}

// ── truth ───────────────────────────────────────────────────────────────────────────

class Totals {
  readonly byKey = new Map<string, { count: number; amount: Decimal; fee: Decimal }>();

  add(key: string, amount: string | Decimal, fee: string | Decimal, count = 1): void {
    const totals = this.byKey.get(key) ?? { count: 0, amount: new Decimal(0), fee: new Decimal(0) };
    totals.count += count;
    totals.amount = totals.amount.plus(amount);
    totals.fee = totals.fee.plus(fee);
    this.byKey.set(key, totals);
  }

  toJSON(): Record<string, AssetTotals> {
    const result: Record<string, AssetTotals> = {};
    for (const [key, totals] of [...this.byKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      result[key] = { count: totals.count, amount: toDecimalText(totals.amount), fee: toDecimalText(totals.fee) };
    }
    return result;
  }
}

function computeTruth(history: KrakenHistory): KrakenTruth {
  const ledgerByAsset = new Totals();
  const byType: Record<string, number> = {};
  for (const entry of history.ledger) {
    ledgerByAsset.add(entry.asset, entry.amount, entry.fee);
    byType[entry.type] = (byType[entry.type] ?? 0) + 1;
  }
  const balances: Record<string, string> = {};
  for (const [asset, totals] of ledgerByAsset.byKey) balances[asset] = toDecimalText(totals.amount.minus(totals.fee));

  const tradeByAsset = new Totals();
  const byPair = new Map<string, { count: number; vol: Decimal; cost: Decimal; fee: Decimal }>();
  const pairsById = new Map(KRAKEN_PAIRS.map((pair) => [pair.id, pair]));
  for (const trade of history.trades) {
    const pair = pairsById.get(trade.pair)!;
    const sign = trade.type === 'buy' ? 1 : -1;
    tradeByAsset.add(pair.base, new Decimal(trade.vol).times(sign), '0');
    tradeByAsset.add(pair.quote, new Decimal(trade.cost).times(-sign), trade.fee);
    const totals = byPair.get(trade.pair) ?? { count: 0, vol: new Decimal(0), cost: new Decimal(0), fee: new Decimal(0) };
    totals.count += 1;
    totals.vol = totals.vol.plus(trade.vol);
    totals.cost = totals.cost.plus(trade.cost);
    totals.fee = totals.fee.plus(trade.fee);
    byPair.set(trade.pair, totals);
  }
  const pairTotals: Record<string, PairTotals> = {};
  for (const [pair, totals] of [...byPair.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    pairTotals[pair] = { count: totals.count, vol: toDecimalText(totals.vol), cost: toDecimalText(totals.cost), fee: toDecimalText(totals.fee) };
  }

  const funding = (records: KrakenFundingRecord[]) => {
    const totals = new Totals();
    for (const record of records) totals.add(record.asset, record.amount, record.fee);
    return { count: records.length, byAsset: totals.toJSON() };
  };

  return {
    ledger: { count: history.ledger.length, byType, byAsset: ledgerByAsset.toJSON() },
    trades: { count: history.trades.length, byPair: pairTotals, byAsset: tradeByAsset.toJSON() },
    deposits: funding(history.recentFunding('deposits')),
    withdrawals: funding(history.recentFunding('withdrawals')),
    allDeposits: history.deposits.length,
    allWithdrawals: history.withdrawals.length,
    balances,
  };
}
