// A seeded, deterministic Coinbase account history for the fake server, and the truth the
// sync tests compare against. Years of activity over many assets and products, simulated in
// time order with real balances (nothing is ever sold or sent that was not there), written
// record by record exactly as Coinbase's APIs write them:
//   - Advanced Trade fills (GET /api/v3/brokerage/orders/historical/fills): decimal strings,
//     nanosecond trade times, some orders filled in several parts, some market buys reported
//     with `size_in_quote: true` (size is then in the quote currency: base = size / price);
//   - v2 transactions per account (GET /v2/accounts/:id/transactions): fiat deposits and
//     withdrawals, crypto received and sent (`send`, with the network fee inside the debit),
//     staking rewards, USDC rewards (`interest`), conversions (`trade`, one leg in each
//     account), and, like the real API, an `advanced_trade_fill` entry in the base and the
//     quote account for every fill: those mirror the fills stream and must not be counted twice;
//   - fiat deposit and withdrawal resources (GET /v2/accounts/:id/deposits, /withdrawals).
//
// Amounts are produced as strings, and the truth is read back from the records as served
// (truthUntil), summed with Decimal, and checked against the simulation's own accounting.
// It counts each economic event once: fills from the fills stream, everything else from v2
// transactions other than the fill mirrors. Per stream: the record count and, per asset,
// the quantities received, sent and paid as fees (a send's network fee is a fee; a fill's
// commission is a fee in the quote currency).
import { Decimal, toDecimalText, ZERO, type Decimal as DecimalValue } from '../../../shared/money.ts';
import { CURRENCIES, PRODUCTS, catalogCurrency, type CatalogCurrency, type CatalogProduct } from './catalog.ts';
import { SeededRandom } from '../seeded-random.ts';

export interface HistoryOptions {
  seed: number;
  /** About this many fills (orders fill in 1–3 parts; a fill that funds cannot cover is skipped). */
  fills: number;
  /** About this many other balance changes: transfers, rewards, conversions. */
  transfers: number;
  startMs: number;
  endMs: number;
  /** Mirror each fill into v2 transactions as `advanced_trade_fill`, as Coinbase does. */
  mirrorFillsInV2: boolean;
}

export const DEFAULT_HISTORY_OPTIONS: HistoryOptions = {
  seed: 20190101,
  fills: 2400,
  transfers: 1500,
  startMs: Date.UTC(2019, 0, 1),
  endMs: Date.UTC(2025, 5, 30),
  mirrorFillsInV2: true,
};

export interface Money {
  amount: string;
  currency: string;
}

/** One fill, as /api/v3/brokerage/orders/historical/fills returns it. */
export interface Fill {
  entry_id: string;
  trade_id: string;
  order_id: string;
  trade_time: string;
  trade_type: 'FILL';
  price: string;
  size: string;
  commission: string;
  product_id: string;
  sequence_timestamp: string;
  liquidity_indicator: 'MAKER' | 'TAKER';
  size_in_quote: boolean;
  user_id: string;
  side: 'BUY' | 'SELL';
  retail_portfolio_id: string;
}

/** One v2 transaction; the type-specific part (network, to, trade, ...) varies by `type`. */
export interface V2Transaction {
  id: string;
  type: string;
  status: string;
  amount: Money;
  native_amount: Money;
  created_at: string;
  resource: 'transaction';
  resource_path: string;
  [field: string]: unknown;
}

/** A fiat deposit or withdrawal resource (/v2/accounts/:id/deposits, /withdrawals). */
export interface FiatTransfer {
  id: string;
  resource: 'deposit' | 'withdrawal';
  created_at: string;
  amount: Money;
  subtotal: Money;
  fee: Money;
  [field: string]: unknown;
}

/** A record with the position the fake sorts and pages it by (seq grows with time). */
export interface Entry<T> {
  seq: number;
  timeMs: number;
  record: T;
}

export interface HistoryAccount {
  /** Used both as the v3 account `uuid` and the v2 account `id`, as Coinbase does. */
  uuid: string;
  currency: CatalogCurrency;
  createdAt: string;
  /** Final balance as a decimal string. */
  balance: string;
  /** Oldest first. */
  transactions: Entry<V2Transaction>[];
  deposits: Entry<FiatTransfer>[];
  withdrawals: Entry<FiatTransfer>[];
}

export interface AssetTotals {
  received: string;
  sent: string;
  fees: string;
}

