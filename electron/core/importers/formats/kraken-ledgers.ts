// Kraken's ledgers export (History → Export → Ledgers): one row per change to one balance.
// A trade is two or more rows sharing a refid, so rows are held until finish() and read
// per refid; the file may be newest-first or oldest-first.
//
// Header versions (the version depends on when the file was exported, not on the dates in
// it; columns are found by name, so their order does not matter):
//   classic    txid,refid,time,type,subtype,aclass,asset,amount,fee,balance
//   + wallet   …,asset,wallet,amount,fee,balance        (wallet: "spot / main", "earn / bonded")
//   + subclass …,aclass,subclass,asset,wallet,amount,fee,balance   (2025 exports)
//   + USD      …,balance,amountusd,feeusd,balanceusd,feecurrency   (the newest exports)
// Sources: Kraken's "How to interpret Ledger history fields" (types, subtypes, refid,
// UTC times), Kraken's API docs on the .S/.M/.F/.B balances, BittyTax's and rotki's Kraken
// parsers (unbooked rows without a txid, failed withdrawals that cancel out, staking
// transfers, KFEE), and ledger samples in open-source importers for the wallet, subclass
// and amountusd/feecurrency columns.
//
// What each entry becomes:
//   trade, spend, receive, settled   grouped by refid into one trade (kraken:<refid>);
//                                    spend/receive are the app's instant buys and converts
//   deposit, withdrawal              deposit / withdrawal by the sign of the amount (a
//                                    positive withdrawal is a reversal); the fee is a fee leg
//   staking, earn/reward             staking income; a negative staking entry is Kraken
//                                    taking coins out of a staking balance into another of
//                                    the user's wallets (rotki PR #6722): ignored, like the
//                                    other moves between the user's own wallets
//   earn/airdrop                     airdrop (Kraken credits airdrops to Earn holders this
//                                    way, BittyTax issue #494: a Flare distribution)
//   transfer/delistingconversion, earn/delistingconversion
//                                    Kraken converting the balance of a delisted asset: the
//                                    asset taken and the asset given for it are two entries
//                                    with different refids, sometimes days apart (BittyTax
//                                    PR #499). Each one taken is joined with the one given
//                                    nearest in time (within 31 days) into one trade,
//                                    kraken:<txid of the one taken>; an entry with no
//                                    partner, or with two equally near, is reported rather
//                                    than guessed
//   invite bonus                     reward (Kraken app referrals)
//   transfer (no subtype)            Kraken credits airdrops, forks and OTC settlements this
//                                    way: positive → airdrop, negative → withdrawal
//   transfer spottostaking, stakingfromspot, stakingtospot, spotfromstaking and
//   earn allocation, deallocation, autoallocation, migration
//                                    ignored: the same coins moving between the user's spot
//                                    and staking/earn wallets at Kraken (nothing is gained
//                                    or disposed of, and counting both halves would double
//                                    the balance)
//   transfer spottofutures / spotfromfutures
//                                    withdrawal / deposit: Kraken Futures is a separate
//                                    account with its own ledger, and Kraken has credited
//                                    fork coins (ETHW) this way, so the coins must not vanish
//   adjustment                       deposit / withdrawal by sign, for the user to review:
//                                    Kraken's conversions outside trading (delistings) do
//                                    not share a refid between their two halves (rotki)
//   margin                           realized gain (profit or loss); a zero amount with a fee
//                                    is an expense, as is a rollover charge
// Entries with the same refid that cancel out (a failed withdrawal and its reversal) are
// ignored; rows without a txid are Kraken's notice of a deposit or withdrawal before it
// was booked (no balance) and are ignored, since the booked row carries the change.
//
// Assets: XXBT/XBT → BTC, ZUSD → USD etc. (shared/assets.ts), and the balance suffixes
// .S (staked, with a bonding period in some codes: DOT28.S, SOL03.S), .M (opt-in
// rewards), .P (parachain crowdloans), .F (auto-earn), .B (yield-bearing), .H and .HOLD
// (held: USD.HOLD, FLOW.H) → the base coin, as is ETH2: they are the same coin held in
// another of the user's Kraken wallets, and lots must follow it there. Kraken's .T marks
// tokenized assets (xStocks), which are assets of their own: kept as written, like any
// other code.
//
// A txid names one ledger entry: a second row with the same txid is an error naming both
// lines, never silently dropped (an export does not repeat an entry; two files pasted
// together do).
//
// Fee signs. Kraken's classic exports write a charged fee as a positive number and a
// refunded one (a failed withdrawal given back) as a negative one; some exports write
// every charged fee negative (CoinTaxman issue #162: "if there is a fee, it is negative";
// its fix, PR #163, refuses a file whose fees have both signs). The sign alone cannot
// tell, the balance can: for an entry whose balance before it is in the file (the balance
// of the latest earlier entry of the same asset code and wallet, or of one at the same
// time), balance before + amount − fee = balance means the fee was charged, + fee that it
// was refunded (ccxt issue #8204 and BittyTax issue #287 show both in Kraken's own
// numbers). Those entries fix how this file writes a charge, and the entries whose
// balance before is not in the file (the first of each asset, or a file exported with
// only some entry types) are read the same way. When the entries disagree (a charge
// written positive on one line and negative on another) the file is refused, naming the
// lines. A file in which no fee can be checked reads a positive fee as charged, as
// Kraken's documentation has it, and refuses a negative one, which could be either: an
// export reaching further back settles it. A refunded fee counts as part of the amount.
// A trade whose fees were charged in two assets (KFEE credits running out, say) keeps the
// fee in the sent asset (else the received asset, else the first by name) and records
// each other fee asset as its own `fee` transaction, kraken:<refid>:fee:<ASSET>.
// `amountusd`, when present, gives the fair market value in USD.
import { normalizeAsset } from '../../../../shared/assets.ts';
import { toDecimalText, ZERO, type Decimal } from '../../../../shared/money.ts';
import type { TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat, DraftSink, FormatColumns, Row } from '../csv-format.ts';
import { parseIsoDateTime } from '../dates.ts';
import { buildDraft, type DraftParts } from '../draft.ts';
import { hasColumns, pickColumn } from '../header.ts';
import { RowFields, type Leg } from '../row-fields.ts';

