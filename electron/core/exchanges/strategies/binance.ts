// Binance (spot). Binance has no single history: each kind of record has its own endpoint
// and its own limits, read here through ccxt's implicit methods so the exchange's exact
// decimal strings and ids reach the ledger:
//   deposits, withdrawals   /sapi/v1/capital/{deposit/hisrec, withdraw/history}, 90-day windows
//   convert                 /sapi/v1/convert/tradeFlow, 30-day windows (a wider one answers
//                           an empty list, not an error)
//   dust                    /sapi/v1/asset/dribblet (small balances converted to BNB)
//   dividends               /sapi/v1/asset/assetDividend, 180-day windows (staking, savings,
//                           launchpool, airdrops)
//   trades                  /api/v3/myTrades per market, by fromId, 1000 a page
// Trades exist only per market, so the markets to read are discovered when the trades
// stream starts (after the other streams have run): every spot market whose two assets the
// account holds now, has held (anything stored for this account), or that the user listed.
// A market traded in and emptied without any deposit or withdrawal of its asset can only be
// found through that list (`symbols` in the account's settings).
import { emptyDraft, type TransactionDraft, type TransactionType } from '../../../../shared/transaction.ts';
import { normalizeAsset } from '../../../../shared/assets.ts';
import { parseDecimal, toDecimalText } from '../../../../shared/money.ts';
import type { ExchangeClient } from '../exchange-client.ts';
import { MalformedResponseError } from '../failures.ts';
import type { ExchangeCall, StreamPage, SyncStream } from '../sync-stream.ts';
import { answerList, answerObject } from './answer-shape.ts';
import type { KeyPermissions, StrategyContext, SyncStrategy } from './sync-strategy.ts';
import { windowedStream, type WindowAnswer } from './time-windows.ts';

type Draft = TransactionDraft & { externalId: string };
type Api = Record<string, (params?: Record<string, unknown>) => Promise<unknown>>;

const DAY = 86_400_000;
const LAUNCH = Date.UTC(2017, 6, 1);
const CONVERT_LAUNCH = Date.UTC(2019, 0, 1);
const DUST_LAUNCH = Date.UTC(2020, 11, 1);
const TRADES_PAGE = 1000;

const list = <T>(value: unknown, what: string) => answerList<T>('Binance', value, what);
const object = <T>(value: unknown, what: string) => answerObject<T>('Binance', value, what);

function api(client: ExchangeClient): Api {
  return client as unknown as Api;
}


/** A positive amount as canonical text; a bad one is a malformed answer, retried. */
function amount(value: unknown, what: string): string {
  const parsed = parseDecimal(String(value ?? ''));
  if (parsed === null || parsed.isNegative()) throw new MalformedResponseError(`Binance ${what}: "${String(value)}" is not an amount`);
  return toDecimalText(parsed);
}



/** `2024-01-02 03:04:05` (UTC, as Binance writes withdrawal times) or epoch ms. */
function binanceTime(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new MalformedResponseError(`Binance: "${text}" is not a time`);
  return ms;
}

interface Deposit { id: string; amount: string; coin: string; status: number; txId: string; insertTime: number }
interface Withdrawal { id: string; amount: string; transactionFee: string; coin: string; status: number; txId: string; applyTime: string }
interface Convert { orderId: string | number; orderStatus: string; fromAsset: string; fromAmount: string; toAsset: string; toAmount: string; createTime: number | string }
interface DustDetail { transId: number | string; serviceChargeAmount: string; amount: string; operateTime: number | string; transferedAmount: string; fromAsset: string }
interface Dividend { id: number | string; amount: string; asset: string; divTime: number | string; enInfo: string; direction?: number | string }
interface MyTrade { id: number | string; price: string; qty: string; quoteQty: string; commission: string; commissionAsset: string; time: number | string; isBuyer: boolean }