export interface StreamTruth {
  count: number;
  /** Per asset code as Coinbase writes it (CGLD, not ccxt's CELO). */
  assets: Record<string, AssetTotals>;
}

export interface CoinbaseTruth {
  fills: StreamTruth;
  /** Every v2 transaction of every account; `assets` leaves out the advanced_trade_fill mirrors. */
  transactions: StreamTruth & { byType: Record<string, number> };
  /** Fiat deposit resources (the /deposits endpoints). */
  deposits: StreamTruth;
  /** Fiat withdrawal resources (the /withdrawals endpoints). */
  withdrawals: StreamTruth;
  accounts: { count: number; withTransactions: number };
  /** What a complete ledger holds: fills plus v2 transactions other than fill mirrors. */
  assets: Record<string, AssetTotals>;
  /** received − sent − fees per asset; equals the balances the account endpoints report. */
  balances: Record<string, string>;
}

export interface CoinbaseHistory {
  options: HistoryOptions;
  userId: string;
  portfolioUuid: string;
  /** Oldest first. */
  fills: Entry<Fill>[];
  /** One per catalog currency, in the order the account endpoints list them. */
  accounts: HistoryAccount[];
  products: readonly CatalogProduct[];
  currencies: readonly CatalogCurrency[];
  /** Last simulated USD price per currency (for product and exchange-rate listings). */
  lastPriceUsd: Record<string, string>;
  truth: CoinbaseTruth;
}

const DAY_MS = 86_400_000;

class Totals {
  private readonly byAsset = new Map<string, { received: DecimalValue; sent: DecimalValue; fees: DecimalValue }>();

  add(asset: string, kind: 'received' | 'sent' | 'fees', amount: string): void {
    const value = new Decimal(amount).abs();
    if (value.isZero()) return;
    const entry = this.byAsset.get(asset) ?? { received: ZERO, sent: ZERO, fees: ZERO };
    entry[kind] = entry[kind].plus(value);
    this.byAsset.set(asset, entry);
  }

  addAll(other: Totals): void {
    for (const [asset, entry] of other.byAsset) {
      this.add(asset, 'received', entry.received.toFixed());
      this.add(asset, 'sent', entry.sent.toFixed());
      this.add(asset, 'fees', entry.fees.toFixed());
    }
  }

  toJSON(): Record<string, AssetTotals> {
    const result: Record<string, AssetTotals> = {};
    for (const asset of [...this.byAsset.keys()].sort()) {
      const entry = this.byAsset.get(asset)!;
      result[asset] = { received: toDecimalText(entry.received), sent: toDecimalText(entry.sent), fees: toDecimalText(entry.fees) };
    }
    return result;
  }

  net(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const asset of [...this.byAsset.keys()].sort()) {
      const entry = this.byAsset.get(asset)!;
      result[asset] = toDecimalText(entry.received.minus(entry.sent).minus(entry.fees));
    }
    return result;
  }
}

/** `2023-01-18T01:37:38Z`: v2 timestamps have whole seconds. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `2023-01-18T01:37:38.091377090Z`: fills carry nanoseconds (the extra digits are made up). */
function isoFraction(ms: number, extraDigits: string): string {
  return new Date(ms).toISOString().replace(/Z$/, `${extraDigits}Z`);
}

/** Fixed decimals, as v2 prints amounts of a currency (`0.50000000`, `1500.00`). */
function fixed(value: DecimalValue, decimals: number): string {
  return value.toFixed(decimals);
}

function decimalFromNumber(value: number): DecimalValue {
  return new Decimal(value.toPrecision(12));
}

/** A daily USD price walk per currency; JS numbers are fine here: only the strings derived from them are data. */
class PriceWalk {
  private readonly days: Map<string, number[]> = new Map();
  private readonly random: SeededRandom;
  private readonly startMs: number;
  private readonly dayCount: number;

  constructor(seed: number, startMs: number, endMs: number) {
    this.random = new SeededRandom(seed ^ 0x5eed);
    this.startMs = startMs;
    this.dayCount = Math.ceil((endMs - startMs) / DAY_MS) + 2;
  }

