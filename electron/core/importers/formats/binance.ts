// Binance transaction history (Orders → Transaction History → Export): one row per balance
// change, so one trade is several rows, and this reader joins them back into trades.
//
// Header versions read here:
//   until ~2021   UTC_Time, Account, Operation, Coin, Change, Remark
//   2021–2023     User_ID, UTC_Time, Account, Operation, Coin, Change, Remark
//   2023 on       User ID, Time, Account, Operation, Coin, Change, Remark
//                 (a byte-order mark, and times with a two-digit year: 24-01-08 10:12:13)
// Time zone. The `Time` export (2023 on) lets the user pick a time zone, writes its times
// in that zone without saying so in any cell, and names the zone only in the file name:
// "Binance-Transaction-History-202408120614(UTC+8)-part1-of1.csv", "(UTC+5:30)", and for
// zones west of Greenwich "(UTC--6)" as well as "(UTC-6)". So the reader takes the zone
// from the file name, turns each time into the UTC instant, and says so in each
// transaction's description; a name without a zone (a renamed file) is read as UTC. The
// ids come from the UTC instant, so the same history exported in two zones adds nothing
// the second time. The older `UTC_Time` column says UTC in its name and is read as UTC
// whatever the file is called. Sources: BittyTax issue #302 (Binance's deposit history
// header "Date(UTC+1)" when the account's zone is UTC+1: "assume the timestamps are UTC+1
// also"), open-source Binance importers that shift `Time` by the file name's offset and
// match those instants with the UTC times of Binance's API, and real file names such as
// "Binance-Transaction-History-202603230400(UTC--6)_abcd.csv" and
// "Binance-Historial-de-transacciones-202607121635(UTC--6)_818070aa.pdf".
// Other sources: BittyTax (conv/parsers/binance.py: operations, grouping trades by time;
// issues #273 and #283: "ETH 2.0 Staking" is ETH given for BETH in the same second),
// CoinTaxman (src/exchanges/binance.py and registry.py: the three headers, the two-digit
// year, the operation names; issue #186: "Buy Crypto With Fiat", "Transfer Between Spot
// and Funding"), dali-rp2 PR #69 (BETH is staked ETH, 1:1), and importers on GitHub that
// parse real exports.
//
// Trades. Rows of these operations are held until the end of the file and grouped by
// account, operation family and second, so the file may be sorted either way:
//   spot             Buy, Sell, Fee, Transaction Related, Transaction Buy, Transaction Spend,
//                    Transaction Sold, Transaction Revenue, Transaction Fee
//   convert          Binance Convert         dust   Small Assets Exchange BNB
//   otc              Large OTC trading       auto   Stablecoins Auto-Conversion
//   auto-invest      Auto-Invest Transaction (a recurring buy: the coin bought for the stablecoin spent)
//   token swap       Token Swap - Redenomination/Rebranding (a swap: basis carries over)
//   ETH 2.0 staking  ETH 2.0 Staking: ETH given for BETH, Binance's receipt for ETH it
//                    stakes, 1:1. A swap, as Coinbase's ETH2 and Kraken's ETH2.S are:
//                    the BETH is the same staked ether and keeps the ETH's basis and dates
//   fiat purchase    Buy Crypto With Fiat: the crypto bought, and the fiat paid when it
//                    came from the spot balance. A card or bank payment never touches the
//                    balance, so often only the crypto is in the file: then it is a
//                    deposit whose cost is in Binance's Buy Crypto history (the tax report
//                    asks for it as a missing cost basis) and the description says so
// In a group, negative changes are sent, positive ones received, and negative Fee /
// Transaction Fee changes are the fee. Transaction Buy and Transaction Revenue only ever
// add to the balance and Transaction Spend and Transaction Sold only take from it: a row
// of these with the other sign is reported as a wrong sign.
// A group with one asset going out and another coming in is one trade (several fills of
// one order add up). Otherwise the group holds several trades, and nothing in the file
// says which rows belong together except the operation names: Transaction Buy /
// Transaction Spend (and the old Buy) are the two sides of a buy, Transaction Sold /
// Transaction Revenue (and the old Sell) of a sale. When those names settle it (each side
// one market) the group is one trade per side. Otherwise outgoing and incoming rows are
// paired in a fixed order — by coin, then amount — never an asset with itself and never
// the two sides of different kinds of trade; pairs of the same market add up; and the
// trades say in their description that Lotwise inferred the pairing, to check against
// Binance's trade history. Nothing here depends on the order of the rows in the file, so
// a re-export sorted differently gives the same trades. A fee row goes with the trade
// that received its coin when exactly one did; a fee no row ties to one trade is recorded
// as a separate fee transaction. A group with only one side looks one second later for
// the rest (a trade can straddle a second). If a group still cannot be split into trades
// — only one side, a different number of rows going out and coming in, or no pairing
// without an asset traded for itself — every row in it is reported. When a trade paid
// fees in more than one asset, the first asset by name is the trade's fee and the others
// are separate fee transactions. No quantity is dropped or made up: per coin, the file's
// Change adds up to the transactions' received − sent − fee.
// The trades of a group get ids derived from the group's rows (their coins and changes,
// in sorted order) and their place among the group's transactions, not from the file's
// order or from the pairing, so any re-export of the same rows adds nothing.
//
// Single rows:
//   Deposit, Fiat Deposit → deposit          Withdraw, Fiat Withdraw, Send → withdrawal
//   Commission History, Commission Rebate, Commission Fee Shared With You, Referrer
//     rebates, Referral Kickback, Referral Commission, Cash Voucher distribution,
//     Cashback Voucher, Campaign Related Reward, Crypto Box, Mission Reward Distribution,
//     Task Center Rewards → reward
//   Binance Card Cashback, Card Cashback → reward: recorded as income at its value when
//     received, the cautious reading (whether card cashback is income or a rebate on
//     the purchase is not settled; a user whose adviser says rebate can retype it)
//   Airdrop Assets, Distribution, Simple Earn Flexible Airdrop, HODLer Airdrops
//     Distribution, Launchpool Airdrop (and its System / User Claim Distribution rows),
//     Megadrop Rewards → airdrop
//   Savings Interest, Savings distribution, Simple Earn Flexible Interest,
//     Pool Distribution → interest
//   POS savings interest, Staking Rewards, ETH 2.0 Staking Rewards, Simple Earn Locked
//     Rewards, DOT Slot Auction Rewards, BNB Vault Rewards, Launchpool Interest,
//     Launchpool Earnings Withdrawal → staking
//   Liquid Swap rewards, Swap Farming Rewards → income      Super BNB Mining → mining
//   Binance Card Spending → expense: paying for goods with crypto disposes of it at its value
//   Realized Profit and Loss, Funding Fee, Insurance Fund Compensation (in any account:
//     they are futures results even where the export names another account), and Fee in
//     a futures account → realized-gain (received for a profit, sent for a loss)
//   Asset Recovery → deposit or withdrawal by the sign of the change, marked for review:
//     Binance uses it to take back or return balances outside trading (coins credited by
//     mistake, delisted and leveraged tokens), and the file does not say which
//   Moves between Binance's own wallets and products (transfer_in / transfer_out,
//     Transfer Between … (Spot and Funding, Main and Funding Wallet, the futures and
//     margin accounts), Main and Funding Account Transfer, Savings purchase / Principal
//     redemption, POS savings purchase / redemption, Staking Purchase / Redemption, Simple
//     Earn Flexible / Locked Subscription / Redemption, Launchpool Subscription/Redemption)
//     → ignored, with the leg in the direction of the change. Recent exports write both
//     sides and they net to zero; older ones write only the spot side, and an export may
//     end while coins are still in Earn. Either way the coins stay the user's, in this
//     same Binance account, so the move is no tax event: it is kept (for the balance and
//     the audit) and not acted on.
// Income and deposit rows must be positive and withdrawals and spending negative. A row
// whose Change is zero moves nothing and makes no transaction. Any other operation is an
// error naming it.
import { toDecimalText, type Decimal } from '../../../../shared/money.ts';
import type { TransactionDraft, TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat, DraftSink, FormatColumns, RawRow, Row } from '../csv-format.ts';
import { parseIsoDateTime } from '../dates.ts';
import { buildDraft } from '../draft.ts';
import { DerivedIds } from '../external-ids.ts';
import { missingColumns, pickColumn } from '../header.ts';
import { RowFields, type Leg } from '../row-fields.ts';