const REQUIRED = ['txid', 'refid', 'time', 'type', 'asset', 'amount', 'fee', 'balance'];
const KRAKEN_COLUMNS: FormatColumns = {
  required: REQUIRED,
  optional: ['subtype', 'aclass', 'subclass', 'wallet', 'amountusd', 'feecurrency'],
};

const TRADE_TYPES_IN_ORDER = ['trade', 'spend', 'receive', 'settled'];
const TRADE_TYPES: ReadonlySet<string> = new Set(TRADE_TYPES_IN_ORDER);
const KNOWN_TYPES: ReadonlySet<string> = new Set([
  ...TRADE_TYPES,
  'deposit',
  'withdrawal',
  'staking',
  'earn',
  'transfer',
  'adjustment',
  'invite bonus',
  'margin',
  'rollover',
]);
const STAKING_MOVES: ReadonlySet<string> = new Set(['spottostaking', 'stakingfromspot', 'stakingtospot', 'spotfromstaking']);
const FUTURES_MOVES: ReadonlySet<string> = new Set(['spottofutures', 'spotfromfutures']);
const DELISTING = 'delistingconversion';
const TRANSFER_SUBTYPES: ReadonlySet<string> = new Set(['', ...STAKING_MOVES, ...FUTURES_MOVES, DELISTING]);
const EARN_MOVES: ReadonlySet<string> = new Set(['allocation', 'deallocation', 'autoallocation', 'migration']);
const EARN_SUBTYPES: ReadonlySet<string> = new Set(['reward', 'airdrop', ...EARN_MOVES, DELISTING]);
/** How far apart the two entries of a delisting conversion may be. */
const DELISTING_WINDOW_MS = 31 * 24 * 60 * 60 * 1000;

const ASSET_CODE = /^[A-Za-z0-9][A-Za-z0-9.\-_]{0,31}$/;
const WALLET_SUFFIX = /^(.+)\.(S|M|P|F|B|H|HOLD)$/;
const BONDING_PERIOD = /^([A-Z]{3,})(\d{2})$/;
const STAKED_NAMES: Readonly<Record<string, string>> = { ETH2: 'ETH', FLOWH: 'FLOW' };

/** Kraken's asset code as the common symbol: XXBT → BTC, DOT28.S → DOT, ETH2.S → ETH. */
export function krakenAsset(code: string): string {
  const upper = code.trim().toUpperCase();
  const suffixed = WALLET_SUFFIX.exec(upper);
  let base = suffixed ? suffixed[1]! : upper;
  if (suffixed?.[2] === 'S') base = BONDING_PERIOD.exec(base)?.[1] ?? base;
  return normalizeAsset(STAKED_NAMES[base] ?? base);
}

