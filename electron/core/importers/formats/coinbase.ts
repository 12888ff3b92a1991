// Coinbase (retail app) transaction history: Statements → Transaction history → CSV.
// One row per event, in the user's native currency ("price currency"), times in UTC.
//
// Header versions read here (Coinbase writes a few preamble lines above each header —
// a disclaimer, "Transactions", a "User,..." line — which the header finder skips):
//   2020–mid 2021  Timestamp, Transaction Type, Asset, Quantity Transacted,
//                  USD Spot Price at Transaction, USD Subtotal, USD Total (inclusive of fees),
//                  USD Fees, Notes                  (the currency is in the column names)
//   late 2021      … Spot Price Currency, Spot Price at Transaction, Subtotal,
//                  Total (inclusive of fees), Fees, Notes
//   2022–2023      … Spot Price Currency, Spot Price at Transaction, Subtotal,
//                  Total (inclusive of fees and/or spread), Fees and/or Spread, Notes
//   2023–2024      … Price Currency, Price at Transaction, Subtotal, Total (…), Fees and/or Spread
//   2024 on        ID first, then as above; amounts written "$1,234.56" / "-$4.41",
//                  times "2024-01-15 12:34:56 UTC", quantities signed (negative going out)
//   2025 on        as 2024 plus Sender Address, Recipient Address at the end
// Timestamps are ISO ("2021-01-15T17:03:24Z") before 2024. Sources: BittyTax's parser
// (conv/parsers/coinbase.py: header list, types, Notes patterns for Convert and Advanced
// Trade), CoinTaxman (src/exchanges/coinbase.py and PR #172: preambles, signs, symbols),
// BittyTax issues #390, #450, #458 and GhostfolioSidekick #226 (the ID column, new Notes).
// The older "USD Amount Transacted (Inclusive of Coinbase Fees)" report (2019) is not
// read: it states no fee and some copies carry dates without a time.
//
// How rows become transactions:
// - Buy / Sell (and Advanced Trade Buy / Sell): a trade against the price currency.
//   Coinbase states Subtotal, Total and Fees, and real files do not always satisfy
//   Subtotal ± Fees = Total (an unreported spread). The fiat leg is derived from Total,
//   the money that actually moved: a buy sends Total − Fees and pays Fees as the fee leg;
//   a sell receives Total + Fees and pays Fees. Where the columns add up this is exactly
//   Subtotal, and either way sent + fee (buy) or received − fee (sell) equals Total, so
//   nothing is counted twice and no spread is lost.
// - When the Notes say the trade was against another asset ("Bought 3 SOL for 397.43 USDC
//   on SOL-USDC at …"), that asset is the other leg, with the amount the note states; the
//   note's amount is what moved (fee included), so there is no separate fee leg.
// - Convert: the asset received and its amount are only in the Notes ("Converted 0.5 ETH to
//   1,000 USDC"). Exports from 2025 may write a Convert as two rows with one ID and no
//   Notes, one taking the asset given (negative quantity) and one adding the asset
//   received: the pair is one trade, and that one repeated ID is no error. (No published
//   example of this shape was found; it is read as testers' exports show it, and a row of
//   it without its partner is reported.)
// - Between ETH and ETH2 a Convert is a swap, not a sale: ETH2 was Coinbase's name for the
//   ETH it staked, 1:1, and the ETH2 keeps the ETH's cost basis and dates, as when
//   Coinbase turned it back (Retail Eth2 Deprecation below).
// - The value of a buy, a sale or a convert is the value received, net of fees: the
//   smaller of Subtotal and Total. Which column holds what varies by layout, and the fee
//   or spread is their difference: a sale writes Subtotal −$300.00, Total −$298.80, Fees
//   $1.20 (received 298.80); a 2019 Convert Subtotal 2.19, Total 1.75, Fees 0.44, the BTC
//   given being worth 0.0002905 × 6,024.10 = 1.75 (BittyTax PR #48); 2021–2024 Converts
//   Total = quantity × price given and Subtotal the value received (Export-To-Ghostfolio
//   issue #168: €351.66 of BTC for €338.93 of XRP); late-2025 Converts Subtotal $84.622
//   given, Total $83.77578 received, Fees −$0.84622.
//   For a trade against another crypto asset that value is what the engine takes as the
//   disposal's proceeds, so the fee comes off them (a sale into USDC of $300.00 with $1.20
//   of fees realizes $298.80, as the same sale into dollars does through its fee leg). The
//   signs Coinbase gives Subtotal, Total and Fees are not read: amounts are taken as they
//   are, without sign.
// - Send → withdrawal, Receive → deposit (Receive with a Coinbase Referral / Earn / Rewards
//   note → reward), fiat Deposit / Withdrawal → deposit / withdrawal of that currency, and
//   Pro/Exchange transfers → deposit / withdrawal. Quantity is the balance change; a fee on
//   a fiat transfer is not a tax event and stays in the raw record.
// - Income at the row's value: Rewards Income, Staking Income, Inflation Reward → staking;
//   Coinbase Earn, Learning Reward, Incentives Rewards Payout, Subscription Rebate(s) →
//   reward; Interest, Interest Payout → interest. Donation → donation.
// - Retail Staking / Unstaking Transfer moves coins inside the account: ignored, with the
//   leg in the direction of the quantity's sign.
// - Retail Eth2 Deprecation (2025): Coinbase turned staked ETH2 back into ETH, one row
//   taking the ETH2 and one giving the same quantity of ETH, seconds apart (real files
//   show up to ±5 s). The two rows are joined into one swap: no disposal, the ETH keeps
//   the ETH2's cost basis and dates. A half whose other half is not in the file (within
//   ten minutes) is an error rather than a guess. Other exports write the same migration
//   as a Send of ETH2 ("Sent 0.180914809326 ETH2s") and a Receive of as much ETH in the
//   same second (Export-To-Ghostfolio issue #168): ETH2 could not leave Coinbase, so such
//   a pair is the same swap; a Send or Receive that pairs with nothing stays a withdrawal
//   or deposit.
// - Anything else is an error naming the type, so no row is dropped unseen.
// The fiat value of any other row is its Subtotal, else Total, else Quantity × Price at
// Transaction.
//
// External ids. The ID column exists only from 2024, and a 2024 export lists the same
// transactions as the 2022 one that had no ID: ids taken from it would import every
// overlapping transaction twice. So the id is derived from what every version states the
// same way: the time (to the second, whichever way it is written), the direction the type
// implies (a buy, a sale, a convert, coins in, coins out: "Coinbase Earn" and "Learning
// Reward", or "Advance Trade Buy" and "Buy", are the same direction), the asset and the
// quantity without its sign (2024 on write outgoing quantities negative) or trailing
// zeros. Notes (reworded between versions), Subtotal, Total and Fees (rounded
// differently) and the price currency are left out. Identical rows at one time are
// counted (see external-ids.ts), so each imports once. The ID column is still checked:
// one file listing an ID twice is an error, except the two rows of one Convert.
import { normalizeAsset } from '../../../../shared/assets.ts';
import { ZERO, parseDecimal, toDecimalText, type Decimal } from '../../../../shared/money.ts';
import type { TransactionDraft, TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat, DraftSink, FormatColumns, Row } from '../csv-format.ts';
import { parseIsoDateTime } from '../dates.ts';
import { buildDraft } from '../draft.ts';
import { DerivedIds } from '../external-ids.ts';
import { hasColumns, pickColumn } from '../header.ts';
import { RowFields, type Leg } from '../row-fields.ts';