type TradeFamily =
  | 'spot'
  | 'convert'
  | 'dust'
  | 'otc'
  | 'auto-conversion'
  | 'auto-invest'
  | 'token-swap'
  | 'eth2-staking'
  | 'fiat-purchase';

/** The families whose trades are swaps: the coin received is the one given under another name. */
const SWAP_FAMILIES: ReadonlySet<TradeFamily> = new Set(['token-swap', 'eth2-staking']);

/** What a family's transactions say about themselves, beyond the rows' remarks. */
const FAMILY_NOTES: Partial<Record<TradeFamily, string>> = {
  'eth2-staking':
    'ETH staked with Binance for BETH, its receipt for staked ETH: not a sale, the BETH keeps the ETH’s cost basis and dates',
};

const FIAT_PURCHASE_NOTE =
  'bought with fiat paid by card or bank, which this file does not show: the price paid is in Binance’s Buy Crypto history; ' +
  'record it as this deposit’s cost (or change it into a trade for that fiat)';

type BinanceRule =
  | { kind: 'group'; family: TradeFamily; fee?: true }
  | { kind: 'in'; type: TransactionType }
  | { kind: 'out'; type: TransactionType }
  | { kind: 'move' }
  | { kind: 'pnl' }
  | { kind: 'by-sign'; description: string };