interface LedgerEntry {
  row: Row;
  txid: string;
  refid: string;
  timestamp: number;
  type: string;
  subtype: string;
  asset: string;
  /** As written, until readFeeSigns folds a refunded fee into it. */
  amount: Decimal;
  /** As written, until readFeeSigns makes it what was charged: never negative after. */
  fee: Decimal;
  feeAsset: string;
  amountUsd: Decimal | null;
  /** The balance after the entry; null for an entry Kraken had not booked. */
  balance: Decimal | null;
  /** The balance this entry changes: Kraken's asset code and, when written, the wallet. */
  balanceKey: string;
}

export const krakenLedgers: CsvFormat = {
  id: 'kraken',
  title: 'Kraken ledgers',
  origin: 'Kraken → History → Export → Ledgers (all fields), CSV',
  describeHeader: 'txid, refid, time, type, subtype, aclass, asset, amount, fee, balance (newer exports add wallet, subclass, amountusd, feecurrency)',
  columns: KRAKEN_COLUMNS,

  matchesHeader(header) {
    return hasColumns(header, REQUIRED);
  },

  createReader(header, sink) {
    const feeCurrencyColumn = pickColumn(header, ['feecurrency']);
    const amountUsdColumn = pickColumn(header, ['amountusd']);
    const entries: LedgerEntry[] = [];
    const txidLines = new Map<string, Row>();
    // Refids with a row already reported: the file is refused, and their other entries
    // would only add "the other side is missing" problems that are not the file's own.
    const reported = new Set<string>();
    let problems = 0;
    const counting: DraftSink = {
      transaction: (draft) => sink.transaction(draft),
      error: (error) => {
        problems += 1;
        sink.error(error);
      },
    };
    return {
      row(row) {
        const before = problems;
        const entry = readEntry(row, counting, feeCurrencyColumn, amountUsdColumn);
        if (problems > before) reported.add(row.get('refid').trim());
        const txid = row.get('txid').trim();
        if (txid !== '') {
          const earlier = txidLines.get(txid);
          if (earlier === undefined) txidLines.set(txid, row);
          else {
            repeatedTxid(row, earlier, sink);
            return;
          }
        }
        if (entry) entries.push(entry);
      },
      finish() {
        const read = readFeeSigns(entries, sink);
        joinDelistings(read.filter(isDelisting), sink);
        for (const group of groupByRefid(read.filter((e) => !isDelisting(e)))) {
          if (!reported.has(group[0]!.refid)) interpretGroup(group, sink);
        }
      },
    };
  },
};

/** A second row with a txid already seen: the same entry pasted twice, or two entries under one id. */
function repeatedTxid(row: Row, earlier: Row, sink: DraftSink): void {
  const same = row.cells.length === earlier.cells.length && row.cells.every((cell, i) => cell.trim() === earlier.cells[i]!.trim());
  new RowFields(row, sink).fail(
    'txid',
    same
      ? `this row repeats line ${earlier.line} (the same ledger entry twice: were two exports joined into one file?); ` +
          'remove one of them, or import the exports one at a time (entries already imported are skipped)'
      : `this txid is already on line ${earlier.line}, with different values; each Kraken ledger entry has its own txid, ` +
          'so the two rows cannot both be right: compare them with a fresh export from Kraken',
  );
}