  usd(code: string, timeMs: number): number {
    let series = this.days.get(code);
    if (!series) {
      const currency = catalogCurrency(code);
      const pegged = currency.type === 'fiat' || code === 'USDC' || code === 'USDT';
      series = [Number(currency.startPriceUsd)];
      for (let day = 1; day < this.dayCount; day += 1) {
        const previous = series[day - 1]!;
        if (pegged) {
          series.push(code === 'USD' ? 1 : 1 + (this.random.next() - 0.5) * 0.002);
        } else {
          // Log-normal daily steps with a mild upward drift, clamped to stay plausible.
          const step = Math.exp((this.random.next() - 0.5) * 0.09 + 0.0007);
          series.push(Math.min(Math.max(previous * step, Number(currency.startPriceUsd) / 20), Number(currency.startPriceUsd) * 40));
        }
      }
      this.days.set(code, series);
    }
    const day = Math.min(Math.max(Math.floor((timeMs - this.startMs) / DAY_MS), 0), series.length - 1);
    return series[day]!;
  }
}

type TransferKind = 'fiat_deposit' | 'fiat_withdrawal' | 'receive' | 'send' | 'staking_reward' | 'interest' | 'convert';

const TRANSFER_WEIGHTS: readonly (readonly [TransferKind, number])[] = [
  ['fiat_deposit', 8],
  ['fiat_withdrawal', 4],
  ['receive', 20],
  ['send', 16],
  ['staking_reward', 30],
  ['interest', 8],
  ['convert', 10],
];

const TAKER_RATES = ['0.006', '0.004', '0.0025', '0.008', '0.012'];
const MAKER_RATES = ['0.004', '0.0025', '0.0015', '0.006'];