function depositDraft(d: Deposit): Draft | null {
  if (d.status !== 1 && d.status !== 6) return null; // pending, or a wrong deposit not credited
  const draft = emptyDraft(binanceTime(d.insertTime), 'deposit', `deposit:${d.id}`, d);
  draft.receivedAsset = normalizeAsset(d.coin);
  draft.receivedAmount = amount(d.amount, 'deposit');
  draft.txHash = d.txId || null;
  return draft.receivedAmount === '0' ? null : draft;
}

function withdrawalDraft(w: Withdrawal): Draft | null {
  if (w.status !== 6) return null; // cancelled, rejected, failed or still processing
  const draft = emptyDraft(binanceTime(w.applyTime), 'withdrawal', `withdrawal:${w.id}`, w);
  draft.sentAsset = normalizeAsset(w.coin);
  draft.sentAmount = amount(w.amount, 'withdrawal');
  const fee = amount(w.transactionFee ?? '0', 'withdrawal fee');
  if (fee !== '0') {
    draft.feeAsset = draft.sentAsset;
    draft.feeAmount = fee;
  }
  draft.txHash = w.txId || null;
  return draft;
}

function convertDraft(c: Convert): Draft | null {
  if (c.orderStatus !== 'SUCCESS') return null;
  const draft = emptyDraft(binanceTime(c.createTime), 'trade', `convert:${String(c.orderId)}`, c);
  draft.sentAsset = normalizeAsset(c.fromAsset);
  draft.sentAmount = amount(c.fromAmount, 'convert');
  draft.receivedAsset = normalizeAsset(c.toAsset);
  draft.receivedAmount = amount(c.toAmount, 'convert');
  draft.label = 'Binance Convert';
  return draft;
}

function dustDraft(d: DustDetail): Draft {
  // Binance credits the BNB after its service charge; the ledger keeps the gross amount
  // received and the charge as the fee, so the BNB balance gains exactly what was credited.
  const draft = emptyDraft(binanceTime(d.operateTime), 'trade', `dust:${String(d.transId)}:${d.fromAsset}`, d);
  draft.sentAsset = normalizeAsset(d.fromAsset);
  draft.sentAmount = amount(d.amount, 'dust');
  const credited = parseDecimal(amount(d.transferedAmount, 'dust'))!;
  const charge = parseDecimal(amount(d.serviceChargeAmount, 'dust'))!;
  draft.receivedAsset = 'BNB';
  draft.receivedAmount = toDecimalText(credited.plus(charge));
  if (!charge.isZero()) {
    draft.feeAsset = 'BNB';
    draft.feeAmount = toDecimalText(charge);
  }
  draft.label = 'Small assets exchange BNB';
  return draft;
}

/** What a dividend's description says it is. */
function dividendType(enInfo: string): TransactionType {
  const text = enInfo.toLowerCase();
  if (/airdrop|distribution|megadrop|hodler/.test(text)) return 'airdrop';
  if (/interest|savings/.test(text)) return 'interest';
  if (/staking|launchpool|vault|earn|pos|mining/.test(text)) return 'staking';
  return 'income';
}

function dividendDraft(d: Dividend): Draft {
  const debit = Number(d.direction ?? 1) < 0;
  const draft = emptyDraft(binanceTime(d.divTime), debit ? 'withdrawal' : dividendType(d.enInfo ?? ''), `dividend:${String(d.id)}`, d);
  const asset = normalizeAsset(d.asset);
  if (debit) {
    draft.sentAsset = asset;
    draft.sentAmount = amount(d.amount, 'dividend');
  } else {
    draft.receivedAsset = asset;
    draft.receivedAmount = amount(d.amount, 'dividend');
  }
  draft.label = d.enInfo ?? null;
  return draft;
}

function tradeDraft(t: MyTrade, symbol: string, base: string, quote: string): Draft {
  const draft = emptyDraft(binanceTime(t.time), 'trade', `trade:${symbol}:${String(t.id)}`, t);
  const qty = amount(t.qty, 'trade');
  const quoteQty = amount(t.quoteQty, 'trade');
  if (t.isBuyer) {
    draft.receivedAsset = base;
    draft.receivedAmount = qty;
    draft.sentAsset = quote;
    draft.sentAmount = quoteQty;
  } else {
    draft.sentAsset = base;
    draft.sentAmount = qty;
    draft.receivedAsset = quote;
    draft.receivedAmount = quoteQty;
  }
  const commission = amount(t.commission, 'trade commission');
  if (commission !== '0') {
    draft.feeAsset = normalizeAsset(t.commissionAsset);
    draft.feeAmount = commission;
  }
  draft.label = `${t.isBuyer ? 'buy' : 'sell'} ${symbol}`;
  return draft;
}

