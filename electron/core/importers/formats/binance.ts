// Binance transaction history (Orders → Transaction History → Export): one row per balance
// change, so one trade is several rows, and this reader joins them back into trades.
//
// Header versions read here:
//   until ~2021   UTC_Time, Account, Operation, Coin, Change, Remark
//   2021–2023     User_ID, UTC_Time, Account, Operation, Coin, Change, Remark
//   2023 on       User ID, Time, Account, Operation, Coin, Change, Remark
//                 (a byte-order mark, and times with a two-digit year: 24-01-08 10:12:13)
// Times are read as UTC. The 2023 export lets the user pick a time zone and names it only
// in the file name ("…(UTC+9).csv"), which a format does not see: export with UTC+0.
// Sources: BittyTax (conv/parsers/binance.py: operations, grouping trades by time),
// CoinTaxman (src/exchanges/binance.py and registry.py: the three headers, the two-digit
// year, the operation names), and importers on GitHub that parse real exports.
//
// Trades. Rows of these operations are held until the end of the file and grouped by
// account, operation family and second, so the file may be sorted either way:
//   spot             Buy, Sell, Fee, Transaction Related, Transaction Buy, Transaction Spend,
//                    Transaction Sold, Transaction Revenue, Transaction Fee
//   convert          Binance Convert         dust   Small Assets Exchange BNB
//   otc              Large OTC trading       auto   Stablecoins Auto-Conversion
//   token swap       Token Swap - Redenomination/Rebranding (a swap: basis carries over)
// In a group, negative changes are sent, positive ones received, and negative Fee /
// Transaction Fee changes are the fee. A group with one asset going out and another coming
// in is one trade (several fills of one order add up). Otherwise the group is split into
// one trade per market by pairing its k-th outgoing row with its k-th incoming row in file
// order (which pairs the same rows whichever way the file is sorted); fees go with the
// k-th pair when there is one fee row per pair, and are otherwise recorded as separate fee
// transactions. A group with only one side looks one second later for the rest (a trade
// can straddle a second). If a group still cannot be split into trades — only one side, a
// different number of rows going out and coming in, or an asset paired with itself —
// every row in it is reported. When a trade paid fees in more than one asset, the first
// asset by name is the trade's fee and the others are separate fee transactions. No
// quantity is dropped or made up: per coin, the file's Change adds up to the transactions'
// received − sent − fee.
//
// Single rows:
//   Deposit, Fiat Deposit → deposit          Withdraw, Fiat Withdraw, Send → withdrawal
//   Commission History, Commission Rebate, Commission Fee Shared With You, Referrer
//     rebates, Referral Kickback, Referral Commission, Cash Voucher distribution,
//     Cashback Voucher, Campaign Related Reward, Crypto Box → reward
//   Airdrop Assets, Distribution, Simple Earn Flexible Airdrop, HODLer Airdrops
//     Distribution, Launchpool Airdrop, Megadrop Rewards → airdrop
//   Savings Interest, Savings distribution, Simple Earn Flexible Interest,
//     Pool Distribution → interest
//   POS savings interest, Staking Rewards, ETH 2.0 Staking Rewards, Simple Earn Locked
//     Rewards, DOT Slot Auction Rewards, BNB Vault Rewards, Launchpool Interest,
//     Launchpool Earnings Withdrawal → staking
//   Liquid Swap rewards, Swap Farming Rewards → income      Super BNB Mining → mining
//   Realized Profit and Loss, Funding Fee, Fee, Insurance Fund Compensation in a futures
//     account → realized-gain (received for a profit, sent for a loss)
//   Moves between Binance's own wallets and products (transfer_in / transfer_out,
//     Transfer Between …, Savings purchase / Principal redemption, POS savings purchase /
//     redemption, Staking Purchase / Redemption, Simple Earn Flexible / Locked Subscription
//     / Redemption, Launchpool Subscription/Redemption) → ignored, with the leg in the
//     direction of the change. Recent exports write both sides and they net to zero;
//     older ones write only the spot side, and an export may end while coins are still
//     in Earn. Either way the coins stay the user's, in this same Binance account, so the
//     move is no tax event: it is kept (for the balance and the audit) and not acted on.
// Income and deposit rows must be positive and withdrawals negative. A row whose Change
// is zero moves nothing and makes no transaction. Any other operation is an error naming it.
import { toDecimalText, type Decimal } from '../../../../shared/money.ts';
import type { TransactionDraft, TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat, DraftSink, RawRow, Row } from '../csv-format.ts';
import { parseIsoDateTime } from '../dates.ts';
import { buildDraft } from '../draft.ts';
import { hasColumns, pickColumn } from '../header.ts';
import { RowFields, type Leg } from '../row-fields.ts';

