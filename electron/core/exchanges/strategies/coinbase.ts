// Coinbase (Advanced Trade and the retail app, one account). Two streams:
//   fills         /api/v3/brokerage/orders/historical/fills, newest first by cursor. Each
//                 run reads from the newest fill already stored (start_sequence_timestamp,
//                 inclusive, so that fill is read again and skipped by its id).
//   transactions  /v2/accounts/:id/transactions for every account (a zero balance does not
//                 mean no history), oldest first from the last id read in each account:
//                 deposits and withdrawals of fiat and crypto (`send`: its sign says which),
//                 staking rewards, interest, and conversions (`trade`: two entries in two
//                 accounts, joined by trade id into one trade). `advanced_trade_fill`
//                 entries repeat the fills stream and are skipped.
// Both are read through ccxt's implicit methods: the unified ones hide the cursors and
// answer [] for a body cut short.
import { emptyDraft, type TransactionDraft, type TransactionType } from '../../../../shared/transaction.ts';
import { normalizeAsset } from '../../../../shared/assets.ts';
import { Decimal, parseDecimal, toDecimalText } from '../../../../shared/money.ts';
import type { ExchangeClient } from '../exchange-client.ts';
import { MalformedResponseError } from '../failures.ts';
import type { ExchangeCall, StreamPage, SyncStream } from '../sync-stream.ts';
import { answerList, answerObject } from './answer-shape.ts';
import type { KeyPermissions, StrategyContext, SyncStrategy } from './sync-strategy.ts';

type Draft = TransactionDraft & { externalId: string };
type Api = Record<string, (params?: Record<string, unknown>) => Promise<unknown>>;

const FILLS_PAGE = 250;
const V2_PAGE = 100;
// Coinbase writes CGLD for the coin the rest of the world calls CELO.
const COINBASE_ALIASES: Readonly<Record<string, string>> = { CGLD: 'CELO' };

const list = <T>(value: unknown, what: string) => answerList<T>('Coinbase', value, what);
const object = <T>(value: unknown, what: string) => answerObject<T>('Coinbase', value, what);
const api = (client: ExchangeClient) => client as unknown as Api;
const asset = (code: string) => normalizeAsset(COINBASE_ALIASES[code.toUpperCase()] ?? code);



function decimal(text: unknown, what: string): Decimal {
  const value = parseDecimal(String(text ?? ''));
  if (value === null) throw new MalformedResponseError(`Coinbase ${what}: "${String(text)}" is not a number`);
  return value;
}

function time(text: unknown, what: string): number {
  const ms = Date.parse(String(text));
  if (Number.isNaN(ms)) throw new MalformedResponseError(`Coinbase ${what}: "${String(text)}" is not a time`);
  return ms;
}


interface Fill {
  entry_id: string;
  trade_id: string;
  trade_time: string;
  price: string;
  size: string;
  commission: string;
  product_id: string;
  side: 'BUY' | 'SELL';
  size_in_quote: boolean;
  sequence_timestamp: string;
}

function fillDraft(fill: Fill): Draft {
  const [baseCode, quoteCode] = fill.product_id.split('-');
  if (!baseCode || !quoteCode) throw new MalformedResponseError(`Coinbase fill ${fill.entry_id}: product "${fill.product_id}"`);
  const price = decimal(fill.price, 'fill price');
  const size = decimal(fill.size, 'fill size');
  // An order placed by quote amount reports its fill's size in the quote currency.
  const baseAmount = fill.size_in_quote ? size.dividedBy(price) : size;
  const quoteAmount = fill.size_in_quote ? size : size.times(price);
  const draft = emptyDraft(time(fill.trade_time, 'fill time'), 'trade', `fill:${fill.entry_id}`, fill);
  const base = asset(baseCode);
  const quote = asset(quoteCode);
  if (fill.side === 'BUY') {
    Object.assign(draft, { receivedAsset: base, receivedAmount: toDecimalText(baseAmount), sentAsset: quote, sentAmount: toDecimalText(quoteAmount) });
  } else {
    Object.assign(draft, { sentAsset: base, sentAmount: toDecimalText(baseAmount), receivedAsset: quote, receivedAmount: toDecimalText(quoteAmount) });
  }
  const commission = decimal(fill.commission, 'commission');
  if (!commission.isZero()) Object.assign(draft, { feeAsset: quote, feeAmount: toDecimalText(commission) });
  draft.label = `${fill.side.toLowerCase()} ${fill.product_id}`;
  return draft;
}