function readEntry(row: Row, sink: DraftSink, feeCurrencyColumn: string | null, amountUsdColumn: string | null): LedgerEntry | null {
  const fields = new RowFields(row, sink);
  const timestamp = fields.date('time', parseIsoDateTime, 'YYYY-MM-DD HH:MM:SS in UTC');
  const refid = fields.required('refid');
  const type = fields.required('type')?.toLowerCase() ?? null;
  const subtype = fields.text('subtype').toLowerCase();
  if (type !== null && !KNOWN_TYPES.has(type)) {
    fields.fail('type', `not a Kraken ledger type Lotwise knows (known: ${[...KNOWN_TYPES].join(', ')})`);
  } else if (type === 'transfer' && !TRANSFER_SUBTYPES.has(subtype)) {
    fields.fail('subtype', `not a transfer subtype Lotwise knows (known: ${[...TRANSFER_SUBTYPES].filter((s) => s).join(', ')}, or none)`);
  } else if (type === 'earn' && !EARN_SUBTYPES.has(subtype)) {
    fields.fail('subtype', `not an earn subtype Lotwise knows (known: ${[...EARN_SUBTYPES].join(', ')})`);
  }
  const asset = assetCode(fields, 'asset');
  const amount = fields.decimal('amount');
  if (amount === null && fields.text('amount') === '') fields.fail('amount', 'amount is required');
  // Kraken writes 0 for no fee; an empty cell (rows not yet booked) means the same.
  const fee = fields.decimal('fee') ?? ZERO;
  const feeAsset = (feeCurrencyColumn === null ? null : assetCode(fields, feeCurrencyColumn)) ?? asset;
  const amountUsd = amountUsdColumn === null ? null : usdValue(fields, amountUsdColumn);
  const balance = fields.decimal('balance');
  if (fields.failed || timestamp === null || refid === null || type === null || asset === null || amount === null) return null;
  return {
    row,
    txid: fields.text('txid'),
    refid,
    timestamp,
    type,
    subtype,
    asset,
    amount,
    fee,
    feeAsset: feeAsset ?? asset,
    amountUsd,
    balance,
    balanceKey: `${fields.text('asset').toUpperCase()}\n${fields.text('wallet').toLowerCase()}`,
  };
}

type FeeReading = 'charged' | 'refunded';

/**
 * What the balance says of each entry's fee, where the balance before the entry is in the
 * file: the balance of an entry of the same asset code and wallet at the latest earlier
 * time, or at the same time (the file's order within a second is not the ledger's).
 * Entries the balances do not settle one way are left out.
 */
function feeReadingsFromBalances(entries: readonly LedgerEntry[]): Map<LedgerEntry, FeeReading> {
  const byKey = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    if (entry.balance === null) continue;
    const list = byKey.get(entry.balanceKey);
    if (list) list.push(entry);
    else byKey.set(entry.balanceKey, [entry]);
  }
  const readings = new Map<LedgerEntry, FeeReading>();
  for (const list of byKey.values()) {
    list.sort((a, b) => a.timestamp - b.timestamp);
    let earlierStart = -1; // first entry of the latest earlier time, -1 when none
    for (let i = 0; i < list.length; ) {
      let end = i;
      while (end < list.length && list[end]!.timestamp === list[i]!.timestamp) end += 1;
      // The balances an entry of this time may have started from, counted (a Map, so that
      // a second in which very many entries change one balance stays linear).
      const starts = new Map<string, number>();
      for (let k = earlierStart === -1 ? i : earlierStart; k < end; k += 1) {
        const key = list[k]!.balance!.toFixed();
        starts.set(key, (starts.get(key) ?? 0) + 1);
      }
      for (let k = i; k < end; k += 1) {
        const entry = list[k]!;
        if (entry.fee.isZero() || entry.feeAsset !== entry.asset) continue;
        const own = entry.balance!.toFixed();
        const startedFrom = (start: Decimal): boolean => {
          const key = start.toFixed();
          return (starts.get(key) ?? 0) - (key === own ? 1 : 0) > 0;
        };
        const before = entry.balance!.minus(entry.amount);
        const fee = entry.fee.abs();
        const charged = startedFrom(before.plus(fee));
        if (charged !== startedFrom(before.minus(fee))) readings.set(entry, charged ? 'charged' : 'refunded');
      }
      earlierStart = i;
      i = end;
    }
  }
  return readings;
}

/**
 * Settles every fee's sign (see the header), folds refunds into the amount, and returns
 * the entries read. An entry whose fee cannot be settled is reported instead, and the
 * other entries of its refid are left out too, so that they are not reported again as a
 * trade with a side missing.
 */
