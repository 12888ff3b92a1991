// The tax engine's contract: what computeTaxYear reads and what it returns.
//
// The result is plain data (numbers, strings, booleans, arrays, plain objects and Decimal
// for amounts), so it serialises to JSON as is (a Decimal prints as its decimal string)
// and can be stored row by row for paging. Amounts are exact: nothing is rounded to cents
// here; toCents() is for the forms. Dates are calendar dates `YYYY-MM-DD` in the
// taxpayer's time zone, each next to its UTC instant in epoch milliseconds.
import type { Decimal } from '../money.ts';
import type { Transaction, TransactionType } from '../transaction.ts';

/** The standing rule for which lots a disposal uses. */
export type LotMethod = 'fifo' | 'lifo' | 'hifo' | 'lofo';
export const LOT_METHODS: readonly LotMethod[] = ['fifo', 'lifo', 'hifo', 'lofo'];

/**
 * Where lots live. `universal`: one pool per asset across all accounts. `per-wallet`: one
 * pool per account and asset. `auto`: universal through tax year 2024, per-wallet from
 * 1 January 2025 (Rev. Proc. 2024-28), with the lots allocated to the wallets on that day
 * as described in pool-transition.ts.
 */
export type PoolMode = 'universal' | 'per-wallet' | 'auto';

/** A user's pick of which lots a disposal uses (specific identification). */
export interface SpecificIdChoice {
  /**
   * The transaction whose lots are picked: a sale, trade, expense, gift, fee or an
   * unmatched withdrawal. The picks apply to what the transaction takes from its sent
   * asset (together with a fee paid in that asset), else to its crypto fee. For a
   * withdrawal that is one half of a transfer between own accounts they choose the lots
   * of its network fee, the only part disposed of (else of a fee in another asset); the
   * moved lots follow the method. See pickedPart in tax-events.ts.
   */
  disposalTransactionId: number;
  /** Used in this order, before the standing method; quantity is a decimal string. */
  lots: { lotId: string; quantity: string }[];
}

/** A withdrawal and a deposit the user says are one transfer between their own accounts. */
export interface TransferLink {
  withdrawalId: number;
  depositId: number;
}

export interface TaxYearInput {
  /** The whole ledger, in any order: the engine sorts by (timestamp, id). */
  transactions: Iterable<Transaction>;
  /** Account names, used in warnings. */
  accounts: ReadonlyMap<number, { name: string }>;
  taxYear: number;
  /** The standing method for each tax year; earlier years are computed with their own. */
  methodForYear: (year: number) => LotMethod;
  pool: PoolMode;
  /** IANA time zone of the taxpayer, e.g. `America/New_York`. */
  timeZone: string;
  /** Currency amounts are reported in, e.g. `USD`. Values in any other currency count as missing. */
  reportCurrency: string;
  specificIds?: readonly SpecificIdChoice[];
  transferLinks?: readonly TransferLink[];
}

export type Term = 'short' | 'long';

/**
 * Why lots left in a capital event:
 * - `sale`: sold for the report currency (or another fiat currency);
 * - `trade`: exchanged for another crypto asset (including liquidity-in and -out);
 * - `fee`: units paid as a fee: a trade's fee, a transfer's network fee, a standalone fee;
 * - `expense`: spent on goods or services, or paid to settle a realised loss;
 * - `realized-gain`: a profit or loss realised directly (no lot; see Disposal.lotId).
 */
export type DisposalKind = 'sale' | 'trade' | 'fee' | 'expense' | 'realized-gain';

/** One lot (or part of one) consumed by one disposal: a line of Form 8949. */
export interface Disposal {
  kind: DisposalKind;
  asset: string;
  quantity: Decimal;
  /** The lot's lot id; null only for a realized-gain row, which consumes no lot. */
  lotId: string | null;
  /** The transaction that acquired the lot; null for a shortfall lot and realized-gain rows. */
  acquisitionTransactionId: number | null;
  acquiredDate: string;
  acquiredAt: number;
  disposalTransactionId: number;
  /** The account the disposal happened in. */
  accountId: number;
  disposedDate: string;
  disposedAt: number;
  /**
   * Amount realised for this quantity, net of disposal costs (fiat fees, and the value of
   * a crypto fee paid in the same trade, which is reported as its own `fee` rows).
   */
  proceeds: Decimal;
  costBasis: Decimal;
  /** proceeds − costBasis */
  gain: Decimal;
  term: Term;
  /** A value was missing: the proceeds, or the lot's basis when it was acquired, count as 0. */
  missingPrice: boolean;
  /** The lot has no known acquisition (a shortfall, an unmatched deposit, a gift without the donor's basis). */
  missingBasis: boolean;
}

/** Ordinary income received (staking, mining, airdrops, forks, rewards, interest, income). */
export interface IncomeEvent {
  type: TransactionType;
  asset: string;
  quantity: Decimal;
  /** Fair market value when received, in the report currency; 0 when missingPrice. */
  fairMarketValue: Decimal;
  date: string;
  at: number;
  accountId: number;
  transactionId: number;
  /** The lot the income became; null for income received in fiat money. */
  lotId: string | null;
  missingPrice: boolean;
}

/**
 * Units that left the lots without a capital gain or loss:
 * - `gift-sent`, `donation`, `lost`: reported in their own lists, not on Form 8949;
 * - `unmatched-withdrawal`: sent out of an account with no matching deposit (see warnings);
 * - `swap`: exchanged tax-free; the basis and dates carry over to the received asset's lots.
 */
export type RemovalKind = 'gift-sent' | 'donation' | 'lost' | 'unmatched-withdrawal' | 'swap';