/** Builds the whole history; the same options always give the same records. */
export function generateHistory(overrides: Partial<HistoryOptions> = {}): CoinbaseHistory {
  const options: HistoryOptions = { ...DEFAULT_HISTORY_OPTIONS, ...overrides };
  const random = new SeededRandom(options.seed);
  const prices = new PriceWalk(options.seed, options.startMs, options.endMs);
  const userId = random.uuid();
  const portfolioUuid = random.uuid();
  const paymentMethodId = random.uuid();

  const accounts = CURRENCIES.map<HistoryAccount>((currency) => ({
    uuid: random.uuid(),
    currency,
    createdAt: new Date(options.startMs - random.int(30, 900) * DAY_MS + random.int(0, DAY_MS)).toISOString(),
    balance: '0',
    transactions: [],
    deposits: [],
    withdrawals: [],
  }));
  const accountOf = new Map(accounts.map((account) => [account.currency.code, account]));
  const balances = new Map<string, DecimalValue>();
  const balance = (code: string): DecimalValue => balances.get(code) ?? ZERO;
  const move = (code: string, delta: DecimalValue): void => {
    const next = balance(code).plus(delta);
    if (next.isNegative()) throw new Error(`fake coinbase history: ${code} balance would go negative`);
    balances.set(code, next);
  };

  const fillTotals = new Totals();
  const transactionTotals = new Totals();
  const depositTotals = new Totals();
  const withdrawalTotals = new Totals();
  const byType: Record<string, number> = {};
  const fills: Entry<Fill>[] = [];
  let seq = 0;
  let lastTime = options.startMs;

  const activeCrypto = CURRENCIES.filter((entry) => entry.active && entry.type === 'crypto');
  const tradedProducts = PRODUCTS.filter((entry) => entry.traded);
  const usdProducts = tradedProducts.filter((entry) => entry.quote === 'USD');
  const otherProducts = tradedProducts.filter((entry) => entry.quote !== 'USD');

  const nativeUsd = (code: string, amount: DecimalValue, timeMs: number): string =>
    fixed(amount.times(decimalFromNumber(prices.usd(code, timeMs))).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), 2);

  function pushTransaction(code: string, timeMs: number, type: string, amount: string, extra: Record<string, unknown>): V2Transaction {
    const account = accountOf.get(code)!;
    const id = random.uuid();
    const createdAt = isoSeconds(timeMs);
    const record: V2Transaction = {
      id,
      type,
      status: 'completed',
      amount: { amount, currency: code },
      native_amount: { amount: nativeUsd(code, new Decimal(amount), timeMs), currency: 'USD' },
      description: null,
      created_at: createdAt,
      updated_at: isoSeconds(timeMs + random.int(0, 600) * 1000),
      resource: 'transaction',
      resource_path: `/v2/accounts/${account.uuid}/transactions/${id}`,
      instant_exchange: false,
      ...extra,
      hide_native_amount: false,
    };
    seq += 1;
    account.transactions.push({ seq, timeMs, record });
    byType[type] = (byType[type] ?? 0) + 1;
    return record;
  }

  function fiatDeposit(timeMs: number, amount: DecimalValue): void {
    const usd = accountOf.get('USD')!;
    const depositId = random.uuid();
    const text = fixed(amount, 2);
    const transaction = pushTransaction('USD', timeMs, 'fiat_deposit', text, {
      fiat_deposit: { id: depositId, resource: 'fiat_deposit', resource_path: `/v2/accounts/${usd.uuid}/deposits/${depositId}` },
      details: { title: 'Deposited funds', subtitle: 'From Bank Account ••••6789', payment_method_name: 'Bank Account ••••6789' },
    });
    const resource: FiatTransfer = {
      id: depositId,
      status: 'completed',
      payment_method: { id: paymentMethodId, resource: 'payment_method', resource_path: `/v2/payment-methods/${paymentMethodId}` },
      transaction: { id: transaction.id, resource: 'transaction', resource_path: transaction.resource_path },
      user_reference: random.hex(6).toUpperCase(),
      created_at: transaction.created_at,
      updated_at: transaction.updated_at,
      resource: 'deposit',
      resource_path: `/v2/accounts/${usd.uuid}/deposits/${depositId}`,
      committed: true,
      payout_at: isoSeconds(timeMs + 3 * DAY_MS),
      instant: false,
      fee: { amount: '0.00', currency: 'USD' },
      amount: { amount: text, currency: 'USD' },
      subtotal: { amount: text, currency: 'USD' },
      hold_until: null,
      hold_days: 0,
      hold_business_days: 0,
      next_step: null,
    };
    usd.deposits.push({ seq, timeMs, record: resource });
    move('USD', amount);
    transactionTotals.add('USD', 'received', text);
    depositTotals.add('USD', 'received', text);
  }

  function fiatWithdrawal(timeMs: number): boolean {
    const available = balance('USD');
    if (available.lessThan(50)) return false;
    const amount = available.times(decimalFromNumber(0.1 + random.next() * 0.6)).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const usd = accountOf.get('USD')!;
    const withdrawalId = random.uuid();
    const text = fixed(amount, 2);
    const transaction = pushTransaction('USD', timeMs, 'fiat_withdrawal', `-${text}`, {
      fiat_withdrawal: { id: withdrawalId, resource: 'fiat_withdrawal', resource_path: `/v2/accounts/${usd.uuid}/withdrawals/${withdrawalId}` },
      details: { title: 'Withdrew funds', subtitle: 'To Bank Account ••••6789', payment_method_name: 'Bank Account ••••6789' },
    });
    const resource: FiatTransfer = {
      id: withdrawalId,
      status: 'completed',
      payment_method: { id: paymentMethodId, resource: 'payment_method', resource_path: `/v2/payment-methods/${paymentMethodId}` },
      transaction: { id: transaction.id, resource: 'transaction', resource_path: transaction.resource_path },
      user_reference: random.hex(6).toUpperCase(),
      created_at: transaction.created_at,
      updated_at: transaction.updated_at,
      resource: 'withdrawal',
      resource_path: `/v2/accounts/${usd.uuid}/withdrawals/${withdrawalId}`,
      committed: true,
      payout_at: isoSeconds(timeMs + 2 * DAY_MS),
      instant: false,
      fee: { amount: '0.00', currency: 'USD' },
      amount: { amount: text, currency: 'USD' },
      subtotal: { amount: text, currency: 'USD' },
      idem: random.uuid(),
      next_step: null,
    };
    usd.withdrawals.push({ seq, timeMs, record: resource });
    move('USD', amount.negated());
    transactionTotals.add('USD', 'sent', text);
    withdrawalTotals.add('USD', 'sent', text);
    return true;
  }

  function cryptoAmount(code: string, usdValue: number, timeMs: number): DecimalValue {
    const currency = catalogCurrency(code);
    return decimalFromNumber(usdValue / prices.usd(code, timeMs)).toDecimalPlaces(currency.exponent, Decimal.ROUND_DOWN);
  }

  function receive(timeMs: number): void {
    const currency = random.pick(activeCrypto);
    let amount = cryptoAmount(currency.code, 50 * Math.pow(10, random.next() * 2.3), timeMs);
    if (amount.isZero()) amount = new Decimal(1).dividedBy(new Decimal(10).pow(currency.exponent));
    const text = fixed(amount, currency.exponent);
    pushTransaction(currency.code, timeMs, 'send', text, {
      network: { status: 'confirmed', hash: random.hex(64), network_name: currency.network },
      from: { resource: `${currency.network}_network`, currency: currency.code },
      details: { title: `Received ${currency.name}`, subtitle: `From ${currency.name} address` },
    });
    move(currency.code, amount);
    transactionTotals.add(currency.code, 'received', text);
  }

  function send(timeMs: number): boolean {
    const candidates = activeCrypto.filter((entry) => balance(entry.code).greaterThan(0));
    if (candidates.length === 0) return false;
    const currency = random.pick(candidates);
    const held = balance(currency.code);
    // A network fee worth a few cents to a few dollars, in the asset itself.
    const fee = cryptoAmount(currency.code, 0.05 + random.next() * 4, timeMs);
    const room = held.minus(fee);
    if (room.lessThanOrEqualTo(0)) return false;
    const amount = room.times(decimalFromNumber(0.1 + random.next() * 0.8)).toDecimalPlaces(currency.exponent, Decimal.ROUND_DOWN);
    if (amount.isZero()) return false;
    const debit = amount.plus(fee);
    const address = `0x${random.hex(40)}`;
    pushTransaction(currency.code, timeMs, 'send', `-${fixed(debit, currency.exponent)}`, {
      network: {
        status: 'confirmed',
        hash: random.hex(64),
        network_name: currency.network,
        transaction_fee: { amount: fixed(fee, currency.exponent), currency: currency.code },
        transaction_amount: { amount: fixed(amount, currency.exponent), currency: currency.code },
        confirmations: random.int(6, 20000),
      },
      to: { resource: `${currency.network}_address`, address, currency: currency.code, address_info: { address } },
      idem: random.uuid(),
      details: { title: `Sent ${currency.name}`, subtitle: `To ${currency.name} address` },
    });
    move(currency.code, debit.negated());
    transactionTotals.add(currency.code, 'sent', amount.toFixed());
    transactionTotals.add(currency.code, 'fees', fee.toFixed());
    return true;
  }

  function reward(timeMs: number, type: 'staking_reward' | 'interest'): boolean {
    const candidates = type === 'interest' ? [catalogCurrency('USDC')] : activeCrypto.filter((entry) => entry.stakes);
    const holding = candidates.filter((entry) => balance(entry.code).greaterThan(0));
    if (holding.length === 0) return false;
    const currency = random.pick(holding);
    const amount = balance(currency.code).times(decimalFromNumber(0.0001 + random.next() * 0.0012)).toDecimalPlaces(currency.exponent, Decimal.ROUND_DOWN);
    if (amount.isZero()) return false;
    const text = fixed(amount, currency.exponent);
    pushTransaction(currency.code, timeMs, type, text, {
      details: type === 'interest' ? { title: 'USDC reward', subtitle: 'From Coinbase' } : { title: 'Staking income', subtitle: `${currency.name} staking reward` },
    });
    move(currency.code, amount);
    transactionTotals.add(currency.code, 'received', text);
    return true;
  }

  function convert(timeMs: number): boolean {
    const candidates = activeCrypto.filter((entry) => balance(entry.code).greaterThan(0));
    if (candidates.length === 0) return false;
    const from = random.pick(candidates);
    const to = random.pick(activeCrypto.filter((entry) => entry.code !== from.code));
    const sent = balance(from.code).times(decimalFromNumber(0.1 + random.next() * 0.5)).toDecimalPlaces(from.exponent, Decimal.ROUND_DOWN);
    // The conversion's cost is in its rate (about 1%), not a separate fee.
    const received = sent
      .times(decimalFromNumber((prices.usd(from.code, timeMs) / prices.usd(to.code, timeMs)) * 0.99))
      .toDecimalPlaces(to.exponent, Decimal.ROUND_DOWN);
    if (sent.isZero() || received.isZero()) return false;
    const tradeId = random.uuid();
    const sentText = fixed(sent, from.exponent);
    const receivedText = fixed(received, to.exponent);
    pushTransaction(from.code, timeMs, 'trade', `-${sentText}`, {
      trade: { id: tradeId, resource: 'trade', resource_path: `/v2/accounts/${accountOf.get(from.code)!.uuid}/trades/${tradeId}` },
      details: { title: `Converted from ${from.name}`, subtitle: `Using ${from.name} Wallet` },
    });
    pushTransaction(to.code, timeMs, 'trade', receivedText, {
      trade: { id: tradeId, resource: 'trade', resource_path: `/v2/accounts/${accountOf.get(to.code)!.uuid}/trades/${tradeId}` },
      details: { title: `Converted to ${to.name}`, subtitle: `Using ${from.name} Wallet` },
    });
    move(from.code, sent.negated());
    move(to.code, received);
    transactionTotals.add(from.code, 'sent', sentText);
    transactionTotals.add(to.code, 'received', receivedText);
    return true;
  }

  function fill(timeMs: number, productEntry: CatalogProduct, side: 'BUY' | 'SELL', orderId: string, usdValue: number, sizeInQuote: boolean): boolean {
    const { base, quote } = productEntry;
    const priceNumber = prices.usd(base, timeMs) / prices.usd(quote, timeMs);
    let price = decimalFromNumber(priceNumber).toNearest(productEntry.quoteIncrement, Decimal.ROUND_HALF_UP);
    if (price.lessThanOrEqualTo(0)) price = new Decimal(productEntry.quoteIncrement);
    const increment = new Decimal(productEntry.baseIncrement);
    let size = decimalFromNumber(usdValue / prices.usd(base, timeMs)).toNearest(increment, Decimal.ROUND_DOWN);
    if (side === 'SELL') size = Decimal.min(size, balance(base).toNearest(increment, Decimal.ROUND_DOWN));
    if (size.lessThan(increment)) return false;
    const value = size.times(price);
    const maker = random.chance(0.35);
    const commission = value.times(random.pick(maker ? MAKER_RATES : TAKER_RATES));
    if (side === 'BUY') {
      const cost = value.plus(commission);
      if (balance(quote).lessThan(cost)) {
        if (quote !== 'USD') return false;
        // Top up with a bank deposit just before (slots are at least 4 s apart, so it still
        // lands after the previous event), as a user funding a purchase would.
        const topUp = cost.minus(balance(quote)).plus(random.int(200, 5000)).toDecimalPlaces(2, Decimal.ROUND_UP);
        fiatDeposit(timeMs - random.int(1, 3) * 1000, topUp);
      }
      move(base, size);
      move(quote, cost.negated());
      fillTotals.add(base, 'received', size.toFixed());
      fillTotals.add(quote, 'sent', value.toFixed());
    } else {
      move(base, size.negated());
      move(quote, value.minus(commission));
      fillTotals.add(base, 'sent', size.toFixed());
      fillTotals.add(quote, 'received', value.toFixed());
    }
    fillTotals.add(quote, 'fees', commission.toFixed());

    const tradeTime = isoFraction(timeMs, String(random.int(0, 999999)).padStart(6, '0'));
    const record: Fill = {
      entry_id: random.hex(64),
      trade_id: random.uuid(),
      order_id: orderId,
      trade_time: tradeTime,
      trade_type: 'FILL',
      price: price.toFixed(),
      // size_in_quote: the order was placed by quote amount and the fill reports its size in
      // the quote currency; value = size × price exactly, so size / price gives the base back.
      size: sizeInQuote ? value.toFixed() : size.toFixed(),
      commission: commission.toFixed(),
      product_id: productEntry.id,
      sequence_timestamp: isoFraction(timeMs + random.int(0, 2), String(random.int(0, 999)).padStart(3, '0')),
      liquidity_indicator: maker ? 'MAKER' : 'TAKER',
      size_in_quote: sizeInQuote,
      user_id: userId,
      side,
      retail_portfolio_id: portfolioUuid,
    };
    seq += 1;
    fills.push({ seq, timeMs, record });

    if (options.mirrorFillsInV2) {
      const mirror = { fill_price: record.price, product_id: record.product_id, order_id: orderId, commission: record.commission, order_side: side.toLowerCase() };
      const baseAmount = side === 'BUY' ? size : size.negated();
      const quoteAmount = side === 'BUY' ? value.plus(commission).negated() : value.minus(commission);
      const title = `${side === 'BUY' ? 'Bought' : 'Sold'} ${catalogCurrency(base).name}`;
      pushTransaction(base, timeMs, 'advanced_trade_fill', baseAmount.toFixed(), {
        advanced_trade_fill: mirror,
        details: { title, subtitle: `Advanced Trade ${record.product_id}` },
      });
      pushTransaction(quote, timeMs, 'advanced_trade_fill', quoteAmount.toFixed(), {
        advanced_trade_fill: mirror,
        details: { title, subtitle: `Advanced Trade ${record.product_id}` },
      });
    }
    return true;
  }

  function order(timeMs: number): number {
    // Mostly USD books; the other quotes need a balance in that quote first.
    const productEntry = random.chance(0.75) ? random.pick(usdProducts) : random.pick(otherProducts);
    const holds = balance(productEntry.base).greaterThan(0);
    const side: 'BUY' | 'SELL' = holds && random.chance(0.45) ? 'SELL' : 'BUY';
    const parts = random.weighted<number>([[1, 70], [2, 20], [3, 10]]);
    const orderId = random.uuid();
    const usdValue = 10 * Math.pow(10, random.next() * 2.6);
    const sizeInQuote = side === 'BUY' && random.chance(0.15);
    let made = 0;
    let offsetMs = 0;
    for (let part = 0; part < parts; part += 1) {
      if (fill(timeMs + offsetMs, productEntry, side, orderId, usdValue / parts, sizeInQuote)) made += 1;
      offsetMs += random.int(1, 900);
    }
    return made;
  }

  // A timeline of slots, each an order or one other balance change, spread over the years.
  const orderSlots = Math.round(options.fills / 1.4);
  const slotCount = orderSlots + options.transfers;
  const span = options.endMs - options.startMs;
  const times = Array.from({ length: slotCount }, () => options.startMs + Math.floor(random.next() * span)).sort((a, b) => a - b);
  const isOrder = Array.from({ length: slotCount }, (_, index) => index < orderSlots);
  for (let index = slotCount - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [isOrder[index], isOrder[other]] = [isOrder[other]!, isOrder[index]!];
  }
  // Start like a real account: money comes in before anything is bought.
  fiatDeposit(options.startMs - DAY_MS, new Decimal(random.int(2000, 9000)));
  for (let index = 0; index < slotCount; index += 1) {
    // Keep time moving forward even when slots collide, so seq order and time order agree.
    const timeMs = Math.max(times[index]!, lastTime + 4000);
    lastTime = timeMs;
    if (isOrder[index]) {
      order(timeMs);
      continue;
    }
    const kind = random.weighted(TRANSFER_WEIGHTS);
    const done =
      kind === 'fiat_deposit'
        ? (fiatDeposit(timeMs, new Decimal(random.int(100, 20000)).plus(new Decimal(random.int(0, 99)).dividedBy(100))), true)
        : kind === 'fiat_withdrawal'
          ? fiatWithdrawal(timeMs)
          : kind === 'send'
            ? send(timeMs)
            : kind === 'staking_reward' || kind === 'interest'
              ? reward(timeMs, kind)
              : kind === 'convert'
                ? convert(timeMs)
                : false;
    // Anything that could not happen (nothing to send, nothing staked) becomes a receipt.
    if (!done) receive(timeMs);
  }

  for (const account of accounts) {
    account.balance = toDecimalText(balance(account.currency.code));
    // Top-up deposits are dated before the fill that needed them: keep every list in time order.
    account.transactions.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
    account.deposits.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
  }

  const assets = new Totals();
  assets.addAll(fillTotals);
  assets.addAll(transactionTotals);
  const net = assets.net();
  for (const [code, amount] of Object.entries(net)) {
    if (!new Decimal(amount).equals(balance(code))) throw new Error(`fake coinbase history: ${code} totals ${amount} disagree with the balance ${balance(code).toFixed()}`);
  }

  const lastPriceUsd: Record<string, string> = {};
  for (const currency of CURRENCIES) lastPriceUsd[currency.code] = decimalFromNumber(prices.usd(currency.code, options.endMs)).toFixed();

  const records: HistoryRecords = { options, userId, portfolioUuid, fills, accounts, products: PRODUCTS, currencies: CURRENCIES, lastPriceUsd };
  // The truth is read back from the records as served; it must agree with what was simulated.
  const truth = truthUntil(records);
  const simulated = {
    fills: fillTotals.toJSON(),
    transactions: transactionTotals.toJSON(),
    byType,
    deposits: depositTotals.toJSON(),
    withdrawals: withdrawalTotals.toJSON(),
    assets: assets.toJSON(),
  };
  const readBack = {
    fills: truth.fills.assets,
    transactions: truth.transactions.assets,
    byType: truth.transactions.byType,
    deposits: truth.deposits.assets,
    withdrawals: truth.withdrawals.assets,
    assets: truth.assets,
  };
  for (const key of Object.keys(simulated) as (keyof typeof simulated)[]) {
    if (canonicalJson(simulated[key]) !== canonicalJson(readBack[key])) {
      throw new Error(`fake coinbase history: the ${key} read back from the records disagree with the simulation`);
    }
  }
  return { ...records, truth };
}