const spot: BinanceRule = { kind: 'group', family: 'spot' };
const spotFee: BinanceRule = { kind: 'group', family: 'spot', fee: true };
const move: BinanceRule = { kind: 'move' };
const pnl: BinanceRule = { kind: 'pnl' };
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
  'auto-invest transaction': { kind: 'group', family: 'auto-invest' },
  'token swap - redenomination/rebranding': { kind: 'group', family: 'token-swap' },
  'eth 2.0 staking': { kind: 'group', family: 'eth2-staking' },
  'buy crypto with fiat': { kind: 'group', family: 'fiat-purchase' },

  deposit: income('deposit'),
  'fiat deposit': income('deposit'),
  withdraw: { kind: 'out', type: 'withdrawal' },
  'fiat withdraw': { kind: 'out', type: 'withdrawal' },
  'fiat withdrawal': { kind: 'out', type: 'withdrawal' },
  send: { kind: 'out', type: 'withdrawal' },
  'binance card spending': { kind: 'out', type: 'expense' },

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
  'mission reward distribution': income('reward'),
  'task center rewards': income('reward'),
  'binance card cashback': income('reward'),
  'card cashback': income('reward'),
  'airdrop assets': income('airdrop'),
  distribution: income('airdrop'),
  'simple earn flexible airdrop': income('airdrop'),
  'hodler airdrops distribution': income('airdrop'),
  'launchpool airdrop': income('airdrop'),
  'launchpool airdrop - system distribution': income('airdrop'),
  'launchpool airdrop - user claim distribution': income('airdrop'),
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

  'realized profit and loss': pnl,
  'realize profit and loss': pnl,
  'funding fee': pnl,
  'insurance fund compensation': pnl,
  'asset recovery': {
    kind: 'by-sign',
    description:
      'Binance took back or returned this balance outside trading ("Asset Recovery"); recorded as a transfer: check what it was',
  },

  transfer_in: move,
  transfer_out: move,
  'transfer between main and funding wallet': move,
  'transfer between spot and funding': move,
  'main and funding account transfer': move,
  'transfer between spot account and um futures account': move,
  'transfer between spot account and usdⓢ-m futures account': move,
  'transfer between spot account and cm futures account': move,
  'transfer between spot account and coin-m futures account': move,
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