export interface Removal {
  kind: RemovalKind;
  asset: string;
  quantity: Decimal;
  lotId: string;
  acquisitionTransactionId: number | null;
  acquiredDate: string;
  acquiredAt: number;
  transactionId: number;
  accountId: number;
  date: string;
  at: number;
  costBasis: Decimal;
  /** Held more than a year at removal (a donation's deduction depends on it). */
  term: Term;
  /** The transaction's fair market value allocated to this quantity, when known. */
  fairMarketValue: Decimal | null;
  missingPrice: boolean;
  missingBasis: boolean;
}

/** How a lot came to be. */
export type AcquisitionKind =
  | 'purchase' // bought with fiat money
  | 'trade' // received in a crypto-to-crypto trade or a liquidity move
  | 'income'
  | 'gift-received'
  | 'deposit' // received from outside the ledger: basis unknown
  | 'realized-gain' // a profit realised in crypto
  | 'swap' // received in a tax-free swap: basis and date carried over
  | 'shortfall'; // units disposed of or moved beyond what the lots held: basis unknown

/** A lot created during the tax year (swap lots carry an earlier acquisition date). */
export interface Acquisition {
  kind: AcquisitionKind;
  lotId: string;
  asset: string;
  quantity: Decimal;
  /** Including acquisition costs (fees). */
  costBasis: Decimal;
  acquiredDate: string;
  acquiredAt: number;
  /** The acquiring transaction; for swap lots, the original acquisition; null for shortfall lots. */
  acquisitionTransactionId: number | null;
  /** The transaction that created this lot (for swap and shortfall lots, the swap or the disposal). */
  transactionId: number;
  accountId: number;
  date: string;
  missingPrice: boolean;
  missingBasis: boolean;
}

/**
 * A lot (or part of one) moving between accounts: a transfer between the user's own
 * accounts, or the allocation to wallets on 1 January 2025 in `auto` pool mode.
 */
export interface LotMove {
  reason: 'transfer' | 'allocation-2025';
  asset: string;
  quantity: Decimal;
  costBasis: Decimal;
  lotId: string;
  acquiredDate: string;
  acquiredAt: number;
  fromAccountId: number;
  toAccountId: number;
  /** The withdrawal, or null for the 2025 allocation. */
  transactionId: number | null;
  date: string;
  at: number;
}

/** A lot (or part of one) still held at the end of the tax year. */
export interface HeldLot {
  lotId: string;
  /** Where the lot is, even in a universal pool. */
  accountId: number;
  quantity: Decimal;
  costBasis: Decimal;
  acquiredDate: string;
  acquiredAt: number;
  acquisitionTransactionId: number | null;
  missingPrice: boolean;
  missingBasis: boolean;
}

/** One pool at the end of the tax year. */
export interface Holding {
  asset: string;
  /** The wallet for a per-wallet pool; null for a universal pool. */
  accountId: number | null;
  quantity: Decimal;
  costBasis: Decimal;
  /** Oldest first. */
  lots: HeldLot[];
}

/** What a specific-ID pick for one transaction chooses from (see lotsBefore). */
export interface LotsBefore {
  /** The pools in effect for the transaction. */
  pool: 'universal' | 'per-wallet';
  /** The pools just before the transaction takes its lots, by asset then account. */
  holdings: Holding[];
  /** The asset and quantity its picks cover; null when it takes no lots a pick could choose. */
  picks: { asset: string; quantity: Decimal; part: 'sent' | 'fee' | 'network-fee' } | null;
  /** For a withdrawal matched with a deposit as a transfer between own accounts: the deposit. */
  transferDepositId: number | null;
}

export type WarningCode =
  | 'missing-price' // a value in the report currency is missing: counted as 0
  | 'missing-cost-basis' // units with no known acquisition: basis counted as 0
  | 'negative-balance' // an account's own balance of an asset went below zero
  | 'unmatched-transfer' // a withdrawal with no deposit in another account
  | 'specific-id-invalid' // a lot pick that could not be used
  | 'transfer-link-invalid' // a user's transfer link that does not fit
  | 'invalid-transaction'; // a transaction the engine cannot read: skipped

/** A problem as data: what happened, where, and what to do next. */
export interface TaxWarning {
  code: WarningCode;
  message: string;
  transactionId?: number;
  accountId?: number;
  asset?: string;
  /** `YYYY-MM-DD` in the taxpayer's time zone. */
  date?: string;
  /** A decimal string. */
  quantity?: string;
}

export interface TermTotals {
  proceeds: Decimal;
  costBasis: Decimal;
  gain: Decimal;
}

export interface TaxTotals {
  shortTerm: TermTotals;
  longTerm: TermTotals;
  income: Decimal;
}

/**
 * Every list holds events dated in the tax year only, in the order they happened.
 * `warnings` also holds the problems of earlier years, because they can change this
 * year's figures (a lot bought without a price in 2022 and sold this year); each warning
 * has its date.
 */
export interface TaxYearResult {
  taxYear: number;
  timeZone: string;
  reportCurrency: string;
  /** The standing method of the tax year. */
  method: LotMethod;
  /** The pools in effect at the end of the tax year. */
  pool: 'universal' | 'per-wallet';
  acquisitions: Acquisition[];
  disposals: Disposal[];
  income: IncomeEvent[];
  removals: Removal[];
  moves: LotMove[];
  /** Pools at the end of the tax year, by asset then account; empty pools are left out. */
  holdings: Holding[];
  warnings: TaxWarning[];
  totals: TaxTotals;
}