interface FillsCursor {
  /** sequence_timestamp of the newest fill stored: the next run starts there. */
  after: string | null;
  window: { cursor: string; newest: string | null } | null;
}

function fillsStream(client: ExchangeClient): SyncStream<FillsCursor> {
  return {
    name: 'fills',
    start: { after: null, window: null },
    async read(cursor, call): Promise<StreamPage<FillsCursor>> {
      const params: Record<string, unknown> = { limit: FILLS_PAGE };
      if (cursor.window) params['cursor'] = cursor.window.cursor;
      if (cursor.after) params['start_sequence_timestamp'] = cursor.after;
      const answer = await call(async () => {
        const page = object<{ fills?: unknown; cursor?: unknown }>(await api(client)['v3PrivateGetBrokerageOrdersHistoricalFills']!(params), 'fills');
        return { fills: list<Fill>(page.fills, 'fills'), next: typeof page.cursor === 'string' ? page.cursor : '' };
      });
      const newest = cursor.window ? cursor.window.newest : (answer.fills[0]?.sequence_timestamp ?? cursor.after);
      const more = answer.next !== '' && answer.fills.length > 0;
      return {
        drafts: answer.fills.map(fillDraft),
        cursor: more ? { after: cursor.after, window: { cursor: answer.next, newest } } : { after: newest, window: null },
        caughtUp: !more,
        full: answer.fills.length >= FILLS_PAGE,
        progress: null,
      };
    },
  };
}

interface Money {
  amount: string;
  currency: string;
}

interface V2Transaction {
  id: string;
  type: string;
  status: string;
  amount: Money;
  native_amount?: Money;
  created_at: string;
  network?: { hash?: string; transaction_amount?: Money; transaction_fee?: Money };
  trade?: { id: string };
  description?: string | null;
}

const INCOME: Readonly<Record<string, TransactionType>> = {
  staking_reward: 'staking',
  inflation_reward: 'staking',
  interest: 'interest',
  earn_payout: 'reward',
};

function fiatValueOf(draft: Draft, record: V2Transaction): void {
  if (!record.native_amount) return;
  draft.fiatValue = toDecimalText(decimal(record.native_amount.amount, 'native amount').abs());
  draft.fiatCurrency = record.native_amount.currency;
}

/** One v2 transaction as a draft; a conversion leg goes to `legs` until its other half comes. */
function transactionDraft(record: V2Transaction, legs: Record<string, V2Transaction>): Draft | null {
  if (record.type === 'advanced_trade_fill' || record.status === 'failed' || record.status === 'canceled') return null;
  const value = decimal(record.amount.amount, 'amount');
  const code = asset(record.amount.currency);
  const at = time(record.created_at, 'created_at');
  if (record.type === 'trade' && record.trade?.id) {
    const other = legs[record.trade.id];
    if (!other) {
      legs[record.trade.id] = record;
      return null;
    }
    delete legs[record.trade.id];
    const [sent, received] = value.isNegative() ? [record, other] : [other, record];
    const draft = emptyDraft(Math.min(at, time(other.created_at, 'created_at')), 'trade', `convert:${record.trade.id}`, [sent, received]);
    draft.sentAsset = asset(sent.amount.currency);
    draft.sentAmount = toDecimalText(decimal(sent.amount.amount, 'amount').abs());
    draft.receivedAsset = asset(received.amount.currency);
    draft.receivedAmount = toDecimalText(decimal(received.amount.amount, 'amount').abs());
    fiatValueOf(draft, received);
    draft.label = 'convert';
    return draft;
  }
  const income = INCOME[record.type];
  const type: TransactionType = income ?? (value.isNegative() ? 'withdrawal' : 'deposit');
  const draft = emptyDraft(at, type, `v2:${record.id}`, record);
  if (value.isNegative()) {
    const network = record.network;
    if (record.type === 'send' && network?.transaction_amount && network.transaction_fee) {
      // A send's debit includes the network fee: the amount sent and the fee are separate.
      draft.sentAsset = asset(network.transaction_amount.currency);
      draft.sentAmount = toDecimalText(decimal(network.transaction_amount.amount, 'amount').abs());
      const fee = decimal(network.transaction_fee.amount, 'network fee').abs();
      if (!fee.isZero()) Object.assign(draft, { feeAsset: asset(network.transaction_fee.currency), feeAmount: toDecimalText(fee) });
    } else {
      Object.assign(draft, { sentAsset: code, sentAmount: toDecimalText(value.abs()) });
    }
  } else {
    Object.assign(draft, { receivedAsset: code, receivedAmount: toDecimalText(value) });
  }
  if (value.isZero()) return null;
  if (income) fiatValueOf(draft, record);
  draft.txHash = record.network?.hash ?? null;
  draft.label = record.type;
  draft.description = record.description ?? null;
  return draft;
}