function fundingStream(client: ExchangeClient, kind: 'deposits' | 'withdrawals', now: () => number): SyncStream {
  return windowedStream({
    name: kind,
    from: LAUNCH,
    windowMs: 90 * DAY,
    now,
    async read(start, end, call): Promise<WindowAnswer> {
      const method = kind === 'deposits' ? 'sapiGetCapitalDepositHisrec' : 'sapiGetCapitalWithdrawHistory';
      const records = await call(async () => list<Deposit & Withdrawal>(await api(client)[method]!({ startTime: start, endTime: end, limit: 1000 }), kind));
      const drafts = records.flatMap((r) => (kind === 'deposits' ? depositDraft(r) : withdrawalDraft(r)) ?? []);
      return { drafts, truncated: records.length >= 1000 };
    },
  }) as SyncStream;
}

function convertStream(client: ExchangeClient, now: () => number): SyncStream {
  return windowedStream({
    name: 'convert',
    from: CONVERT_LAUNCH,
    windowMs: 30 * DAY,
    now,
    async read(start, end, call) {
      const answer = await call(async () =>
        object<{ list?: unknown; moreData?: unknown }>(await api(client)['sapiGetConvertTradeFlow']!({ startTime: start, endTime: end, limit: 1000 }), 'convert'),
      );
      const records = list<Convert>(answer.list ?? [], 'convert');
      return { drafts: records.flatMap((r) => convertDraft(r) ?? []), truncated: answer.moreData === true || answer.moreData === 'true' };
    },
  }) as SyncStream;
}

function dustStream(client: ExchangeClient, now: () => number): SyncStream {
  return windowedStream({
    name: 'dust',
    from: DUST_LAUNCH,
    windowMs: 90 * DAY,
    now,
    async read(start, end, call) {
      const answer = await call(async () =>
        object<{ total?: unknown; userAssetDribblets?: unknown }>(await api(client)['sapiGetAssetDribblet']!({ startTime: start, endTime: end }), 'dust'),
      );
      const conversions = list<{ userAssetDribbletDetails?: unknown }>(answer.userAssetDribblets ?? [], 'dust');
      const details = conversions.flatMap((c) => list<DustDetail>(c.userAssetDribbletDetails ?? [], 'dust details'));
      // Binance answers only the last 100 conversions of a window; `total` counts them all.
      return { drafts: details.map(dustDraft), truncated: Number(answer.total ?? 0) > conversions.length };
    },
  }) as SyncStream;
}

function dividendStream(client: ExchangeClient, now: () => number): SyncStream {
  return windowedStream({
    name: 'dividends',
    from: LAUNCH,
    windowMs: 180 * DAY,
    now,
    async read(start, end, call) {
      const answer = await call(async () =>
        object<{ rows?: unknown; total?: unknown }>(await api(client)['sapiGetAssetAssetDividend']!({ startTime: start, endTime: end, limit: 500 }), 'dividends'),
      );
      const rows = list<Dividend>(answer.rows ?? [], 'dividends');
      return { drafts: rows.map(dividendDraft), truncated: rows.length >= 500 || Number(answer.total ?? 0) > rows.length };
    },
  }) as SyncStream;
}

interface TradesCursor {
  /** Next trade id to read, per market (Binance's symbol id). */
  fromIds: Record<string, number>;
  /** The markets of this pass, found when it starts; null → discover them. */
  symbols: string[] | null;
  index: number;
}