const REQUIRED = ['Timestamp', 'Transaction Type', 'Asset', 'Quantity Transacted', 'Notes'];

type CoinbaseRule =
  | { kind: 'buy' }
  | { kind: 'sell' }
  | { kind: 'convert' }
  | { kind: 'in'; type: TransactionType }
  | { kind: 'out'; type: TransactionType }
  | { kind: 'move' }
  | { kind: 'eth2-deprecation' };

/** Coinbase's transaction types, lower-cased. */
const COINBASE_TYPES: Readonly<Record<string, CoinbaseRule>> = {
  buy: { kind: 'buy' },
  'advanced trade buy': { kind: 'buy' },
  'advance trade buy': { kind: 'buy' }, // sic, in some exports
  sell: { kind: 'sell' },
  'advanced trade sell': { kind: 'sell' },
  'advance trade sell': { kind: 'sell' },
  convert: { kind: 'convert' },
  receive: { kind: 'in', type: 'deposit' },
  deposit: { kind: 'in', type: 'deposit' },
  'exchange withdrawal': { kind: 'in', type: 'deposit' }, // from Coinbase Pro into the app
  'pro withdrawal': { kind: 'in', type: 'deposit' },
  send: { kind: 'out', type: 'withdrawal' },
  withdrawal: { kind: 'out', type: 'withdrawal' },
  'exchange deposit': { kind: 'out', type: 'withdrawal' }, // from the app to Coinbase Pro
  'pro deposit': { kind: 'out', type: 'withdrawal' },
  'rewards income': { kind: 'in', type: 'staking' },
  'reward income': { kind: 'in', type: 'staking' },
  'staking income': { kind: 'in', type: 'staking' },
  'inflation reward': { kind: 'in', type: 'staking' },
  'coinbase earn': { kind: 'in', type: 'reward' },
  'learning reward': { kind: 'in', type: 'reward' },
  'incentives rewards payout': { kind: 'in', type: 'reward' },
  'subscription rebate': { kind: 'in', type: 'reward' },
  'subscription rebates (24 hours)': { kind: 'in', type: 'reward' },
  interest: { kind: 'in', type: 'interest' },
  'interest payout': { kind: 'in', type: 'interest' },
  donation: { kind: 'out', type: 'donation' },
  'retail staking transfer': { kind: 'move' },
  'retail unstaking transfer': { kind: 'move' },
  'retail eth2 deprecation': { kind: 'eth2-deprecation' },
};