export type HistoryRecords = Omit<CoinbaseHistory, 'truth'>;

/** JSON with object keys sorted at every level, to compare values regardless of key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

function addFillRecord(totals: Totals, fill: Fill): void {
  const [base, quote] = fill.product_id.split('-') as [string, string];
  const price = new Decimal(fill.price);
  const size = new Decimal(fill.size);
  const baseAmount = fill.size_in_quote ? size.dividedBy(price) : size;
  const quoteAmount = fill.size_in_quote ? size : size.times(price);
  totals.add(base, fill.side === 'BUY' ? 'received' : 'sent', baseAmount.toFixed());
  totals.add(quote, fill.side === 'BUY' ? 'sent' : 'received', quoteAmount.toFixed());
  totals.add(quote, 'fees', fill.commission);
}

function addTransactionRecord(totals: Totals, transaction: V2Transaction): void {
  if (transaction.type === 'advanced_trade_fill') return; // mirrors a fill
  const { amount, currency } = transaction.amount;
  if (!amount.startsWith('-')) {
    totals.add(currency, 'received', amount);
    return;
  }
  const network = transaction.network as { transaction_amount?: Money; transaction_fee?: Money } | undefined;
  if (transaction.type === 'send' && network?.transaction_amount && network.transaction_fee) {
    totals.add(network.transaction_amount.currency, 'sent', network.transaction_amount.amount);
    totals.add(network.transaction_fee.currency, 'fees', network.transaction_fee.amount);
    return;
  }
  totals.add(currency, 'sent', amount);
}

/**
 * The truth of the records dated up to `untilMs` (all of them by default), read from the
 * records as the fake serves them: what a complete sync of the history so far must hold.
 */