type TradeFamily = 'spot' | 'convert' | 'dust' | 'otc' | 'auto-conversion' | 'token-swap';

type BinanceRule =
  | { kind: 'group'; family: TradeFamily; fee?: true }
  | { kind: 'in'; type: TransactionType }
  | { kind: 'out'; type: TransactionType }
  | { kind: 'move' }
  | { kind: 'pnl' };

const spot: BinanceRule = { kind: 'group', family: 'spot' };
const spotFee: BinanceRule = { kind: 'group', family: 'spot', fee: true };
const move: BinanceRule = { kind: 'move' };
const income = (type: TransactionType): BinanceRule => ({ kind: 'in', type });

/** Binance operations, lower-cased (Binance's own capitalisation has changed over time). */
const BINANCE_OPERATIONS: Readonly<Record<string, BinanceRule>> = {
  buy: spot,
  sell: spot,
  fee: spotFee,
  'transaction related': spot,
  'transaction buy': spot,
  'transaction spend': spot,
  'transaction sold': spot,
  'transaction revenue': spot,
  'transaction fee': spotFee,
  'binance convert': { kind: 'group', family: 'convert' },
  'small assets exchange bnb': { kind: 'group', family: 'dust' },
  'large otc trading': { kind: 'group', family: 'otc' },
  'stablecoins auto-conversion': { kind: 'group', family: 'auto-conversion' },
  'token swap - redenomination/rebranding': { kind: 'group', family: 'token-swap' },

  deposit: income('deposit'),
  'fiat deposit': income('deposit'),
  withdraw: { kind: 'out', type: 'withdrawal' },
  'fiat withdraw': { kind: 'out', type: 'withdrawal' },
  send: { kind: 'out', type: 'withdrawal' },

  'commission history': income('reward'),
  'commission rebate': income('reward'),
  'commission fee shared with you': income('reward'),
  'referrer rebates': income('reward'),
  'referral kickback': income('reward'),
  'referral commission': income('reward'),
  'cash voucher distribution': income('reward'),
  'cashback voucher': income('reward'),
  'campaign related reward': income('reward'),
  'crypto box': income('reward'),
  'airdrop assets': income('airdrop'),
  distribution: income('airdrop'),
  'simple earn flexible airdrop': income('airdrop'),
  'hodler airdrops distribution': income('airdrop'),
  'launchpool airdrop': income('airdrop'),
  'megadrop rewards': income('airdrop'),
  'savings interest': income('interest'),
  'savings distribution': income('interest'),
  'simple earn flexible interest': income('interest'),
  'pool distribution': income('interest'),
  'pos savings interest': income('staking'),
  'staking rewards': income('staking'),
  'eth 2.0 staking rewards': income('staking'),
  'simple earn locked rewards': income('staking'),
  'dot slot auction rewards': income('staking'),
  'bnb vault rewards': income('staking'),
  'launchpool interest': income('staking'),
  'launchpool earnings withdrawal': income('staking'),
  'liquid swap rewards': income('income'),
  'swap farming rewards': income('income'),
  'super bnb mining': income('mining'),

  transfer_in: move,
  transfer_out: move,
  'transfer between main and funding wallet': move,
  'transfer between spot account and um futures account': move,
  'transfer between spot account and cm futures account': move,
  'transfer between main account/futures and margin account': move,
  'savings purchase': move,
  'savings principal redemption': move,
  'pos savings purchase': move,
  'pos savings redemption': move,
  'staking purchase': move,
  'staking redemption': move,
  'simple earn flexible subscription': move,
  'simple earn flexible redemption': move,
  'simple earn locked subscription': move,
  'simple earn locked redemption': move,
  'launchpool subscription/redemption': move,
};