/** The direction a rule gives a row, as every header version would state it. */
function directionOf(rule: CoinbaseRule, signedQuantity: Decimal): string {
  switch (rule.kind) {
    case 'move':
      return signedQuantity.lt(0) ? 'move-out' : 'move-in';
    case 'eth2-deprecation':
      return 'eth2-deprecation';
    default:
      return rule.kind;
  }
}

/** How far apart the two rows of a Retail Eth2 Deprecation may be. */
const ETH2_PAIR_WINDOW_MS = 10 * 60 * 1000;

/** One row of an ETH2 migration, held until its other half is found. */
interface Eth2Half {
  row: Row;
  timestamp: number;
  asset: string;
  quantity: Decimal;
  value: Decimal | null;
  currency: string | null;
  /** What the row is when it pairs with nothing (a Send or Receive); null: an error. */
  alone: TransactionDraft | null;
}

/** One row of a Convert written as two rows with one ID, held until its partner is read. */
interface ConvertHalf {
  row: Row;
  timestamp: number;
  asset: string;
  signedQuantity: Decimal;
  value: Decimal | null;
  currency: string | null;
}

const ETH2_PAIR = new Set(['ETH', 'ETH2']);
const ETH2_CONVERT_NOTE = 'Coinbase’s conversion between ETH and ETH2, its staked ETH: not a sale, the coins keep their cost basis and dates';

/** A Convert between ETH and ETH2 moves the same staked ether: a swap. */
function convertType(sent: string, received: string): TransactionType {
  return sent !== received && ETH2_PAIR.has(sent) && ETH2_PAIR.has(received) ? 'swap' : 'trade';
}

/** The value received, net of fees: the smaller of Subtotal and Total (see the header). */
function valueReceived(subtotal: Decimal | null, total: Decimal | null): Decimal | null {
  if (subtotal !== null && total !== null) return subtotal.lt(total) ? subtotal : total;
  return subtotal ?? total;
}