function tradesStream(context: StrategyContext): SyncStream<TradesCursor> {
  const { client } = context;
  return {
    name: 'trades',
    start: { fromIds: {}, symbols: null, index: 0 },
    async read(cursor, call): Promise<StreamPage<TradesCursor>> {
      let state = cursor;
      if (state.symbols === null) state = { ...state, symbols: await discoverMarkets(context, call, context.storedAssets()), index: 0 };
      const symbols = state.symbols!;
      const symbol = symbols[state.index];
      if (symbol === undefined) {
        return { drafts: [], cursor: { fromIds: state.fromIds, symbols: null, index: 0 }, caughtUp: true, full: false, progress: 1 };
      }
      const market = client.markets_by_id?.[symbol]?.[0];
      if (!market) throw new MalformedResponseError(`Binance: market ${symbol} is not in the market list`);
      const fromId = state.fromIds[symbol] ?? 0;
      const trades = await call(async () =>
        list<MyTrade>(await api(client)['privateGetMyTrades']!({ symbol, fromId, limit: TRADES_PAGE }), `trades of ${symbol}`),
      );
      const base = normalizeAsset(market.baseId);
      const quote = normalizeAsset(market.quoteId);
      const drafts = trades.map((t) => tradeDraft(t, symbol, base, quote));
      // ccxt does not reorder the raw answer, but take the highest id anyway, not the last.
      const lastId = trades.reduce((max, t) => Math.max(max, Number(t.id)), fromId - 1);
      const fromIds = { ...state.fromIds, [symbol]: lastId + 1 };
      const done = trades.length < TRADES_PAGE;
      const next: TradesCursor = { fromIds, symbols, index: done ? state.index + 1 : state.index };
      const finished = done && next.index >= symbols.length;
      return {
        drafts,
        cursor: finished ? { fromIds, symbols: null, index: 0 } : next,
        caughtUp: finished,
        full: !done,
        progress: (state.index + (done ? 1 : 0.5)) / symbols.length,
      };
    },
  };
}

/** Spot markets whose two assets the account holds now, has held, or the user listed. */
async function discoverMarkets(context: StrategyContext, call: ExchangeCall, stored: string[]): Promise<string[]> {
  const { client, settings } = context;
  await call(() => client.loadMarkets(true));
  const account = await call(async () => object<{ balances?: unknown }>(await api(client)['privateGetAccount']!({}), 'account'));
  const assets = new Set(stored);
  for (const balance of list<{ asset: string; free: string; locked: string }>(account.balances ?? [], 'balances')) {
    const held = parseDecimal(balance.free)?.plus(parseDecimal(balance.locked) ?? 0);
    if (held && !held.isZero()) assets.add(normalizeAsset(balance.asset));
  }
  const listed = new Set((settings.symbols ?? []).map((s) => s.replace('/', '').toUpperCase()));
  const markets = Object.values(client.markets ?? {}).filter((m) => m.spot && m.id !== undefined);
  const symbols = markets
    .filter((m) => listed.has(m.id!) || (assets.has(normalizeAsset(m.baseId)) && assets.has(normalizeAsset(m.quoteId))))
    .map((m) => m.id!);
  return [...new Set(symbols)].sort();
}

export const binanceStrategy: SyncStrategy = {
  async streams(context) {
    return [
      fundingStream(context.client, 'deposits', context.now),
      fundingStream(context.client, 'withdrawals', context.now),
      convertStream(context.client, context.now),
      dustStream(context.client, context.now),
      dividendStream(context.client, context.now),
      tradesStream(context) as SyncStream,
    ];
  },

  async checkKey({ client, call }): Promise<KeyPermissions> {
    const r = await call(async () =>
      object<Record<string, unknown>>(await api(client)['sapiGetAccountApiRestrictions']!({}), 'apiRestrictions'),
    );
    const on = (name: string) => r[name] === true;
    return {
      canRead: on('enableReading'),
      canTrade: on('enableSpotAndMarginTrading') || on('enableMargin') || on('enableFutures') || on('enablePortfolioMarginTrading'),
      canWithdraw: on('enableWithdrawals') || on('enableInternalTransfer') || on('permitsUniversalTransfer'),
      source: 'Binance apiRestrictions',
    };
  },
};