function ruleFor(account: string, operation: string): BinanceRule | null {
  const key = operation.toLowerCase();
  // In a futures account a Fee is the account's trading cost, not a spot trade's fee.
  if (key === 'fee' && /futures/i.test(account)) return pnl;
  return BINANCE_OPERATIONS[key] ?? null;
}

/** Which kind of spot trade an operation's rows belong to, when its name says. */
type Side = 'buy' | 'sell';
const SIDES: Readonly<Record<string, Side>> = {
  buy: 'buy',
  'transaction buy': 'buy',
  'transaction spend': 'buy',
  sell: 'sell',
  'transaction sold': 'sell',
  'transaction revenue': 'sell',
};

/** Operations whose Change has one direction: 1 adds to the balance, -1 takes from it. */
const DIRECTIONS: Readonly<Record<string, 1 | -1>> = {
  'transaction buy': 1,
  'transaction revenue': 1,
  'transaction spend': -1,
  'transaction sold': -1,
};

/** `2021-03-04 10:11:12`, and since 2023 `21-03-04 10:11:12` (two-digit year, 20xx). */
export function parseBinanceTime(text: string): number | null {
  const trimmed = text.trim();
  return parseIsoDateTime(/^\d{2}-\d{2}-\d{2}[ T]/.test(trimmed) ? `20${trimmed}` : trimmed);
}

export interface FileTimeZone {
  /** Minutes east of UTC. */
  minutes: number;
  /** As Lotwise says it: "UTC+8", "UTC-5", "UTC+5:30". */
  label: string;
}

// "(UTC+8)", "(UTC-5)", "(UTC--6)", "(UTC+5:30)", "(UTC+0)", "(UTC)".
const FILE_NAME_ZONE = /\(UTC(?:\s*([+-]{1,2})\s*(\d{1,2})(?::(\d{2}))?)?\)/gi;

/** The time zone a Binance export names in its file name (the last one named), or null. */
export function fileTimeZone(fileName: string): FileTimeZone | null {
  const match = [...fileName.matchAll(FILE_NAME_ZONE)].at(-1);
  if (match === undefined) return null;
  const [, sign = '+', hoursText = '0', minutesText = '00'] = match;
  const hours = Number(hoursText);
  const minutes = Number(minutesText);
  if (hours > 14 || minutes > 59) return null;
  const west = sign.includes('-');
  const total = hours * 60 + minutes;
  const label = `UTC${west && total > 0 ? '-' : '+'}${hours}${minutes === 0 ? '' : `:${minutesText}`}`;
  return { minutes: west ? -total : total, label };
}