/** Where a header version keeps each value. */
interface CoinbaseLayout {
  idColumn: string | null;
  /** The price currency's column, or null when the currency is in the column names. */
  currencyColumn: string | null;
  fixedCurrency: string | null;
  priceColumn: string;
  subtotalColumn: string;
  totalColumn: string;
  feesColumn: string;
  /** 2023 on: amounts carry a currency symbol and thousands separators. */
  decorated: boolean;
}

function layoutOf(header: readonly string[]): CoinbaseLayout | null {
  if (!hasColumns(header, REQUIRED)) return null;
  const idColumn = pickColumn(header, ['ID']);
  const currencyColumn = pickColumn(header, ['Price Currency', 'Spot Price Currency']);
  if (currencyColumn !== null) {
    const priceColumn = pickColumn(header, ['Price at Transaction', 'Spot Price at Transaction']);
    const subtotalColumn = pickColumn(header, ['Subtotal']);
    const totalColumn = pickColumn(header, ['Total (inclusive of fees and/or spread)', 'Total (inclusive of fees)']);
    const feesColumn = pickColumn(header, ['Fees and/or Spread', 'Fees']);
    if (priceColumn === null || subtotalColumn === null || totalColumn === null || feesColumn === null) return null;
    const decorated = currencyColumn.toLowerCase() === 'price currency';
    return { idColumn, currencyColumn, fixedCurrency: null, priceColumn, subtotalColumn, totalColumn, feesColumn, decorated };
  }
  for (const name of header) {
    const match = /^([A-Z]{3}) Spot Price at Transaction$/i.exec(name);
    if (!match) continue;
    const currency = match[1]!.toUpperCase();
    const subtotalColumn = pickColumn(header, [`${currency} Subtotal`]);
    const totalColumn = pickColumn(header, [`${currency} Total (inclusive of fees)`]);
    const feesColumn = pickColumn(header, [`${currency} Fees`]);
    if (subtotalColumn === null || totalColumn === null || feesColumn === null) return null;
    return {
      idColumn,
      currencyColumn: null,
      fixedCurrency: currency,
      priceColumn: name,
      subtotalColumn,
      totalColumn,
      feesColumn,
      decorated: false,
    };
  }
  return null;
}

