// TurboTax's universal crypto template ("create a CSV file for an unsupported source",
// ttlc.intuit.com help article L1yhp71Nt): the tax year's raw transactions, from which
// TurboTax works out gains itself. Header, as the template has it:
//
//   Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fee Asset,Fee Amount,Market Value Currency,Market Value,Description,Transaction Hash,Transaction ID
//
// The template's rules: headers are matched case-insensitively; Date and Type are the only
// required values; a missing market value may be left blank (TurboTax looks the price up);
// negative numbers make the upload fail; numbers have at most 8 decimal places.
//
// Decisions:
// - Which transactions: those dated in the tax year in the taxpayer's time zone, by the
//   engine's own calendar (tax-calendar.ts), in ledger order. Transactions the user marked
//   `ignored` are left out, and so are those with no digital asset in them (a dollar
//   deposit to an exchange): the template is for digital-asset activity.
// - Date: `M/D/YYYY H:MM` on a 24-hour clock, the form of the template's example rows
//   (`9/20/2022 23:33`, as tools that write the template quote them), as wall-clock time in
//   the taxpayer's zone, so TurboTax puts every row in the same tax year Lotwise does.
// - Type: see TURBOTAX_TYPES below. Where TurboTax's type is broader than the ledger's, the
//   Description starts with the ledger's meaning (`Gift sent`, `Tax-free swap`). A move
//   between the user's own accounts is in the ledger as a withdrawal in one account and a
//   deposit in the other, so it is written as TurboTax's Withdrawal and Deposit, which the
//   template describes as exactly that (its Transfer type is not used).
// - Numbers: amounts are written as positive magnitudes (the column says the direction).
//   An amount with more than 8 decimals is rounded half up to 8. A non-zero amount below
//   0.000000005, which would round to 0, is written as 0.00000001 (the smallest the
//   template can hold) and the Description gives the exact amount: it is never silently 0.
// - Transaction ID is Lotwise's ledger id (unique and stable); the source's own id is in
//   the audit trail export.
import { isFiat } from '../assets.ts';
import { canonicalDecimalText, Decimal } from '../money.ts';
import { createTaxCalendar, yearOfDay, type CalendarDay } from '../tax/tax-calendar.ts';
import type { Transaction, TransactionType } from '../transaction.ts';
import { createCsv, csvCell } from './csv-lines.ts';
import { userText } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';

export const TURBOTAX_UNIVERSAL_HEADER = [
  'Date',
  'Type',
  'Sent Asset',
  'Sent Amount',
  'Received Asset',
  'Received Amount',
  'Fee Asset',
  'Fee Amount',
  'Market Value Currency',
  'Market Value',
  'Description',
  'Transaction Hash',
  'Transaction ID',
] as const;

export type TurboTaxType =
  | 'Buy'
  | 'Sale'
  | 'Convert'
  | 'Transfer'
  | 'Income'
  | 'Expense'
  | 'Deposit'
  | 'Withdrawal'
  | 'Mining'
  | 'Airdrop'
  | 'Forking'
  | 'Staking'
  | 'Other';

/**
 * TurboTax's type for each ledger type other than `trade` (Buy, Sale or Convert by its legs)
 * and `ignored` (left out), and the words the Description starts with when TurboTax's type
 * says less than the ledger's. Gifts, donations and lost coins leave the lots without a
 * gain, which is how TurboTax treats a withdrawal; a tax-free swap is not a Convert (which
 * TurboTax taxes), so it is Other.
 */
const TURBOTAX_TYPES: Readonly<Record<Exclude<TransactionType, 'trade' | 'ignored'>, [TurboTaxType, string]>> = {
  deposit: ['Deposit', ''],
  withdrawal: ['Withdrawal', ''],
  staking: ['Staking', ''],
  mining: ['Mining', ''],
  airdrop: ['Airdrop', ''],
  fork: ['Forking', ''],
  reward: ['Income', 'Reward'],
  interest: ['Income', 'Interest'],
  income: ['Income', ''],
  'gift-sent': ['Withdrawal', 'Gift sent'],
  donation: ['Withdrawal', 'Donation'],
  lost: ['Withdrawal', 'Lost'],
  'gift-received': ['Deposit', 'Gift received'],
  expense: ['Expense', ''],
  fee: ['Expense', 'Fee'],
  'realized-gain': ['Other', 'Realized profit or loss'],
  swap: ['Other', 'Tax-free swap'],
  'liquidity-in': ['Convert', 'Liquidity in'],
  'liquidity-out': ['Convert', 'Liquidity out'],
};

const LEG_WORDS = ['sent amount', 'received amount', 'fee amount'] as const;
const MAX_DECIMALS = 8;
const QUARTER_HOUR_MS = 900_000;
const SMALLEST_AMOUNT = '0.00000001';

/**
 * An amount as the template takes it: a positive magnitude with at most 8 decimals. `exact`
 * is the amount the Description must give when the cell is not it (beyond the last decimal).
 */