/** In a futures account these are the account's profit and loss, not spot trades. */
const FUTURES_PNL = new Set(['realized profit and loss', 'realize profit and loss', 'funding fee', 'fee', 'insurance fund compensation']);

function ruleFor(account: string, operation: string): BinanceRule | null {
  const key = operation.toLowerCase();
  if (/futures/i.test(account) && FUTURES_PNL.has(key)) return { kind: 'pnl' };
  return BINANCE_OPERATIONS[key] ?? null;
}

/** `2021-03-04 10:11:12`, and since 2023 `21-03-04 10:11:12` (two-digit year, 20xx). */
export function parseBinanceTime(text: string): number | null {
  const trimmed = text.trim();
  return parseIsoDateTime(/^\d{2}-\d{2}-\d{2}[ T]/.test(trimmed) ? `20${trimmed}` : trimmed);
}

/** A row of a trade, held until its group is complete. */
interface TradeRow {
  line: number;
  record: RawRow;
  operation: string;
  coin: string;
  change: Decimal;
  isFee: boolean;
  remark: string | null;
}

interface TradeGroup {
  account: string;
  family: TradeFamily;
  timestamp: number;
  rows: TradeRow[];
}

/** One market's rows inside a group: what becomes one trade. */
interface MarketRows {
  legs: TradeRow[];
  fees: TradeRow[];
}

function compareGroups(a: TradeGroup, b: TradeGroup): number {
  if (a.account !== b.account) return a.account < b.account ? -1 : 1;
  if (a.family !== b.family) return a.family < b.family ? -1 : 1;
  return a.timestamp - b.timestamp;
}

function hasBothSides(group: TradeGroup): boolean {
  // "-0.00000000" is negative zero to Decimal: compare with 0, never ask for the sign.
  return group.rows.some((r) => r.change.lt(0) && !r.isFee) && group.rows.some((r) => r.change.gt(0));
}

function sumLeg(rows: readonly TradeRow[]): Leg {
  let total = rows[0]!.change.abs();
  for (const row of rows.slice(1)) total = total.plus(row.change.abs());
  return { asset: rows[0]!.coin, amount: toDecimalText(total) };
}

function distinctSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Turns held trade rows into drafts once the whole file has been read. */
class TradeGrouper {
  private readonly groups = new Map<string, TradeGroup>();
  private readonly sink: DraftSink;

  constructor(sink: DraftSink) {
    this.sink = sink;
  }