/** A row of a trade, held until its group is complete. */
interface TradeRow {
  line: number;
  record: RawRow;
  operation: string;
  coin: string;
  change: Decimal;
  /** The Change cell as written, for error reports. */
  changeText: string;
  isFee: boolean;
  side: Side | null;
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The fixed order rows are paired in, whatever the file's order: by coin, then change,
 * then operation. Rows equal in all three are interchangeable, so the line only breaks
 * their tie for the raw record.
 */
function compareRows(a: TradeRow, b: TradeRow): number {
  return (
    compareText(a.coin, b.coin) ||
    a.change.comparedTo(b.change) ||
    compareText(a.operation.toLowerCase(), b.operation.toLowerCase()) ||
    a.line - b.line
  );
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

/** The rows' coins going out and coming in, when they make exactly one market. */
function singleMarket(rows: readonly TradeRow[]): boolean {
  const sent = distinctSorted(rows.filter((r) => r.change.lt(0)).map((r) => r.coin));
  const received = distinctSorted(rows.filter((r) => r.change.gt(0)).map((r) => r.coin));
  return sent.length === 1 && received.length === 1 && sent[0] !== received[0];
}

/**
 * Each outgoing row's incoming partner (by index), pairing the rows in the order given:
 * first every row with the first free row that fits, then, for rows left over, moving
 * earlier partners along (augmenting paths) until every row has one. Null when no
 * pairing exists. Two rows fit when their coins differ and their operations do not name
 * different sides.
 */
function pairRows(outgoing: readonly TradeRow[], incoming: readonly TradeRow[]): number[] | null {
  const fits = (o: TradeRow, i: TradeRow): boolean => o.coin !== i.coin && (o.side === null || i.side === null || o.side === i.side);
  const partnerOf = new Array<number>(outgoing.length).fill(-1);
  const ownerOf = new Array<number>(incoming.length).fill(-1);
  outgoing.forEach((o, k) => {
    const free = incoming.findIndex((i, j) => ownerOf[j] === -1 && fits(o, i));
    if (free === -1) return;
    partnerOf[k] = free;
    ownerOf[free] = k;
  });
  const augment = (k: number, seen: boolean[]): boolean => {
    for (let j = 0; j < incoming.length; j += 1) {
      if (seen[j] || !fits(outgoing[k]!, incoming[j]!)) continue;
      seen[j] = true;
      if (ownerOf[j] === -1 || augment(ownerOf[j]!, seen)) {
        partnerOf[k] = j;
        ownerOf[j] = k;
        return true;
      }
    }
    return false;
  };
  for (let k = 0; k < outgoing.length; k += 1) {
    if (partnerOf[k] === -1 && !augment(k, new Array<boolean>(incoming.length).fill(false))) return null;
  }
  return partnerOf;
}

/** Turns held trade rows into drafts once the whole file has been read. */
class TradeGrouper {
  private readonly groups = new Map<string, TradeGroup>();
  private readonly sink: DraftSink;
  private readonly ids = new DerivedIds('binance');
  /** Said of every transaction: the time zone the file's times were read in, when not UTC. */
  private readonly zoneNote: string | null;

  constructor(sink: DraftSink, zoneNote: string | null) {
    this.sink = sink;
    this.zoneNote = zoneNote;
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
      drafts.push(...this.withIds(group, this.settle(group)));
    }
    // Stable: drafts of one second keep the order of their groups.
    drafts.sort((a, b) => a.timestamp - b.timestamp);
    for (const draft of drafts) this.sink.transaction(draft);
  }

  /** The group's drafts with ids from the group's rows and each draft's place among them. */
  private withIds(group: TradeGroup, drafts: TransactionDraft[]): TransactionDraft[] {
    const rowKeys = group.rows.map((r) => `${r.coin} ${toDecimalText(r.change)}`).sort();
    return drafts.map((draft, place) => ({
      ...draft,
      externalId: this.ids.next(group.timestamp, [group.family, String(place), ...rowKeys]),
    }));
  }

  private settle(group: TradeGroup): TransactionDraft[] {
    const rows = [...group.rows].sort(compareRows);
    const wrongSign = rows.filter((r) => {
      const direction = DIRECTIONS[r.operation.toLowerCase()];
      return direction !== undefined && (direction > 0 ? r.change.lt(0) : r.change.gt(0));
    });
    if (wrongSign.length > 0) {
      for (const row of wrongSign) {
        const adds = DIRECTIONS[row.operation.toLowerCase()]! > 0;
        this.wrongSign(row, `${row.operation} ${adds ? 'adds' : 'takes'} ${row.coin} ${adds ? 'to' : 'from'} the balance`, adds);
      }
      return [];
    }
    const still = rows.filter((r) => r.change.isZero());
    const outgoing = rows.filter((r) => r.change.lt(0) && !r.isFee);
    const incoming = rows.filter((r) => r.change.gt(0));
    const fees = rows.filter((r) => r.change.lt(0) && r.isFee);

    let markets: MarketRows[];
    let looseFees: TradeRow[] = [];
    let inferred = false;
    let purchases: TradeRow[] = [];
    if (outgoing.length === 0 && incoming.length === 0) {
      markets = [];
      looseFees = fees;
    } else if (outgoing.length === 0 && group.family === 'fiat-purchase') {
      // Paid by card or bank: the fiat never was in the balance, so only the coins bought are here.
      markets = [];
      purchases = incoming;
      looseFees = fees;
    } else if (outgoing.length === 0 || incoming.length === 0) {
      this.rejectOneSided(rows, outgoing.length === 0 ? 'incoming' : 'outgoing');
      return [];
    } else if (singleMarket([...outgoing, ...incoming])) {
      markets = [{ legs: [...outgoing, ...incoming], fees }];
    } else {
      const legs = [...outgoing, ...incoming];
      const bySide = (side: Side) => legs.filter((r) => r.side === side);
      const sides = (['buy', 'sell'] as const).map(bySide).filter((sideRows) => sideRows.length > 0);
      if (legs.every((r) => r.side !== null) && sides.every(singleMarket)) {
        // The operation names settle it: one trade per side.
        markets = sides.map((sideRows) => ({ legs: sideRows, fees: [] }));
      } else {
        const paired = this.pair(rows, outgoing, incoming);
        if (paired === null) return [];
        markets = paired;
        inferred = markets.length > 1;
      }
      for (const fee of fees) {
        const receivers = markets.filter((m) => m.legs.some((r) => r.change.gt(0) && r.coin === fee.coin));
        if (receivers.length === 1) receivers[0]!.fees.push(fee);
        else looseFees.push(fee);
      }
    }

    const drafts: TransactionDraft[] = [];
    const type: TransactionType = SWAP_FAMILIES.has(group.family) ? 'swap' : 'trade';
    const familyNote = FAMILY_NOTES[group.family] ?? null;
    const pairingNote = inferred
      ? 'Lotwise paired these rows: Binance lists several trades in this second without saying which rows belong ' +
        `together (${distinctSorted(outgoing.map((r) => r.coin)).join(', ')} out; ` +
        `${distinctSorted(incoming.map((r) => r.coin)).join(', ')} in); check the pairing against your Binance trade history`
      : null;
    for (const market of markets) {
      const feeCoins = distinctSorted(market.fees.map((r) => r.coin));
      const tradeFees = market.fees.filter((r) => r.coin === feeCoins[0]);
      looseFees = [...looseFees, ...market.fees.filter((r) => r.coin !== feeCoins[0])];
      drafts.push(
        groupDraft(group.timestamp, type, [...market.legs, ...tradeFees], [familyNote, pairingNote, this.zoneNote], {
          sent: sumLeg(market.legs.filter((r) => r.change.lt(0))),
          received: sumLeg(market.legs.filter((r) => r.change.gt(0))),
          fee: tradeFees.length === 0 ? null : sumLeg(tradeFees),
        }),
      );
    }
    for (const row of purchases) {
      drafts.push(
        groupDraft(group.timestamp, 'deposit', [row], [FIAT_PURCHASE_NOTE, this.zoneNote], { sent: null, received: sumLeg([row]), fee: null }),
      );
    }
    const feeNote =
      markets.length > 1 ? "a fee of this second's trades that the file does not tie to one of them" : null;
    for (const coin of distinctSorted(looseFees.map((r) => r.coin))) {
      const coinFees = looseFees.filter((r) => r.coin === coin);
      drafts.push(groupDraft(group.timestamp, 'fee', coinFees, [feeNote, this.zoneNote], { sent: null, received: null, fee: sumLeg(coinFees) }));
    }
    // Rows that moved nothing stay in the audit record of the group's first transaction.
    if (still.length > 0 && drafts.length > 0) {
      const first = drafts[0]!;
      drafts[0] = { ...first, raw: [...(first.raw as RawRow[]), ...still.map((r) => r.record)].sort((a, b) => a.line - b.line) };
    }
    return drafts;
  }

  /** The group's markets from pairing its rows, or null after reporting why they cannot be. */
  private pair(rows: readonly TradeRow[], outgoing: readonly TradeRow[], incoming: readonly TradeRow[]): MarketRows[] | null {
    const sentCoins = distinctSorted(outgoing.map((r) => r.coin));
    const receivedCoins = distinctSorted(incoming.map((r) => r.coin));
    if (outgoing.length !== incoming.length) {
      this.reject(
        rows,
        `this second holds ${outgoing.length} changes going out (${sentCoins.join(', ')}) and ${incoming.length} ` +
          `coming in (${receivedCoins.join(', ')}), so which belong to which trade cannot be told; ` +
          'record these trades in the Lotwise template instead',
      );
      return null;
    }
    const partners = pairRows(outgoing, incoming);
    if (partners === null) {
      this.reject(
        rows,
        `the changes of this second (${sentCoins.join(', ')} out; ${receivedCoins.join(', ')} in) cannot be paired into ` +
          'trades without trading an asset for itself; record these trades in the Lotwise template instead',
      );
      return null;
    }
    const byMarket = new Map<string, MarketRows>();
    outgoing.forEach((out, k) => {
      const into = incoming[partners[k]!]!;
      const key = `${out.coin}\n${into.coin}`;
      let market = byMarket.get(key);
      if (!market) {
        market = { legs: [], fees: [] };
        byMarket.set(key, market);
      }
      market.legs.push(out, into);
    });
    return [...byMarket.values()];
  }

  /**
   * A group with nothing on one side. When nothing comes in and a Buy row names the coin
   * bought (the rest of the trade being Transaction Related rows), that Buy has the wrong
   * sign; likewise a Sell when nothing goes out. Say so on that row. Otherwise the
   * export's period has cut the trade. (Transaction Buy and the like were checked already.)
   */
  private rejectOneSided(rows: readonly TradeRow[], present: 'incoming' | 'outgoing'): void {
    const suspect = present === 'outgoing' ? 'buy' : 'sell';
    const named = rows.filter((r) => r.operation.toLowerCase() === suspect);
    // The oldest exports write both coins of a trade as Buy (or Sell) rows: then the rows
    // name two coins and which one is wrong cannot be told.
    if (named.length > 0 && distinctSorted(named.map((r) => r.coin)).length === 1) {
      const adds = present === 'outgoing';
      for (const row of named) {
        this.wrongSign(
          row,
          `every change of this trade is ${adds ? 'negative' : 'positive'}, so nothing would be ${adds ? 'received' : 'given up'}; ` +
            `a ${row.operation} ${adds ? 'adds' : 'takes'} ${row.coin} ${adds ? 'to' : 'from'} the balance`,
          adds,
        );
      }
      return;
    }
    this.reject(
      rows,
      `only the ${present} side of this trade is in the file ` +
        '(nothing on the other side in the same second or the next); if one of these amounts has the wrong sign, ' +
        'correct it; otherwise export a period that holds the whole trade',
    );
  }

  private wrongSign(row: TradeRow, why: string, shouldAdd: boolean): void {
    this.sink.error({
      line: row.line,
      column: 'Change',
      value: row.changeText,
      message: `the amount has the wrong sign: ${why}, so its Change must be ${shouldAdd ? 'positive' : 'negative'}`,
    });
  }

  private reject(rows: readonly TradeRow[], message: string): void {
    for (const row of [...rows].sort((a, b) => a.line - b.line)) {
      this.sink.error({ line: row.line, column: 'Operation', value: row.operation, message });
    }
  }
}

function groupDraft(
  timestamp: number,
  type: TransactionType,
  rows: readonly TradeRow[],
  notes: readonly (string | null)[],
  legs: { sent: Leg | null; received: Leg | null; fee: Leg | null },
): TransactionDraft {
  const ordered = [...rows].sort((a, b) => a.line - b.line);
  const remarks = distinctSorted(ordered.flatMap((r) => (r.remark === null ? [] : [r.remark])));
  const description = [...remarks, ...notes.filter((note) => note !== null)].join('; ');
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
    description: description === '' ? null : description,
    txHash: null,
    externalId: null,
    raw: ordered.map((r) => r.record),
  };
}