function readFeeSigns(entries: readonly LedgerEntry[], sink: DraftSink): LedgerEntry[] {
  const readings = feeReadingsFromBalances(entries);
  // The sign each checked entry shows Kraken giving a charged fee in this file.
  const shown = [...readings].map(([entry, reading]) => ({ entry, chargePositive: (reading === 'charged') === entry.fee.gt(0) }));
  const positive = shown.filter((s) => s.chargePositive);
  const negative = shown.filter((s) => !s.chargePositive);
  const majority = positive.length >= negative.length ? positive : negative;
  const minority = majority === positive ? negative : positive;
  const chargePositive = shown.length === 0 ? null : majority[0]!.chargePositive;
  const witness = majority.reduce((a, b) => (b.entry.row.line < a.entry.row.line ? b : a), majority[0]!);
  const contradicting = new Set(minority.map((s) => s.entry));
  const failedRefids = new Set<string>();
  const fail = (entry: LedgerEntry, message: string): void => {
    failedRefids.add(entry.refid);
    new RowFields(entry.row, sink).fail('fee', message);
  };
  const read: LedgerEntry[] = [];
  for (const entry of entries) {
    // Kraken writes "-0.0000" too, and that is no fee.
    if (entry.fee.isZero()) {
      read.push({ ...entry, fee: ZERO });
      continue;
    }
    if (contradicting.has(entry)) {
      fail(
        entry,
        `the balance shows Kraken ${readings.get(entry)!} this fee, which would make a charged fee ${chargePositive ? 'negative' : 'positive'} ` +
          `in this file, but the balance on line ${witness.entry.row.line} shows a charged fee written ${chargePositive ? 'positive' : 'negative'}: ` +
          'the signs of the fees contradict the balances. Export the ledger from Kraken again instead of editing it',
      );
      continue;
    }
    let reading = readings.get(entry) ?? null;
    if (reading === null && chargePositive !== null) reading = entry.fee.gt(0) === chargePositive ? 'charged' : 'refunded';
    if (reading === null && entry.fee.gt(0)) reading = 'charged';
    const fee = entry.fee.abs();
    if (reading === null) {
      fail(
        entry,
        'the fee is negative, and Lotwise cannot tell whether Kraken charged it or gave it back: no earlier entry of ' +
          `${entry.row.get('asset').trim()} in this file shows the balance before it, and no other fee in the file settles how it writes ` +
          'fees. Export the ledger from an earlier date, so that the entries before this one are in the file',
      );
    } else if (reading === 'charged') {
      read.push({ ...entry, fee });
    } else if (entry.feeAsset !== entry.asset) {
      fail(entry, 'a fee given back (a refund) in another currency than the amount: Lotwise cannot fold it into the amount');
    } else {
      read.push({ ...entry, amount: entry.amount.plus(fee), fee: ZERO });
    }
  }
  return failedRefids.size === 0 ? read : read.filter((entry) => !failedRefids.has(entry.refid));
}

function assetCode(fields: RowFields, column: string): string | null {
  const text = fields.text(column);
  if (text === '') return column === 'asset' ? fields.fail(column, 'asset is required') : null;
  return ASSET_CODE.test(text) ? krakenAsset(text) : fields.fail(column, 'not an asset code');
}

/** The USD value column: a number, or nothing when empty or written as "-". */
function usdValue(fields: RowFields, column: string): Decimal | null {
  const text = fields.text(column);
  if (text === '' || text === '-') return null;
  return fields.decimal(column)?.abs() ?? null;
}

/** Groups in time order (then refid), entries in each by time then txid: file order never matters. */
function groupByRefid(entries: readonly LedgerEntry[]): LedgerEntry[][] {
  const groups = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.refid);
    if (group) group.push(entry);
    else groups.set(entry.refid, [entry]);
  }
  const byTime = (a: LedgerEntry, b: LedgerEntry): number => a.timestamp - b.timestamp || compareText(a.txid, b.txid);
  const sorted = [...groups.values()].map((group) => group.sort(byTime));
  return sorted.sort((a, b) => a[0]!.timestamp - b[0]!.timestamp || compareText(a[0]!.refid, b[0]!.refid));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function interpretGroup(group: readonly LedgerEntry[], sink: DraftSink): void {
  const booked: LedgerEntry[] = [];
  for (const entry of group) {
    if (entry.txid === '') {
      emitIgnored(entry, sink, 'listed before Kraken booked it (no ledger id, no balance); the booked entry records the change');
    } else {
      booked.push(entry);
    }
  }
  const tradeEntries = booked.filter((e) => TRADE_TYPES.has(e.type));
  if (tradeEntries.length > 0) emitTrade(tradeEntries, sink);
  for (const entry of booked.filter(isWalletMove)) emitSingle(entry, sink);
  const others = booked.filter((e) => !TRADE_TYPES.has(e.type) && !isWalletMove(e));
  if (others.length > 1 && netsToZero(others)) {
    for (const entry of others) emitIgnored(entry, sink, 'cancelled by another entry with the same refid (a failed or reversed transfer)');
    return;
  }
  for (const entry of others) emitSingle(entry, sink);
}