export function templateAmount(text: string): { cell: string; exact: string | null } {
  const canonical = canonicalDecimalText(text);
  if (canonical === null) return { cell: '', exact: text };
  const magnitude = canonical.startsWith('-') ? canonical.slice(1) : canonical;
  const dot = magnitude.indexOf('.');
  if (dot < 0 || magnitude.length - dot - 1 <= MAX_DECIMALS) return { cell: magnitude, exact: null };
  const rounded = new Decimal(magnitude).toDecimalPlaces(MAX_DECIMALS, Decimal.ROUND_HALF_UP);
  if (rounded.isZero()) return { cell: SMALLEST_AMOUNT, exact: magnitude };
  return { cell: rounded.toFixed(), exact: null };
}

/**
 * Wall-clock `M/D/YYYY H:MM` of an instant in a time zone, given its calendar day there (from
 * the engine's calendar, so the date is the one the tax year was decided by).
 */
function createLocalClock(timeZone: string): (utcMs: number, day: CalendarDay) => string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric' });
  // Zone offsets are whole quarter hours and change on a quarter hour (every zone since the
  // 1970s), so the wall-clock time of each UTC quarter hour is looked up once.
  const quarterMinutes = new Map<number, number>();
  return (utcMs, day) => {
    const quarter = Math.floor(utcMs / QUARTER_HOUR_MS);
    let minutes = quarterMinutes.get(quarter);
    if (minutes === undefined) {
      let hour = 0;
      let minute = 0;
      for (const part of format.formatToParts(quarter * QUARTER_HOUR_MS)) {
        if (part.type === 'hour') hour = Number(part.value);
        else if (part.type === 'minute') minute = Number(part.value);
      }
      minutes = hour * 60 + minute;
      quarterMinutes.set(quarter, minutes);
    }
    const minuteOfDay = minutes + Math.floor((utcMs - quarter * QUARTER_HOUR_MS) / 60_000);
    const minute = minuteOfDay % 60;
    return `${Math.floor(day / 100) % 100}/${day % 100}/${yearOfDay(day)} ${Math.floor(minuteOfDay / 60)}:${minute < 10 ? '0' : ''}${minute}`;
  };
}

function turboTaxType(transaction: Transaction, isFiatAsset: (asset: string) => boolean): [TurboTaxType, string] | null {
  const type = transaction.type;
  if (type === 'ignored') return null;
  if (type !== 'trade') return TURBOTAX_TYPES[type];
  if (transaction.sentAsset !== null && isFiatAsset(transaction.sentAsset)) return ['Buy', ''];
  if (transaction.receivedAsset !== null && isFiatAsset(transaction.receivedAsset)) return ['Sale', ''];
  return ['Convert', ''];
}

export const turbotaxUniversal: ExportFormat = {
  id: 'turbotax-universal',
  title: 'TurboTax universal crypto template (CSV)',
  software: 'TurboTax: crypto upload of transactions from an unsupported source (TurboTax computes the gains)',
  write(input) {
    const reportCurrency = input.reportCurrency.trim().toUpperCase();
    const isFiatAsset = (asset: string): boolean => asset === reportCurrency || isFiat(asset);
    const calendar = createTaxCalendar(input.timeZone);
    const clock = createLocalClock(input.timeZone);
    const csv = createCsv(TURBOTAX_UNIVERSAL_HEADER);
    for (const transaction of input.transactions) {
      const day = calendar.dayOf(transaction.timestamp);
      if (yearOfDay(day) !== input.taxYear) continue;
      const legs: [string | null, string | null][] = [
        [transaction.sentAsset, transaction.sentAmount],
        [transaction.receivedAsset, transaction.receivedAmount],
        [transaction.feeAsset, transaction.feeAmount],
      ];
      if (!legs.some(([asset, amount]) => asset !== null && amount !== null && !isFiatAsset(asset))) continue;
      const type = turboTaxType(transaction, isFiatAsset);
      if (type === null) continue;

      const notes: string[] = type[1] === '' ? [] : [type[1]];
      const cells: string[] = [clock(transaction.timestamp, day), type[0]];
      for (const [index, [asset, amount]] of legs.entries()) {
        if (asset === null || amount === null) {
          cells.push('', '');
          continue;
        }
        const written = templateAmount(amount);
        if (written.exact !== null) notes.push(`exact ${LEG_WORDS[index]} ${written.exact} ${asset}`);
        cells.push(csvCell(userText(asset)), written.cell);
      }
      if (transaction.fiatValue !== null && transaction.fiatCurrency !== null) {
        const value = templateAmount(transaction.fiatValue);
        if (value.exact !== null) notes.push(`exact market value ${value.exact} ${transaction.fiatCurrency}`);
        cells.push(csvCell(userText(transaction.fiatCurrency)), value.cell);
      } else {
        cells.push('', '');
      }
      const ownWords = transaction.description ?? transaction.label;
      if (ownWords !== null && ownWords !== '') notes.push(ownWords);
      cells.push(csvCell(userText(notes.join('; '))), csvCell(userText(transaction.txHash)), String(transaction.id));
      csv.line(cells.join(','));
    }
    return [{ name: `turbotax-universal-${input.taxYear}.csv`, text: csv.text() }];
  },
};