// "$1,234.56", "-$4.41", "€0.00688", "$-3.00": one optional sign, one known currency symbol,
// digits with correctly placed thousands separators. Anything else stays as written and
// fails as "not a number".
const DECORATED_AMOUNT = /^(-?)[$€£]?(-?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$/;

function cleanDecoratedAmount(text: string): string {
  const match = DECORATED_AMOUNT.exec(text);
  if (!match || (match[1] && match[2])) return text;
  return `${match[1] || match[2]}${match[3]!.replaceAll(',', '')}`;
}

// Numbers inside Notes: "1,000", "0.01785412", "1,155.20".
const NOTE_NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)`;
const NOTE_ASSET = String.raw`[A-Za-z0-9]+`;
const CONVERT_NOTE = new RegExp(String.raw`^Converted (${NOTE_NUMBER}) (${NOTE_ASSET}) to (${NOTE_NUMBER}) (${NOTE_ASSET})$`);
const TRADE_NOTE = new RegExp(
  String.raw`^(?:Bought|Sold) (${NOTE_NUMBER}) (${NOTE_ASSET}) for [^\d\s]{0,3} ?(${NOTE_NUMBER}) (${NOTE_ASSET})` +
    String.raw`(?: on (${NOTE_ASSET})-(${NOTE_ASSET}))?(?: at ${NOTE_NUMBER} ${NOTE_ASSET}/${NOTE_ASSET})?$`,
);

function noteNumber(text: string): Decimal | null {
  return parseDecimal(text.replaceAll(',', ''));
}

interface TradeNote {
  base: string;
  counterAmount: Decimal;
  counterAsset: string;
  /** The quote asset of the market the note names ("on SOL-USDC"), if it names one. */
  marketQuote: string | null;
}

function parseTradeNote(notes: string | null): TradeNote | null {
  const match = notes === null ? null : TRADE_NOTE.exec(notes);
  if (!match) return null;
  const counterAmount = noteNumber(match[3]!);
  if (counterAmount === null) return null;
  return {
    base: normalizeAsset(match[2]!),
    counterAmount,
    counterAsset: normalizeAsset(match[4]!),
    marketQuote: match[6] === undefined ? null : normalizeAsset(match[6]),
  };
}

const INCOME_NOTE = /Coinbase (Referral|Earn|Rewards)/;

/**
 * The columns every version has, for naming what a header lacks. The price and amount
 * columns differ between versions by more than their names (a currency in the name, or
 * a currency column), so layoutOf decides those.
 */
const COINBASE_COLUMNS: FormatColumns = {
  required: REQUIRED,
  optional: ['ID', ['Price Currency', 'Spot Price Currency'], ['Price at Transaction', 'Spot Price at Transaction'], 'Subtotal', ['Total (inclusive of fees and/or spread)', 'Total (inclusive of fees)'], ['Fees and/or Spread', 'Fees']],
};

export const coinbase: CsvFormat = {
  id: 'coinbase',
  title: 'Coinbase transaction history',
  origin: 'Coinbase (app or coinbase.com): Statements → Transaction history → CSV',
  describeHeader:
    'ID (2024 on), Timestamp, Transaction Type, Asset, Quantity Transacted, Price Currency (or Spot Price Currency), ' +
    'Price at Transaction, Subtotal, Total (inclusive of fees and/or spread), Fees and/or Spread, Notes',
  columns: COINBASE_COLUMNS,

  matchesHeader(header) {
    return layoutOf(header) !== null;
  },

  createReader(header, sink) {
    const layout = layoutOf(header)!;
    const idLines = new Map<string, { line: number; convertHalf: boolean; repeated: boolean }>();
    const money = layout.decorated ? cleanDecoratedAmount : (text: string) => text;
    const ids = new DerivedIds('coinbase');
    const eth2Halves: Eth2Half[] = [];
    // The ETH2 sends and ETH receives that may be the two rows of the migration.
    const eth2Sends: Eth2Half[] = [];
    const ethReceives: Eth2Half[] = [];
    const convertHalves = new Map<string, ConvertHalf[]>();

    return {
      row(row) {
        const fields = new RowFields(row, sink);
        const timestamp = fields.date('Timestamp', parseIsoDateTime, 'YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD HH:MM:SS UTC');
        const typeText = fields.required('Transaction Type');
        let rule: CoinbaseRule | null = null;
        if (typeText !== null) {
          rule = COINBASE_TYPES[typeText.toLowerCase()] ?? null;
          if (rule === null) {
            fields.fail(
              'Transaction Type',
              `"${typeText}" is not a Coinbase transaction type Lotwise knows how to record; ` +
                'record this event in the Lotwise template (docs/lotwise-template.md) and remove the row',
            );
          }
        }
        const asset = fields.required('Asset') === null ? null : fields.asset('Asset');
        const signedQuantity = fields.required('Quantity Transacted') === null ? null : fields.decimal('Quantity Transacted');
        if (signedQuantity !== null && signedQuantity.isZero()) fields.fail('Quantity Transacted', 'the quantity is zero');
        const currency = layout.fixedCurrency ?? fields.asset(layout.currencyColumn!);
        const price = fields.decimal(layout.priceColumn, money)?.abs() ?? null;
        const subtotal = fields.decimal(layout.subtotalColumn, money)?.abs() ?? null;
        const total = fields.decimal(layout.totalColumn, money)?.abs() ?? null;
        const fees = fields.decimal(layout.feesColumn, money)?.abs() ?? null;
        const notes = fields.optionalText('Notes');
        const id = layout.idColumn === null ? null : fields.required(layout.idColumn);
        // A Convert with no note, in a file with IDs: one of its two rows (see the header).
        const convertHalf = rule?.kind === 'convert' && notes === null && id !== null;
        if (id !== null) {
          const earlier = idLines.get(id);
          if (earlier === undefined) {
            idLines.set(id, { line: row.line, convertHalf, repeated: false });
          } else if (convertHalf && earlier.convertHalf && !earlier.repeated) {
            earlier.repeated = true;
          } else {
            fields.fail(layout.idColumn, `this ID is already on line ${earlier.line}; each Coinbase transaction has its own ID`);
          }
        }
        if (fields.failed || timestamp === null || rule === null || asset === null || signedQuantity === null) return;

        const quantity = signedQuantity.abs();
        const own: Leg = { asset, amount: toDecimalText(quantity) };
        const trading = rule.kind === 'buy' || rule.kind === 'sell' || rule.kind === 'convert';
        const value =
          (trading ? valueReceived(subtotal, total) : (subtotal ?? total)) ?? (price === null ? null : quantity.times(price));
        if (value !== null && currency === null) {
          fields.fail(layout.currencyColumn, 'the row states a value but not its currency');
          return;
        }
        if (rule.kind === 'eth2-deprecation') {
          eth2Halves.push({ row, timestamp, asset, quantity, value, currency, alone: null });
          return;
        }
        if (convertHalf) {
          const halves = convertHalves.get(id) ?? [];
          halves.push({ row, timestamp, asset, signedQuantity, value, currency });
          convertHalves.set(id, halves);
          return;
        }

        let type: TransactionType;
        let sent: Leg | null = null;
        let received: Leg | null = null;
        let fee: Leg | null = null;
        switch (rule.kind) {
          case 'buy':
          case 'sell': {
            const note = parseTradeNote(notes);
            const against = note === null ? currency : (note.marketQuote ?? note.counterAsset);
            if (note !== null && against !== currency) {
              // Traded against another asset: the note is the only record of that leg.
              if (note.marketQuote !== null && note.marketQuote !== note.counterAsset) {
                fields.fail(
                  'Notes',
                  `the note names the market ${note.base}-${note.marketQuote} but states the amount in ${note.counterAsset}, ` +
                    `so the ${note.marketQuote} that moved is not in this file; record this trade from the Advanced Trade fills instead`,
                );
                return;
              }
              if (note.base !== asset) {
                fields.fail('Notes', `the note is about ${note.base}, but the row's Asset is ${asset}`);
                return;
              }
              const counter: Leg = { asset: note.counterAsset, amount: toDecimalText(note.counterAmount) };
              sent = rule.kind === 'buy' ? counter : own;
              received = rule.kind === 'buy' ? own : counter;
            } else {
              if (currency === null) {
                fields.fail(layout.currencyColumn, 'a buy or sell needs its price currency');
                return;
              }
              const feeAmount = fees ?? ZERO;
              const cash = total ?? (subtotal === null ? null : rule.kind === 'buy' ? subtotal.plus(feeAmount) : subtotal.minus(feeAmount));
              if (cash === null) {
                fields.fail(layout.totalColumn, `a ${typeText} needs its Total (or Subtotal)`);
                return;
              }
              const fiat = rule.kind === 'buy' ? cash.minus(feeAmount) : cash.plus(feeAmount);
              if (fiat.lte(ZERO)) {
                fields.fail(layout.totalColumn, 'the total is not larger than the fee');
                return;
              }
              const fiatLeg: Leg = { asset: currency, amount: toDecimalText(fiat) };
              sent = rule.kind === 'buy' ? fiatLeg : own;
              received = rule.kind === 'buy' ? own : fiatLeg;
              fee = feeAmount.isZero() ? null : { asset: currency, amount: toDecimalText(feeAmount) };
            }
            type = 'trade';
            break;
          }
          case 'convert': {
            const match = notes === null ? null : CONVERT_NOTE.exec(notes);
            const amount = match ? noteNumber(match[3]!) : null;
            if (!match || amount === null || amount.isZero()) {
              fields.fail('Notes', 'a Convert needs a note like "Converted 0.01 BTC to 0.3 ETH" naming what was received');
              return;
            }
            if (normalizeAsset(match[2]!) !== asset) {
              fields.fail('Notes', `the note converts ${normalizeAsset(match[2]!)}, but the row's Asset is ${asset}`);
              return;
            }
            sent = own;
            received = { asset: normalizeAsset(match[4]!), amount: toDecimalText(amount) };
            type = convertType(sent.asset, received.asset);
            break;
          }
          case 'in': {
            received = own;
            const rewardReceived = typeText!.toLowerCase() === 'receive' && notes !== null && INCOME_NOTE.test(notes);
            type = rewardReceived ? 'reward' : rule.type;
            break;
          }
          case 'out':
            sent = own;
            type = rule.type;
            break;
          case 'move':
            if (signedQuantity.lt(0)) sent = own;
            else received = own;
            type = 'ignored';
            break;
        }

        const draft = buildDraft(
          fields,
          {
            timestamp,
            type,
            sent,
            received,
            fee,
            fiatValue: value === null ? null : toDecimalText(value),
            fiatCurrency: value === null ? null : currency,
            label: typeText,
            description: type === 'swap' && rule.kind === 'convert' ? `${notes}; ${ETH2_CONVERT_NOTE}` : notes,
            externalId: ids.next(timestamp, [directionOf(rule, signedQuantity), asset, own.amount]),
            raw: row.record(),
          },
          'Transaction Type',
        );
        if (!draft) return;
        const half: Eth2Half = { row, timestamp, asset, quantity, value, currency, alone: draft };
        if (type === 'withdrawal' && asset === 'ETH2') eth2Sends.push(half);
        else if (type === 'deposit' && asset === 'ETH' && typeText!.toLowerCase() === 'receive') ethReceives.push(half);
        else sink.transaction(draft);
      },
      finish() {
        joinEth2Halves(eth2Halves, ids, sink);
        joinEth2Halves([...eth2Sends, ...ethReceives], ids, sink);
        for (const halves of convertHalves.values()) joinConvertHalves(halves, ids, sink);
      },
    };
  },
};