export function truthUntil(history: HistoryRecords, untilMs = Number.POSITIVE_INFINITY): CoinbaseTruth {
  const fillTotals = new Totals();
  let fillCount = 0;
  for (const { timeMs, record } of history.fills) {
    if (timeMs > untilMs) break;
    fillCount += 1;
    addFillRecord(fillTotals, record);
  }
  const transactionTotals = new Totals();
  const depositTotals = new Totals();
  const withdrawalTotals = new Totals();
  const byType: Record<string, number> = {};
  let transactionCount = 0;
  let depositCount = 0;
  let withdrawalCount = 0;
  let withTransactions = 0;
  for (const account of history.accounts) {
    let visible = 0;
    for (const { timeMs, record } of account.transactions) {
      if (timeMs > untilMs) break;
      visible += 1;
      byType[record.type] = (byType[record.type] ?? 0) + 1;
      addTransactionRecord(transactionTotals, record);
    }
    transactionCount += visible;
    if (visible > 0) withTransactions += 1;
    for (const { timeMs, record } of account.deposits) {
      if (timeMs > untilMs) break;
      depositCount += 1;
      depositTotals.add(record.amount.currency, 'received', record.amount.amount);
    }
    for (const { timeMs, record } of account.withdrawals) {
      if (timeMs > untilMs) break;
      withdrawalCount += 1;
      withdrawalTotals.add(record.amount.currency, 'sent', record.amount.amount);
    }
  }
  const assets = new Totals();
  assets.addAll(fillTotals);
  assets.addAll(transactionTotals);
  return {
    fills: { count: fillCount, assets: fillTotals.toJSON() },
    transactions: { count: transactionCount, byType, assets: transactionTotals.toJSON() },
    deposits: { count: depositCount, assets: depositTotals.toJSON() },
    withdrawals: { count: withdrawalCount, assets: withdrawalTotals.toJSON() },
    accounts: { count: history.accounts.length, withTransactions },
    assets: assets.toJSON(),
    balances: assets.net(),
  };
}