const BINANCE_COLUMNS: FormatColumns = {
  required: [['UTC_Time', 'Time'], 'Account', 'Operation', 'Coin', 'Change'],
  optional: [['User_ID', 'User ID'], 'Remark'],
};

export const binance: CsvFormat = {
  id: 'binance',
  title: 'Binance transaction history',
  origin: 'Binance: Orders → Transaction History → Export (keep the file name Binance gives it: it names the time zone)',
  describeHeader: 'User_ID (or User ID), UTC_Time (or Time), Account, Operation, Coin, Change, Remark',
  columns: BINANCE_COLUMNS,

  matchesHeader(header) {
    return missingColumns(header, BINANCE_COLUMNS.required).length === 0;
  },

  createReader(header, sink, source) {
    const timeColumn = pickColumn(header, ['UTC_Time', 'Time'])!;
    // UTC_Time says its zone in its name; only the later Time column follows the file name's.
    const zone = timeColumn.toLowerCase() === 'time' && source !== undefined ? fileTimeZone(source.fileName) : null;
    const offsetMs = zone === null ? 0 : zone.minutes * 60_000;
    const zoneNote = zone === null || zone.minutes === 0 ? null : `time converted to UTC from ${zone.label}, the time zone in the file name`;
    const parseTime = (text: string): number | null => {
      const local = parseBinanceTime(text);
      return local === null ? null : local - offsetMs;
    };
    const grouper = new TradeGrouper(sink, zoneNote);

    return {
      row(row: Row) {
        const fields = new RowFields(row, sink);
        const timestamp = fields.date(timeColumn, parseTime, `YYYY-MM-DD HH:MM:SS (${zone?.label ?? 'UTC'})`);
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
            changeText: fields.text('Change'),
            isFee: rule.fee === true,
            side: SIDES[operation!.toLowerCase()] ?? null,
            remark,
          });
          return;
        }
        if (change.isZero()) return;

        const leg: Leg = { asset: coin, amount: toDecimalText(change.abs()) };
        let type: TransactionType;
        let sent: Leg | null = null;
        let received: Leg | null = null;
        let description = remark;
        switch (rule.kind) {
          case 'in':
            if (change.lt(0)) {
              fields.fail('Change', `the amount has the wrong sign: ${operation} adds to the balance, but this change is negative`);
              return;
            }
            received = leg;
            type = rule.type;
            break;
          case 'out':
            if (change.gt(0)) {
              fields.fail('Change', `the amount has the wrong sign: ${operation} takes from the balance, but this change is positive`);
              return;
            }
            sent = leg;
            type = rule.type;
            break;
          case 'by-sign':
            if (change.lt(0)) sent = leg;
            else received = leg;
            type = change.lt(0) ? 'withdrawal' : 'deposit';
            description = remark === null ? rule.description : `${remark}; ${rule.description}`;
            break;
          case 'move':
          case 'pnl':
            if (change.lt(0)) sent = leg;
            else received = leg;
            type = rule.kind === 'move' ? 'ignored' : 'realized-gain';
            break;
        }
        if (zoneNote !== null) description = description === null ? zoneNote : `${description}; ${zoneNote}`;
        const draft = buildDraft(
          fields,
          { timestamp, type, sent, received, fee: null, label: operation, description, raw: row.record() },
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