/**
 * Each ETH2 row with the row of another asset nearest in time (within the window),
 * preferring one of the same quantity, as one swap. Send and Receive rows (those with a
 * draft of their own) pair only at the same quantity, and stay what they are otherwise.
 */
function joinEth2Halves(halves: readonly Eth2Half[], ids: DerivedIds, sink: DraftSink): void {
  const byTime = (a: Eth2Half, b: Eth2Half): number => a.timestamp - b.timestamp || a.row.line - b.row.line;
  const out = halves.filter((h) => h.asset === 'ETH2').sort(byTime);
  const into = halves.filter((h) => h.asset !== 'ETH2').sort(byTime);
  const used = new Set<Eth2Half>();
  for (const eth2 of out) {
    const distance = (h: Eth2Half): number => Math.abs(h.timestamp - eth2.timestamp);
    const partner = into
      .filter((h) => !used.has(h) && distance(h) <= ETH2_PAIR_WINDOW_MS && (eth2.alone === null || h.quantity.eq(eth2.quantity)))
      .sort((a, b) => Number(!a.quantity.eq(eth2.quantity)) - Number(!b.quantity.eq(eth2.quantity)) || distance(a) - distance(b))[0];
    if (partner === undefined && eth2.alone !== null) {
      sink.transaction(eth2.alone);
      continue;
    }
    if (partner === undefined) {
      new RowFields(eth2.row, sink).fail(
        'Transaction Type',
        'the other half of this Retail Eth2 Deprecation (the ETH that replaced this ETH2) is not in the file within ' +
          'ten minutes of it; export a period that holds both rows',
      );
      continue;
    }
    used.add(partner);
    const timestamp = Math.min(eth2.timestamp, partner.timestamp);
    const valued = partner.value !== null ? partner : eth2;
    const sent: Leg = { asset: eth2.asset, amount: toDecimalText(eth2.quantity) };
    const received: Leg = { asset: partner.asset, amount: toDecimalText(partner.quantity) };
    const draft = buildDraft(
      new RowFields(eth2.row, sink),
      {
        timestamp,
        type: 'swap',
        sent,
        received,
        fee: null,
        fiatValue: valued.value === null ? null : toDecimalText(valued.value),
        fiatCurrency: valued.value === null ? null : valued.currency,
        label: eth2.alone === null ? eth2.row.get('Transaction Type').trim() : `${eth2.row.get('Transaction Type').trim()} + ${partner.row.get('Transaction Type').trim()}`,
        description:
          `Coinbase's migration of staked ETH2 to ${partner.asset}${eth2.alone === null ? '' : ', written as a Send and a Receive'}: ` +
          `not a sale, the ${partner.asset} keeps the ETH2's cost basis and dates`,
        externalId: ids.next(timestamp, ['eth2-deprecation', sent.amount, received.asset, received.amount]),
        raw: [eth2.row.record(), partner.row.record()].sort((a, b) => a.line - b.line),
      },
      'Transaction Type',
    );
    if (draft) sink.transaction(draft);
  }
  for (const half of into) {
    if (used.has(half)) continue;
    if (half.alone !== null) {
      sink.transaction(half.alone);
      continue;
    }
    new RowFields(half.row, sink).fail(
      'Transaction Type',
      `the other half of this Retail Eth2 Deprecation (the ETH2 this ${half.asset} replaced) is not in the file within ` +
        'ten minutes of it; export a period that holds both rows',
    );
  }
}