/** A move between the user's own spot, staking and earn wallets at Kraken. */
function isWalletMove(entry: LedgerEntry): boolean {
  return (entry.type === 'transfer' && STAKING_MOVES.has(entry.subtype)) || (entry.type === 'earn' && EARN_MOVES.has(entry.subtype));
}

/** Per asset: the balance change of each entry (amount less fee), summed. */
function balanceChanges(entries: readonly LedgerEntry[]): Map<string, Decimal> {
  const changes = new Map<string, Decimal>();
  const add = (asset: string, value: Decimal): void => {
    changes.set(asset, (changes.get(asset) ?? ZERO).plus(value));
  };
  for (const entry of entries) {
    add(entry.asset, entry.amount);
    add(entry.feeAsset, entry.fee.negated());
  }
  return changes;
}

function netsToZero(entries: readonly LedgerEntry[]): boolean {
  return [...balanceChanges(entries).values()].every((change) => change.isZero());
}

interface TradeSides {
  sent: [string, Decimal][];
  received: [string, Decimal][];
}

function tradeSides(entries: readonly LedgerEntry[]): TradeSides {
  const amounts = new Map<string, Decimal>();
  for (const entry of entries) amounts.set(entry.asset, (amounts.get(entry.asset) ?? ZERO).plus(entry.amount));
  const all = [...amounts].sort(([a], [b]) => compareText(a, b));
  return { sent: all.filter(([, v]) => v.lt(0)), received: all.filter(([, v]) => v.gt(0)) };
}

function emitTrade(entries: readonly LedgerEntry[], sink: DraftSink): void {
  const first = entries[0]!;
  const refid = first.refid;
  const kind = TRADE_TYPES_IN_ORDER.filter((type) => entries.some((e) => e.type === type)).join('/');
  const { sent, received } = tradeSides(entries);
  const where = entries.reduce((a, b) => (b.row.line < a.row.line ? b : a));
  if (sent.length === 0 && received.length === 0) {
    new RowFields(where.row, sink).fail('refid', `${kind} ${refid} moves no amount: neither a sent nor a received side`);
    return;
  }
  if (sent.length === 0 || received.length === 0) {
    const present = sent.length === 0 ? 'received' : 'sent';
    new RowFields(where.row, sink).fail(
      'refid',
      `only the ${present} side of ${kind} ${refid} is in this file; the export's date range may cut through it: export a range that includes every row with this refid`,
    );
    return;
  }
  if (sent.length > 1 || received.length > 1) {
    const assets = `${sent.map(([a]) => a).join(' + ')} → ${received.map(([a]) => a).join(' + ')}`;
    new RowFields(where.row, sink).fail(
      'refid',
      `${kind} ${refid} exchanges several assets at once (${assets}, a dust conversion?); a Lotwise trade has one sent and one received asset: remove these rows and enter the parts with the Lotwise template`,
    );
    return;
  }
  const [sentAsset, sentAmount] = sent[0]!;
  const [receivedAsset, receivedAmount] = received[0]!;
  const fees = [...feesByAsset(entries)].sort(([a], [b]) => compareText(a, b));
  const tradeFee =
    fees.find(([asset]) => asset === sentAsset) ?? fees.find(([asset]) => asset === receivedAsset) ?? fees[0] ?? null;
  const value = usdValueOf(entries, receivedAsset) ?? usdValueOf(entries, sentAsset);
  const raw = entries.map((e) => e.row.record());
  emit(where, sink, {
    timestamp: first.timestamp,
    type: 'trade',
    sent: leg(sentAsset, sentAmount),
    received: leg(receivedAsset, receivedAmount),
    fee: tradeFee && leg(tradeFee[0], tradeFee[1]),
    fiatValue: value && toDecimalText(value),
    fiatCurrency: value && 'USD',
    label: kind,
    externalId: `kraken:${refid}`,
    raw,
  });
  for (const [asset, amount] of fees) {
    if (tradeFee && asset === tradeFee[0]) continue;
    emit(where, sink, {
      timestamp: first.timestamp,
      type: 'fee',
      sent: null,
      received: null,
      fee: leg(asset, amount),
      label: `${kind} fee`,
      description: `part of the fee for ${kind} ${refid}, charged in ${asset}`,
      externalId: `kraken:${refid}:fee:${asset}`,
      raw,
    });
  }
}

