// Small ledgers for the tax engine's tests, written the way a person reads them:
// `{ at: '2024-03-01', sent: '1 BTC', received: '50000 USD' }`.
import { toDecimalText } from '../../../shared/money.ts';
import type { Decimal } from '../../../shared/money.ts';
import { computeTaxYear } from '../../../shared/tax/compute-tax-year.ts';
import type { TaxYearInput, TaxYearResult } from '../../../shared/tax/types.ts';
import type { Transaction, TransactionType } from '../../../shared/transaction.ts';

export const KRAKEN = 1;
export const COINBASE = 2;
export const LEDGER = 3;

export const ACCOUNTS: ReadonlyMap<number, { name: string }> = new Map([
  [KRAKEN, { name: 'Kraken' }],
  [COINBASE, { name: 'Coinbase' }],
  [LEDGER, { name: 'Ledger' }],
]);

export interface TxSpec {
  id?: number;
  /** `2024-03-01` (midnight UTC plus `id` minutes is not added: give a time when order matters) or a full ISO instant. */
  at: string;
  type?: TransactionType;
  account?: number;
  /** `"1.5 BTC"` */
  sent?: string;
  received?: string;
  fee?: string;
  /** `"50000"` (USD) or `"45000 EUR"`. */
  value?: string;
  hash?: string;
}

function leg(text: string | undefined): [string | null, string | null] {
  if (text === undefined) return [null, null];
  const [amount, asset] = text.trim().split(/\s+/);
  return [asset ?? null, amount ?? null];
}

function instant(at: string): number {
  const iso = at.length === 10 ? `${at}T12:00:00Z` : at.endsWith('Z') ? at : `${at}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad date ${at}`);
  return ms;
}

/** Transactions numbered 1, 2, 3… in the order given (unless an id is given). */
export function ledger(specs: readonly TxSpec[]): Transaction[] {
  return specs.map((spec, index) => {
    const [sentAsset, sentAmount] = leg(spec.sent);
    const [receivedAsset, receivedAmount] = leg(spec.received);
    const [feeAsset, feeAmount] = leg(spec.fee);
    let fiatValue: string | null = null;
    let fiatCurrency: string | null = null;
    if (spec.value !== undefined) {
      const [amount, currency] = spec.value.trim().split(/\s+/);
      fiatValue = amount!;
      fiatCurrency = currency ?? 'USD';
    }
    const type: TransactionType = spec.type ?? (spec.sent && spec.received ? 'trade' : spec.sent ? 'withdrawal' : 'deposit');
    const id = spec.id ?? index + 1;
    return {
      id,
      accountId: spec.account ?? KRAKEN,
      batchId: null,
      source: 'manual',
      externalId: `test-${id}`,
      timestamp: instant(spec.at),
      type,
      sentAsset,
      sentAmount,
      receivedAsset,
      receivedAmount,
      feeAsset,
      feeAmount,
      fiatValue,
      fiatCurrency,
      label: null,
      description: null,
      txHash: spec.hash ?? null,
      raw: null,
    };
  });
}

export function compute(transactions: Iterable<Transaction>, options: Partial<TaxYearInput> & { taxYear: number }): TaxYearResult {
  return computeTaxYear({
    transactions,
    accounts: ACCOUNTS,
    methodForYear: () => 'fifo',
    pool: 'universal',
    timeZone: 'UTC',
    reportCurrency: 'USD',
    ...options,
  });
}

/** Canonical text of a Decimal, for exact comparisons. */
export function t(value: Decimal | null): string | null {
  return value === null ? null : toDecimalText(value);
}

/** Disposal rows reduced to what a hand calculation writes down. */
export function disposalLines(result: TaxYearResult): string[] {
  return result.disposals.map(
    (d) =>
      `${d.kind} ${t(d.quantity)} ${d.asset} lot ${d.lotId} ${d.acquiredDate}→${d.disposedDate} ` +
      `proceeds ${t(d.proceeds)} basis ${t(d.costBasis)} gain ${t(d.gain)} ${d.term}` +
      `${d.missingPrice ? ' missing-price' : ''}${d.missingBasis ? ' missing-basis' : ''}`,
  );
}

export function warningCodes(result: TaxYearResult): string[] {
  return result.warnings.map((warning) => warning.code);
}