/**
 * The two rows of a Convert written with one ID as one trade: the row taking an asset
 * (negative quantity) is what was given, the other what was received. Anything else
 * under the ID is reported on its rows.
 */
function joinConvertHalves(halves: readonly ConvertHalf[], ids: DerivedIds, sink: DraftSink): void {
  const given = halves.filter((h) => h.signedQuantity.lt(0));
  const got = halves.filter((h) => h.signedQuantity.gt(0));
  if (halves.length !== 2 || given.length !== 1 || got.length !== 1 || given[0]!.asset === got[0]!.asset) {
    const message =
      halves.length === 1
        ? 'a Convert needs a note like "Converted 0.01 BTC to 0.3 ETH" naming what was received, or a second row with the same ID ' +
          'that receives it; export a period that holds both rows'
        : 'the two rows of a Convert with one ID must take one asset (a negative quantity) and add another (a positive one)';
    for (const half of halves) new RowFields(half.row, sink).fail(halves.length === 1 ? 'Notes' : 'Quantity Transacted', message);
    return;
  }
  const out = given[0]!;
  const into = got[0]!;
  const sent: Leg = { asset: out.asset, amount: toDecimalText(out.signedQuantity.abs()) };
  const received: Leg = { asset: into.asset, amount: toDecimalText(into.signedQuantity) };
  const valued = into.value !== null ? into : out;
  const type = convertType(sent.asset, received.asset);
  const timestamp = Math.min(out.timestamp, into.timestamp);
  const draft = buildDraft(
    new RowFields(out.row, sink),
    {
      timestamp,
      type,
      sent,
      received,
      fee: null,
      fiatValue: valued.value === null ? null : toDecimalText(valued.value),
      fiatCurrency: valued.value === null ? null : valued.currency,
      label: out.row.get('Transaction Type').trim(),
      description: type === 'swap' ? ETH2_CONVERT_NOTE : null,
      // As a one-row Convert of the same asset and quantity at that time would have it.
      externalId: ids.next(timestamp, ['convert', sent.asset, sent.amount]),
      raw: [out.row.record(), into.row.record()].sort((a, b) => a.line - b.line),
    },
    'Transaction Type',
  );
  if (draft) sink.transaction(draft);
}