function isDelisting(entry: LedgerEntry): boolean {
  return entry.subtype === DELISTING && entry.txid !== '';
}

/**
 * Each delisted asset Kraken took, with the asset it gave for it (the nearest in time,
 * within DELISTING_WINDOW_MS), as one trade; see the header.
 */
function joinDelistings(entries: readonly LedgerEntry[], sink: DraftSink): void {
  const byTime = (a: LedgerEntry, b: LedgerEntry): number => a.timestamp - b.timestamp || a.row.line - b.row.line;
  const taken = entries.filter((e) => e.amount.lt(0)).sort(byTime);
  const given = entries.filter((e) => e.amount.gt(0)).sort(byTime);
  const used = new Set<LedgerEntry>();
  const fail = (entry: LedgerEntry, message: string): void => {
    new RowFields(entry.row, sink).fail('subtype', message);
  };
  for (const out of taken) {
    const distance = (e: LedgerEntry): number => Math.abs(e.timestamp - out.timestamp);
    const near = given.filter((e) => !used.has(e) && e.asset !== out.asset && distance(e) <= DELISTING_WINDOW_MS);
    const nearest = Math.min(...near.map(distance));
    const partners = near.filter((e) => distance(e) === nearest);
    if (partners.length !== 1) {
      fail(
        out,
        partners.length === 0
          ? `no entry in this file within 31 days gives what Kraken converted this delisted ${out.asset} into; ` +
              'export a range that holds both entries of the conversion'
          : `entries on lines ${partners.map((e) => e.row.line).join(' and ')} could each be what Kraken gave for this delisted ` +
              `${out.asset}; record the conversion with the Lotwise template and remove these rows`,
      );
      continue;
    }
    const into = partners[0]!;
    used.add(into);
    const pair = [out, into];
    const fees = [...feesByAsset(pair)].sort(([a], [b]) => compareText(a, b));
    if (fees.length > 1) {
      fail(out, 'this delisting conversion charged fees in two assets; record it with the Lotwise template and remove its rows');
      continue;
    }
    const value = usdValueOf(pair, into.asset) ?? usdValueOf(pair, out.asset);
    emit(out, sink, {
      timestamp: out.timestamp,
      type: 'trade',
      sent: leg(out.asset, out.amount),
      received: leg(into.asset, into.amount),
      fee: fees.length === 0 ? null : leg(fees[0]![0], fees[0]![1]),
      fiatValue: value && toDecimalText(value),
      fiatCurrency: value && 'USD',
      label: labelOf(out),
      description:
        `Kraken converted the delisted ${out.asset} into ${into.asset}; its two ledger entries have different refids ` +
        `(lines ${Math.min(out.row.line, into.row.line)} and ${Math.max(out.row.line, into.row.line)}) and were joined by time`,
      externalId: `kraken:${out.txid}`,
      raw: [out, into].sort((a, b) => a.row.line - b.row.line).map((e) => e.row.record()),
    });
  }
  for (const into of given) {
    if (used.has(into)) continue;
    fail(
      into,
      `no entry in this file within 31 days takes the delisted asset Kraken gave this ${into.asset} for; ` +
        'export a range that holds both entries of the conversion',
    );
  }
}

function feesByAsset(entries: readonly LedgerEntry[]): Map<string, Decimal> {
  const fees = new Map<string, Decimal>();
  for (const entry of entries) {
    if (!entry.fee.isZero()) fees.set(entry.feeAsset, (fees.get(entry.feeAsset) ?? ZERO).plus(entry.fee));
  }
  return fees;
}

/** The USD value of an asset's entries when every one of them states it. */
function usdValueOf(entries: readonly LedgerEntry[], asset: string): Decimal | null {
  const ofAsset = entries.filter((e) => e.asset === asset);
  if (ofAsset.length === 0 || ofAsset.some((e) => e.amountUsd === null)) return null;
  return ofAsset.reduce((total, e) => total.plus(e.amountUsd!), ZERO);
}

