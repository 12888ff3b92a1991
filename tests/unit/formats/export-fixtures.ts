// Small tax years for the export tests, written out by hand so every expected cell can be
// worked out on paper: accounts with and without Form 1099-DA, disposals short and long,
// a crypto fee, a realised profit, a sale with no known acquisition, a sale without a price,
// and text that a spreadsheet would run as a formula.
import { Decimal } from '../../../shared/money.ts';
import type { ExportAccount, ExportInput } from '../../../shared/formats/export-format.ts';
import type { Disposal, Holding, IncomeEvent, TaxYearResult } from '../../../shared/tax/types.ts';
import type { Transaction } from '../../../shared/transaction.ts';

export const COINBASE = 1;
export const LEDGER = 2;
export const BINANCE = 3;
export const FORMULA_ACCOUNT = 4;

export const INJECTION = "=cmd|' /C calc'!A0";

export const ACCOUNTS: ReadonlyMap<number, ExportAccount> = new Map([
  [COINBASE, { id: COINBASE, name: 'Coinbase', issues1099DA: true }],
  [LEDGER, { id: LEDGER, name: 'Ledger wallet', issues1099DA: false }],
  [BINANCE, { id: BINANCE, name: 'Binance', issues1099DA: false }],
  [FORMULA_ACCOUNT, { id: FORMULA_ACCOUNT, name: '=SUM(A1:A2)', issues1099DA: false }],
]);

const d = (text: string): Decimal => new Decimal(text);

const instant = (date: string): number => Date.parse(`${date}T12:00:00Z`);

export interface DisposalSpec {
  kind?: Disposal['kind'];
  asset: string;
  quantity: string;
  lotId?: string | null;
  acquisitionTransactionId?: number | null;
  acquired: string;
  disposed: string;
  disposalTransactionId?: number;
  account: number;
  proceeds: string;
  costBasis: string;
  term: Disposal['term'];
  missingPrice?: boolean;
  missingBasis?: boolean;
}

export function disposal(spec: DisposalSpec): Disposal {
  const proceeds = d(spec.proceeds);
  const costBasis = d(spec.costBasis);
  return {
    kind: spec.kind ?? 'sale',
    asset: spec.asset,
    quantity: d(spec.quantity),
    lotId: spec.lotId === undefined ? '1' : spec.lotId,
    acquisitionTransactionId: spec.acquisitionTransactionId === undefined ? 1 : spec.acquisitionTransactionId,
    acquiredDate: spec.acquired,
    acquiredAt: instant(spec.acquired),
    disposalTransactionId: spec.disposalTransactionId ?? 2,
    accountId: spec.account,
    disposedDate: spec.disposed,
    disposedAt: instant(spec.disposed),
    proceeds,
    costBasis,
    gain: proceeds.minus(costBasis),
    term: spec.term,
    missingPrice: spec.missingPrice ?? false,
    missingBasis: spec.missingBasis ?? false,
  };
}

/** A result holding only what the exports read; totals are the engine's exact sums. */
export function taxYearResult(
  taxYear: number,
  parts: { disposals?: Disposal[]; income?: IncomeEvent[]; holdings?: Holding[]; timeZone?: string },
): TaxYearResult {
  const disposals = parts.disposals ?? [];
  const term = (which: 'short' | 'long') => {
    const rows = disposals.filter((row) => row.term === which);
    const proceeds = rows.reduce((sum, row) => sum.plus(row.proceeds), d('0'));
    const costBasis = rows.reduce((sum, row) => sum.plus(row.costBasis), d('0'));
    return { proceeds, costBasis, gain: proceeds.minus(costBasis) };
  };
  const income = parts.income ?? [];
  return {
    taxYear,
    timeZone: parts.timeZone ?? 'UTC',
    reportCurrency: 'USD',
    method: 'fifo',
    pool: taxYear >= 2025 ? 'per-wallet' : 'universal',
    acquisitions: [],
    disposals,
    income,
    removals: [],
    moves: [],
    holdings: parts.holdings ?? [],
    warnings: [],
    totals: {
      shortTerm: term('short'),
      longTerm: term('long'),
      income: income.reduce((sum, event) => sum.plus(event.fairMarketValue), d('0')),
    },
  };
}

export function exportInput(result: TaxYearResult, transactions: Transaction[] = [], accounts = ACCOUNTS): ExportInput {
  return { taxYear: result.taxYear, timeZone: result.timeZone, reportCurrency: 'USD', result, accounts, transactions };
}