interface TransactionsCursor {
  accounts: string[] | null;
  index: number;
  /** The last transaction id read, per account: the next read starts after it. */
  lastIds: Record<string, string>;
  /** Conversion legs whose other half is in an account not read yet. */
  legs: Record<string, V2Transaction>;
}

async function allAccounts(client: ExchangeClient, call: ExchangeCall): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const params: Record<string, unknown> = { limit: V2_PAGE };
    if (after) params['starting_after'] = after;
    const page = await call(async () => object<{ data?: unknown; pagination?: { next_starting_after?: string | null; next_uri?: string | null } }>(await api(client)['v2PrivateGetAccounts']!(params), 'accounts'));
    for (const account of list<{ id: string }>(page.data, 'accounts')) ids.push(account.id);
    after = page.pagination?.next_uri ? (page.pagination.next_starting_after ?? null) : null;
    if (!after) return ids;
  }
}

function transactionsStream(client: ExchangeClient): SyncStream<TransactionsCursor> {
  return {
    name: 'transactions',
    start: { accounts: null, index: 0, lastIds: {}, legs: {} },
    async read(cursor, call): Promise<StreamPage<TransactionsCursor>> {
      const accounts = cursor.accounts ?? (await allAccounts(client, call));
      const account = accounts[cursor.index];
      if (account === undefined) {
        return { drafts: [], cursor: { ...cursor, accounts: null, index: 0 }, caughtUp: true, full: false, progress: 1 };
      }
      const params: Record<string, unknown> = { account_id: account, limit: V2_PAGE, order: 'asc' };
      const last = cursor.lastIds[account];
      if (last) params['starting_after'] = last;
      const page = await call(async () => {
        const answer = object<{ data?: unknown; pagination?: { next_uri?: string | null } }>(await api(client)['v2PrivateGetAccountsAccountIdTransactions']!(params), 'transactions');
        return { records: list<V2Transaction>(answer.data, 'transactions'), more: Boolean(answer.pagination?.next_uri) };
      });
      const legs = { ...cursor.legs };
      const drafts = page.records.flatMap((r) => transactionDraft(r, legs) ?? []);
      const lastIds = page.records.length > 0 ? { ...cursor.lastIds, [account]: page.records[page.records.length - 1]!.id } : cursor.lastIds;
      const index = page.more ? cursor.index : cursor.index + 1;
      const finished = !page.more && index >= accounts.length;
      return {
        drafts,
        cursor: finished ? { accounts: null, index: 0, lastIds, legs } : { accounts, index, lastIds, legs },
        caughtUp: finished,
        full: page.records.length >= V2_PAGE,
        progress: index / accounts.length,
      };
    },
  };
}

export const coinbaseStrategy: SyncStrategy = {
  async streams({ client }: StrategyContext) {
    return [fillsStream(client) as SyncStream, transactionsStream(client) as SyncStream];
  },

  async checkKey({ client, call }): Promise<KeyPermissions> {
    const p = await call(async () => object<Record<string, unknown>>(await api(client)['v3PrivateGetBrokerageKeyPermissions']!({}), 'key_permissions'));
    return { canRead: p['can_view'] === true, canTrade: p['can_trade'] === true, canWithdraw: p['can_transfer'] === true, source: 'Coinbase key_permissions' };
  },
};