function emitSingle(entry: LedgerEntry, sink: DraftSink): void {
  const fields = new RowFields(entry.row, sink);
  const inflow = entry.amount.gt(0);
  const outflow = entry.amount.lt(0);
  let type: TransactionType;
  let description: string | null = null;
  switch (entry.type) {
    case 'deposit':
    case 'withdrawal':
    case 'adjustment':
      type = inflow ? 'deposit' : 'withdrawal';
      if (entry.type === 'adjustment') description = 'balance adjusted by Kraken outside trading';
      else if (entry.type === 'withdrawal' && inflow) description = 'a withdrawal returned to the account';
      else if (entry.type === 'deposit' && outflow) description = 'a deposit taken back';
      break;
    case 'staking':
      if (!inflow) {
        emitIgnored(entry, sink, 'taken out of a staking balance at Kraken into another of the user’s wallets: the same coins, still the user’s');
        return;
      }
      type = 'staking';
      break;
    case 'earn':
      if (EARN_MOVES.has(entry.subtype)) {
        emitIgnored(entry, sink, 'moved between the spot and earn wallets at Kraken: the same coins, still the user’s');
        return;
      }
      if (!inflow) {
        fields.fail('amount', `an earn ${entry.subtype === 'airdrop' ? 'airdrop' : 'reward'} must credit the account`);
        return;
      }
      type = entry.subtype === 'airdrop' ? 'airdrop' : 'staking';
      break;
    case 'transfer':
      if (STAKING_MOVES.has(entry.subtype)) {
        emitIgnored(entry, sink, 'moved between the spot and staking wallets at Kraken: the same coins, still the user’s');
        return;
      }
      if (FUTURES_MOVES.has(entry.subtype)) {
        type = inflow ? 'deposit' : 'withdrawal';
        description = inflow
          ? 'credited from Kraken Futures, a separate account (Kraken has also credited fork coins such as ETHW this way)'
          : 'moved to Kraken Futures, a separate account';
      } else {
        type = inflow ? 'airdrop' : 'withdrawal';
        description = inflow
          ? 'credited by Kraken as a transfer: an airdrop, a fork or an OTC settlement (check which)'
          : 'removed by Kraken as a transfer (a delisting or an OTC settlement)';
      }
      break;
    case 'invite bonus':
      type = 'reward';
      break;
    case 'margin':
    case 'rollover':
      if (inflow || (outflow && entry.type === 'margin')) type = 'realized-gain';
      else type = 'expense';
      if (entry.type === 'rollover' || !(inflow || outflow)) description = 'margin fee';
      break;
    default:
      fields.fail('type', 'not a Kraken ledger type Lotwise knows');
      return;
  }
  const feeLeg = entry.fee.isZero() ? null : leg(entry.feeAsset, entry.fee);
  // An expense with no amount is the fee itself leaving the account.
  const feeOnly = type === 'expense' && !outflow;
  emit(entry, sink, {
    timestamp: entry.timestamp,
    type,
    sent: outflow ? leg(entry.asset, entry.amount) : feeOnly ? feeLeg : null,
    received: inflow ? leg(entry.asset, entry.amount) : null,
    fee: feeOnly ? null : feeLeg,
    fiatValue: entry.amountUsd && toDecimalText(entry.amountUsd),
    fiatCurrency: entry.amountUsd && 'USD',
    label: labelOf(entry),
    description,
    externalId: `kraken:${entry.txid}`,
    raw: entry.row.record(),
  });
}

function emitIgnored(entry: LedgerEntry, sink: DraftSink, why: string): void {
  const amount = entry.amount;
  emit(entry, sink, {
    timestamp: entry.timestamp,
    type: 'ignored',
    sent: amount.lt(0) ? leg(entry.asset, amount) : null,
    received: amount.gt(0) ? leg(entry.asset, amount) : null,
    fee: entry.fee.isZero() ? null : leg(entry.feeAsset, entry.fee),
    label: labelOf(entry),
    description: why,
    // Unbooked rows have no ledger id: the import derives one from their content.
    externalId: entry.txid === '' ? null : `kraken:${entry.txid}`,
    raw: entry.row.record(),
  });
}

function emit(at: LedgerEntry, sink: DraftSink, parts: DraftParts): void {
  const draft = buildDraft(new RowFields(at.row, sink), parts, 'type');
  if (draft) sink.transaction(draft);
}

function labelOf(entry: LedgerEntry): string {
  return entry.subtype === '' ? entry.type : `${entry.type}/${entry.subtype}`;
}

function leg(asset: string, amount: Decimal): Leg {
  return { asset, amount: toDecimalText(amount.abs()) };
}