/**
 * Six disposals of one tax year, in the order they happened. Hand-worked line amounts
 * (half up to cents; gain = rounded proceeds − rounded basis):
 *   1 0.5 BTC      short Coinbase  30000.005 → 30000.01, 20000.004 → 20000.00, gain 10000.01
 *   2 2 ETH        long  Ledger     6000.00,              7500.555 → 7500.56,  gain −1500.56
 *   3 0.0001 BTC   short Coinbase   6.004 → 6.00,         4.0049 → 4.00,       gain 2.00 (fee)
 *   4 250 USD      short Binance    250.00, 0.00, gain 250.00 (realised profit, no lot)
 *   5 1.25 <formula asset> short Ledger 100.00, 0.00 (no known acquisition), gain 100.00
 *   6 1 SOL        long  Coinbase   0.00 (price missing), 50.00, gain −50.00
 * Short: proceeds 30356.01, basis 20004.00, gain 10352.01. Long: 6000.00, 7550.56, −1550.56.
 */
export function sixDisposals(year: number): Disposal[] {
  return [
    disposal({ asset: 'BTC', quantity: '0.5', lotId: '1', acquisitionTransactionId: 1, disposalTransactionId: 3, acquired: `${year}-01-10`, disposed: `${year}-03-05`, account: COINBASE, proceeds: '30000.005', costBasis: '20000.004', term: 'short' }),
    disposal({ asset: 'ETH', quantity: '2', lotId: '2', acquisitionTransactionId: 2, disposalTransactionId: 4, acquired: `${year - 2}-05-01`, disposed: `${year}-04-01`, account: LEDGER, proceeds: '6000', costBasis: '7500.555', term: 'long' }),
    disposal({ kind: 'fee', asset: 'BTC', quantity: '0.0001', lotId: '1', acquisitionTransactionId: 1, disposalTransactionId: 3, acquired: `${year}-01-10`, disposed: `${year}-03-05`, account: COINBASE, proceeds: '6.004', costBasis: '4.0049', term: 'short' }),
    disposal({ kind: 'realized-gain', asset: 'USD', quantity: '250', lotId: null, acquisitionTransactionId: null, disposalTransactionId: 5, acquired: `${year}-06-30`, disposed: `${year}-06-30`, account: BINANCE, proceeds: '250', costBasis: '0', term: 'short' }),
    disposal({ kind: 'trade', asset: INJECTION, quantity: '1.25', lotId: 'shortfall:6', acquisitionTransactionId: null, disposalTransactionId: 6, acquired: `${year}-07-01`, disposed: `${year}-07-01`, account: LEDGER, proceeds: '100', costBasis: '0', term: 'short', missingBasis: true }),
    disposal({ asset: 'SOL', quantity: '1', lotId: '8', acquisitionTransactionId: 8, disposalTransactionId: 7, acquired: `${year - 3}-01-01`, disposed: `${year}-12-31`, account: COINBASE, proceeds: '0', costBasis: '50', term: 'long', missingPrice: true }),
  ];
}

export interface TransactionSpec {
  id: number;
  /** An ISO instant, or a date (noon UTC). */
  at: string;
  type: Transaction['type'];
  account?: number;
  sent?: string;
  received?: string;
  fee?: string;
  value?: string;
  description?: string;
  label?: string;
  hash?: string;
  source?: Transaction['source'];
  externalId?: string;
  batchId?: number | null;
}

function leg(text: string | undefined): [string | null, string | null] {
  if (text === undefined) return [null, null];
  const [amount, asset] = text.split(' ');
  return [asset!, amount!];
}

export function transaction(spec: TransactionSpec): Transaction {
  const [sentAsset, sentAmount] = leg(spec.sent);
  const [receivedAsset, receivedAmount] = leg(spec.received);
  const [feeAsset, feeAmount] = leg(spec.fee);
  const [fiatCurrency, fiatValue] = leg(spec.value);
  return {
    id: spec.id,
    accountId: spec.account ?? COINBASE,
    batchId: spec.batchId === undefined ? 1 : spec.batchId,
    source: spec.source ?? 'csv',
    externalId: spec.externalId ?? `row-${spec.id}`,
    timestamp: spec.at.length === 10 ? instant(spec.at) : Date.parse(spec.at),
    type: spec.type,
    sentAsset,
    sentAmount,
    receivedAsset,
    receivedAmount,
    feeAsset,
    feeAmount,
    fiatValue,
    fiatCurrency,
    label: spec.label ?? null,
    description: spec.description ?? null,
    txHash: spec.hash ?? null,
    raw: null,
  };
}