  add(account: string, family: TradeFamily, timestamp: number, row: TradeRow): void {
    const key = `${account}\n${family}\n${timestamp}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { account, family, timestamp, rows: [] };
      this.groups.set(key, group);
    }
    group.rows.push(row);
  }

  finish(): void {
    const ordered = [...this.groups.values()].sort(compareGroups);
    const drafts: TransactionDraft[] = [];
    for (let i = 0; i < ordered.length; i += 1) {
      let group = ordered[i]!;
      const next = ordered[i + 1];
      if (
        !hasBothSides(group) &&
        next !== undefined &&
        next.account === group.account &&
        next.family === group.family &&
        next.timestamp === group.timestamp + 1000
      ) {
        group = { ...group, rows: [...group.rows, ...next.rows] };
        i += 1;
      }
      drafts.push(...this.settle(group));
    }
    // Stable: drafts of one second keep the order of their groups.
    drafts.sort((a, b) => a.timestamp - b.timestamp);
    for (const draft of drafts) this.sink.transaction(draft);
  }

  private settle(group: TradeGroup): TransactionDraft[] {
    const rows = [...group.rows].sort((a, b) => a.line - b.line);
    const still = rows.filter((r) => r.change.isZero());
    const outgoing = rows.filter((r) => r.change.lt(0) && !r.isFee);
    const incoming = rows.filter((r) => r.change.gt(0));
    const fees = rows.filter((r) => r.change.lt(0) && r.isFee);

    let markets: MarketRows[];
    let looseFees: TradeRow[] = [];
    if (outgoing.length === 0 && incoming.length === 0) {
      markets = [];
      looseFees = fees;
    } else if (outgoing.length === 0 || incoming.length === 0) {
      return this.reject(
        rows,
        `only the ${outgoing.length === 0 ? 'incoming' : 'outgoing'} side of this trade is in the file ` +
          '(nothing on the other side in the same second or the next); export a period that holds the whole trade',
      );
    } else {
      const sentCoins = distinctSorted(outgoing.map((r) => r.coin));
      const receivedCoins = distinctSorted(incoming.map((r) => r.coin));
      if (sentCoins.length === 1 && receivedCoins.length === 1 && sentCoins[0] !== receivedCoins[0]) {
        markets = [{ legs: [...outgoing, ...incoming], fees }];
      } else {
        if (outgoing.length !== incoming.length) {
          return this.reject(
            rows,
            `this second holds ${outgoing.length} changes going out (${sentCoins.join(', ')}) and ${incoming.length} ` +
              `coming in (${receivedCoins.join(', ')}), so which belong to which trade cannot be told; ` +
              'record these trades in the Lotwise template instead',
          );
        }
        const selfPair = outgoing.findIndex((r, k) => r.coin === incoming[k]!.coin);
        if (selfPair !== -1) {
          return this.reject(
            rows,
            `pairing the rows of this second in file order trades ${outgoing[selfPair]!.coin} for itself, ` +
              'so they cannot be split into trades; record these trades in the Lotwise template instead',
          );
        }
        const byMarket = new Map<string, MarketRows>();
        const feePerPair = fees.length === outgoing.length;
        outgoing.forEach((out, k) => {
          const into = incoming[k]!;
          const key = `${out.coin}\n${into.coin}`;
          let market = byMarket.get(key);
          if (!market) {
            market = { legs: [], fees: [] };
            byMarket.set(key, market);
          }
          market.legs.push(out, into);
          if (feePerPair) market.fees.push(fees[k]!);
        });
        markets = [...byMarket.values()];
        if (!feePerPair) looseFees = fees;
      }
    }

    const drafts: TransactionDraft[] = [];
    const type: TransactionType = group.family === 'token-swap' ? 'swap' : 'trade';
    for (const market of markets) {
      const feeCoins = distinctSorted(market.fees.map((r) => r.coin));
      const tradeFees = market.fees.filter((r) => r.coin === feeCoins[0]);
      looseFees = [...looseFees, ...market.fees.filter((r) => r.coin !== feeCoins[0])];
      drafts.push(
        groupDraft(group.timestamp, type, [...market.legs, ...tradeFees], {
          sent: sumLeg(market.legs.filter((r) => r.change.lt(0))),
          received: sumLeg(market.legs.filter((r) => r.change.gt(0))),
          fee: tradeFees.length === 0 ? null : sumLeg(tradeFees),
        }),
      );
    }
    for (const coin of distinctSorted(looseFees.map((r) => r.coin))) {
      const coinFees = looseFees.filter((r) => r.coin === coin);
      drafts.push(groupDraft(group.timestamp, 'fee', coinFees, { sent: null, received: null, fee: sumLeg(coinFees) }));
    }
    // Rows that moved nothing stay in the audit record of the group's first transaction.
    if (still.length > 0 && drafts.length > 0) {
      const first = drafts[0]!;
      drafts[0] = { ...first, raw: [...(first.raw as RawRow[]), ...still.map((r) => r.record)] };
    }
    return drafts;
  }

  private reject(rows: readonly TradeRow[], message: string): TransactionDraft[] {
    for (const row of rows) {
      this.sink.error({ line: row.line, column: 'Operation', value: row.operation, message });
    }
    return [];
  }
}

function groupDraft(
  timestamp: number,
  type: TransactionType,
  rows: readonly TradeRow[],
  legs: { sent: Leg | null; received: Leg | null; fee: Leg | null },
): TransactionDraft {
  const ordered = [...rows].sort((a, b) => a.line - b.line);
  const remarks = distinctSorted(ordered.flatMap((r) => (r.remark === null ? [] : [r.remark])));
  return {
    timestamp,
    type,
    sentAsset: legs.sent?.asset ?? null,
    sentAmount: legs.sent?.amount ?? null,
    receivedAsset: legs.received?.asset ?? null,
    receivedAmount: legs.received?.amount ?? null,
    feeAsset: legs.fee?.asset ?? null,
    feeAmount: legs.fee?.amount ?? null,
    fiatValue: null,
    fiatCurrency: null,
    label: distinctSorted(ordered.map((r) => r.operation)).join(' + '),
    description: remarks.length === 0 ? null : remarks.join('; '),
    txHash: null,
    externalId: null,
    raw: ordered.map((r) => r.record),
  };
}

export const binance: CsvFormat = {
  id: 'binance',
  title: 'Binance transaction history',
  origin: 'Binance: Orders → Transaction History → Export (choose UTC+0 as the time zone)',
  describeHeader: 'User_ID (or User ID), UTC_Time (or Time), Account, Operation, Coin, Change, Remark',

  matchesHeader(header) {
    return hasColumns(header, ['Account', 'Operation', 'Coin', 'Change']) && pickColumn(header, ['UTC_Time', 'Time']) !== null;
  },

  createReader(header, sink) {
    const timeColumn = pickColumn(header, ['UTC_Time', 'Time'])!;
    const grouper = new TradeGrouper(sink);

    return {
      row(row: Row) {
        const fields = new RowFields(row, sink);
        const timestamp = fields.date(timeColumn, parseBinanceTime, 'YYYY-MM-DD HH:MM:SS (UTC)');
        const account = fields.required('Account');
        const operation = fields.required('Operation');
        const coin = fields.required('Coin') === null ? null : fields.asset('Coin');
        const change = fields.required('Change') === null ? null : fields.decimal('Change');
        let rule: BinanceRule | null = null;
        if (operation !== null && account !== null) {
          rule = ruleFor(account, operation);
          if (rule === null) {
            fields.fail(
              'Operation',
              `"${operation}" is not a Binance operation Lotwise knows how to record; ` +
                'record this event in the Lotwise template (docs/lotwise-template.md) and remove the row',
            );
          }
        }
        if (fields.failed || timestamp === null || rule === null || coin === null || change === null) return;
        const remark = fields.optionalText('Remark');

        if (rule.kind === 'group') {
          grouper.add(account!, rule.family, timestamp, {
            line: row.line,
            record: row.record(),
            operation: operation!,
            coin,
            change,
            isFee: rule.fee === true,
            remark,
          });
          return;
        }
        if (change.isZero()) return;

        const leg: Leg = { asset: coin, amount: toDecimalText(change.abs()) };
        let type: TransactionType;
        let sent: Leg | null = null;
        let received: Leg | null = null;
        switch (rule.kind) {
          case 'in':
            if (change.lt(0)) {
              fields.fail('Change', `${operation} adds to the balance, but this change is negative`);
              return;
            }
            received = leg;
            type = rule.type;
            break;
          case 'out':
            if (change.gt(0)) {
              fields.fail('Change', `${operation} takes from the balance, but this change is positive`);
              return;
            }
            sent = leg;
            type = rule.type;
            break;
          case 'move':
          case 'pnl':
            if (change.lt(0)) sent = leg;
            else received = leg;
            type = rule.kind === 'move' ? 'ignored' : 'realized-gain';
            break;
        }
        const draft = buildDraft(
          fields,
          { timestamp, type, sent, received, fee: null, label: operation, description: remark, raw: row.record() },
          'Operation',
        );
        if (draft) sink.transaction(draft);
      },
      finish() {
        grouper.finish();
      },
    };
  },
};
