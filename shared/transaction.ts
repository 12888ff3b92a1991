// The ledger's unit: one economic event in one account, as stored and as the tax engine
// reads it. Amounts are canonical decimal strings (see money.ts), always positive: the
// leg (sent / received / fee) says the direction.

/**
 * What a transaction is for tax purposes. Structural types (trade, deposit, withdrawal)
 * follow from the legs; the rest are classifications an import or the user gives.
 */
export const TRANSACTION_TYPES = [
  'trade', // sent one asset, received another: buy, sell or crypto-to-crypto
  'deposit', // received only: a transfer in from the user's own wallet, or unknown origin
  'withdrawal', // sent only: a transfer out to the user's own wallet, or unknown destination
  // Income, taxed as ordinary income at fair market value when received.
  'staking',
  'mining',
  'airdrop',
  'fork',
  'reward', // referral bonuses, learning rewards, cashback
  'interest', // lending and loan interest received
  'income', // any other income
  // Leave the lots without a capital gain; reported in their own lists.
  'gift-sent',
  'donation',
  'lost',
  // Received as a gift: the giver's basis carries over, which the ledger rarely knows.
  'gift-received',
  // Disposals at fair market value that are also expenses: payments, margin and
  // interest fees, standalone crypto fees.
  'expense',
  'fee',
  'realized-gain', // a profit or loss realised directly (derivatives, P&L statements)
  'swap', // a non-taxable exchange: the received asset keeps the sent asset's basis
  'liquidity-in',
  'liquidity-out',
  'ignored',
] as const;

export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const INCOME_TYPES: ReadonlySet<TransactionType> = new Set([
  'staking',
  'mining',
  'airdrop',
  'fork',
  'reward',
  'interest',
  'income',
]);

export function isTransactionType(value: string): value is TransactionType {
  return (TRANSACTION_TYPES as readonly string[]).includes(value);
}

/** The type with its article, for sentences: "a withdrawal", "an expense". */
export function aType(type: TransactionType): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

export type TransactionSource = 'csv' | 'api' | 'manual';

/** A transaction as an importer or a sync produces it, before it has a ledger id. */
export interface TransactionDraft {
  /** UTC epoch milliseconds. */
  timestamp: number;
  type: TransactionType;
  sentAsset: string | null;
  sentAmount: string | null;
  receivedAsset: string | null;
  receivedAmount: string | null;
  feeAsset: string | null;
  feeAmount: string | null;
  /** Fair market value of the whole transaction in fiatCurrency, when the source says. */
  fiatValue: string | null;
  fiatCurrency: string | null;
  /** The source's own words for the transaction (its label, tag or operation). */
  label: string | null;
  description: string | null;
  txHash: string | null;
  /**
   * The source's own id when it has one (an exchange's trade id). When null the import
   * derives a deterministic id from the content, so re-imports add nothing.
   */
  externalId: string | null;
  /** The original record(s) exactly as read, for audit. */
  raw: unknown;
}

/** A stored transaction. */
export interface Transaction extends TransactionDraft {
  id: number;
  accountId: number;
  batchId: number | null;
  source: TransactionSource;
  externalId: string;
}

/** A draft with no legs yet, for code that fills the legs in one by one. */
export function emptyDraft<I extends string | null>(timestamp: number, type: TransactionType, externalId: I, raw: unknown): TransactionDraft & { externalId: I } {
  return {
    timestamp,
    type,
    sentAsset: null,
    sentAmount: null,
    receivedAsset: null,
    receivedAmount: null,
    feeAsset: null,
    feeAmount: null,
    fiatValue: null,
    fiatCurrency: null,
    label: null,
    description: null,
    txHash: null,
    externalId,
    raw,
  };
}
