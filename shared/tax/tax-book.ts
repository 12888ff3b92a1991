// The engine's bookkeeping: lots in, lots out, and the rows of the tax year.
//
// Event handlers (tax-events.ts) decide what a transaction means; the book does the
// mechanics they share: creating lots, taking units out of the pools (with specific-ID
// picks and the zero-basis shortfall rule), turning the pieces taken into disposal,
// removal and move rows, tracking each account's own balance, and collecting warnings.
// Rows are only built for events dated in the tax year; earlier years only move lots.
import type { Decimal } from '../money.ts';
import { ZERO, toDecimalText } from '../money.ts';
import type { Transaction, TransactionType } from '../transaction.ts';
import { isBelowZero } from './decimal-order.ts';
import { DERIVED_DECIMALS, pieceCostBasis, wholeLot } from './lot-piece.ts';
import type { LotOrigin, LotPiece } from './lot-piece.ts';
import { LotPools } from './lot-pools.ts';
import type { LotPick, TakeScope } from './lot-pools.ts';
import type { CalendarDay } from './tax-calendar.ts';
import { formatDay, isLongTerm } from './tax-calendar.ts';
import type {
  Acquisition,
  AcquisitionKind,
  Disposal,
  DisposalKind,
  IncomeEvent,
  LotMethod,
  LotMove,
  PoolMode,
  Removal,
  RemovalKind,
  TaxTotals,
  TaxWarning,
  TermTotals,
} from './types.ts';

/** The transaction being handled, with its date in the taxpayer's zone. */
export interface EventContext {
  readonly transaction: Transaction;
  /** Position in the sorted ledger. */
  readonly index: number;
  readonly day: CalendarDay;
  readonly year: number;
  /** Dated in the tax year: its rows are reported. */
  readonly reporting: boolean;
}

/** What a take is for, to say so when the pool runs short. */
export type TakePurpose = DisposalKind | Exclude<RemovalKind, 'unmatched-withdrawal'> | 'withdrawal' | 'transfer';

const TAKE_PHRASES: Readonly<Record<TakePurpose, (amount: string) => string>> = {
  sale: (amount) => `Sold ${amount}`,
  trade: (amount) => `Traded ${amount}`,
  fee: (amount) => `Paid ${amount} in fees`,
  expense: (amount) => `Spent ${amount}`,
  'realized-gain': (amount) => `Paid ${amount} to settle a loss`,
  'gift-sent': (amount) => `Gave away ${amount}`,
  donation: (amount) => `Donated ${amount}`,
  lost: (amount) => `Lost ${amount}`,
  swap: (amount) => `Swapped ${amount}`,
  withdrawal: (amount) => `Sent ${amount}`,
  transfer: (amount) => `Transferred ${amount}`,
};

export interface NewLot {
  kind: AcquisitionKind;
  asset: string;
  accountId: number;
  quantity: Decimal;
  costBasis: Decimal;
  missingPrice: boolean;
  missingBasis: boolean;
  /** Defaults: the transaction's id, its instant and day, and the transaction as acquirer. */
  lotId?: string;
  acquiredAt?: number;
  acquiredDay?: CalendarDay;
  acquisitionTransactionId?: number | null;
}

export interface TaxBookOptions {
  taxYear: number;
  pool: PoolMode;
  method: LotMethod;
  accounts: ReadonlyMap<number, { name: string }>;
}

function emptyTotals(): TermTotals {
  return { proceeds: ZERO, costBasis: ZERO, gain: ZERO };
}

export class TaxBook {
  readonly pools: LotPools;
  readonly acquisitions: Acquisition[] = [];
  readonly disposals: Disposal[] = [];
  readonly income: IncomeEvent[] = [];
  readonly removals: Removal[] = [];
  readonly moves: LotMove[] = [];
  readonly warnings: TaxWarning[] = [];
  readonly totals: TaxTotals = { shortTerm: emptyTotals(), longTerm: emptyTotals(), income: ZERO };

  private readonly taxYear: number;
  private readonly pool: PoolMode;
  private readonly accounts: ReadonlyMap<number, { name: string }>;
  private readonly dayTexts = new Map<CalendarDay, string>();
  private nextSeq = 0;

  constructor(options: TaxBookOptions) {
    this.taxYear = options.taxYear;
    this.pool = options.pool;
    this.accounts = options.accounts;
    this.pools = new LotPools(options.method);
  }

  context(transaction: Transaction, index: number, day: CalendarDay): EventContext {
    const year = Math.floor(day / 10_000);
    return { transaction, index, day, year, reporting: year === this.taxYear };
  }

  /** Pools are per wallet in this tax year. */
  perWalletIn(year: number): boolean {
    return this.pool === 'per-wallet' || (this.pool === 'auto' && year >= 2025);
  }

  dateText(day: CalendarDay): string {
    let text = this.dayTexts.get(day);
    if (text === undefined) {
      text = formatDay(day);
      this.dayTexts.set(day, text);
    }
    return text;
  }

  accountName(accountId: number): string {
    return this.accounts.get(accountId)?.name ?? `account ${accountId}`;
  }

  warn(warning: TaxWarning): void {
    this.warnings.push(warning);
  }

  /** Creates a lot in its account. */
  acquire(context: EventContext, lot: NewLot): LotPiece {
    const piece = this.createLot(context, lot);
    this.pools.push(piece);
    return piece;
  }

  private createLot(context: EventContext, lot: NewLot): LotPiece {
    const transaction = context.transaction;
    const origin: LotOrigin = {
      lotId: lot.lotId ?? String(transaction.id),
      seq: this.nextSeq++,
      kind: lot.kind,
      asset: lot.asset,
      acquiredAt: lot.acquiredAt ?? transaction.timestamp,
      acquiredDay: lot.acquiredDay ?? context.day,
      acquisitionTransactionId: lot.acquisitionTransactionId === undefined ? transaction.id : lot.acquisitionTransactionId,
      quantity: lot.quantity,
      costBasis: lot.costBasis,
      unitCostKey: null,
      missingPrice: lot.missingPrice,
      missingBasis: lot.missingBasis,
    };
    const piece = wholeLot(origin, lot.accountId);
    if (context.reporting) {
      this.acquisitions.push({
        kind: lot.kind,
        lotId: origin.lotId,
        asset: lot.asset,
        quantity: lot.quantity,
        costBasis: lot.costBasis,
        acquiredDate: this.dateText(origin.acquiredDay),
        acquiredAt: origin.acquiredAt,
        acquisitionTransactionId: origin.acquisitionTransactionId,
        transactionId: transaction.id,
        accountId: lot.accountId,
        date: this.dateText(context.day),
        missingPrice: lot.missingPrice,
        missingBasis: lot.missingBasis,
      });
    }
    return piece;
  }

  /**
   * Takes `quantity` of `asset` out of the pool `accountId` draws on in this tax year.
   * Picked lots go first. Units beyond what the pool holds come from a zero-basis
   * shortfall lot acquired at this moment, flagged and warned about: never hidden.
   */
  take(
    context: EventContext,
    purpose: TakePurpose,
    asset: string,
    accountId: number,
    quantity: Decimal,
    picks: readonly LotPick[] | null = null,
  ): LotPiece[] {
    const perWallet = this.perWalletIn(context.year);
    const scope: TakeScope = perWallet ? 'account' : purpose === 'transfer' ? 'account-first' : 'universal';
    const result = this.pools.take(asset, accountId, quantity, scope, picks);
    const transaction = context.transaction;
    if (result.pickProblems !== null) {
      this.warn({
        code: 'specific-id-invalid',
        message:
          `The lots picked for transaction ${transaction.id} (${asset}, ${this.accountName(accountId)}, ` +
          `${this.dateText(context.day)}) could not all be used: ${result.pickProblems.join('; ')}. ` +
          `The rest was taken by the ${this.pools.method.toUpperCase()} method; change the picks to use other lots.`,
        transactionId: transaction.id,
        accountId,
        asset,
        date: this.dateText(context.day),
      });
    }
    if (!result.missing.isZero()) {
      const held = quantity.minus(result.missing);
      const missing = toDecimalText(result.missing);
      this.warn({
        code: 'missing-cost-basis',
        message:
          `${TAKE_PHRASES[purpose](`${toDecimalText(quantity)} ${asset}`)} from ${this.accountName(accountId)} on ` +
          `${this.dateText(context.day)} but ${held.isZero() ? 'no' : `only ${toDecimalText(held)}`} ${asset} was held ` +
          `${perWallet ? 'there' : 'in all accounts together'}: ${missing} ${asset} have no known cost basis. ` +
          'Import the missing purchases or deposits.',
        transactionId: transaction.id,
        accountId,
        asset,
        date: this.dateText(context.day),
        quantity: missing,
      });
      // The shortfall lot is consumed at once, so it never enters a pool.
      const shortfall = this.createLot(context, {
        kind: 'shortfall',
        lotId: `shortfall:${transaction.id}`,
        asset,
        accountId,
        quantity: result.missing,
        costBasis: ZERO,
        missingPrice: false,
        missingBasis: true,
        acquisitionTransactionId: null,
      });
      result.pieces.push(shortfall);
    }
    return result.pieces;
  }

  /** Disposal rows for the pieces taken, sharing `proceeds` by quantity. */
  dispose(
    context: EventContext,
    kind: DisposalKind,
    asset: string,
    pieces: readonly LotPiece[],
    quantity: Decimal,
    proceeds: Decimal,
    missingPrice: boolean,
  ): void {
    if (!context.reporting || pieces.length === 0) return;
    const transaction = context.transaction;
    const shares = pieces.length === 1 ? null : shareByQuantity(proceeds, pieces, quantity);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const origin = piece.origin;
      const share = shares === null ? proceeds : shares[i]!;
      const costBasis = pieceCostBasis(piece);
      this.addDisposal({
        kind,
        asset,
        quantity: piece.quantity,
        lotId: origin.lotId,
        acquisitionTransactionId: origin.acquisitionTransactionId,
        acquiredDate: this.dateText(origin.acquiredDay),
        acquiredAt: origin.acquiredAt,
        disposalTransactionId: transaction.id,
        accountId: transaction.accountId,
        disposedDate: this.dateText(context.day),
        disposedAt: transaction.timestamp,
        proceeds: share,
        costBasis,
        gain: costBasis.isZero() ? share : share.minus(costBasis),
        term: isLongTerm(origin.acquiredDay, context.day) ? 'long' : 'short',
        missingPrice: missingPrice || origin.missingPrice,
        missingBasis: origin.missingBasis,
      });
    }
  }

  /** A gain or loss realised directly: a row with no lot, short-term. */
  realizedGain(context: EventContext, asset: string, quantity: Decimal, proceeds: Decimal, costBasis: Decimal, missingPrice: boolean): void {
    if (!context.reporting) return;
    const transaction = context.transaction;
    const date = this.dateText(context.day);
    this.addDisposal({
      kind: 'realized-gain',
      asset,
      quantity,
      lotId: null,
      acquisitionTransactionId: null,
      acquiredDate: date,
      acquiredAt: transaction.timestamp,
      disposalTransactionId: transaction.id,
      accountId: transaction.accountId,
      disposedDate: date,
      disposedAt: transaction.timestamp,
      proceeds,
      costBasis,
      gain: proceeds.minus(costBasis),
      term: 'short',
      missingPrice,
      missingBasis: false,
    });
  }

  private addDisposal(disposal: Disposal): void {
    this.disposals.push(disposal);
    const totals = disposal.term === 'long' ? this.totals.longTerm : this.totals.shortTerm;
    totals.proceeds = totals.proceeds.plus(disposal.proceeds);
    totals.costBasis = totals.costBasis.plus(disposal.costBasis);
    totals.gain = totals.gain.plus(disposal.gain);
  }

  /** Removal rows (no gain) for the pieces taken, sharing a known fair market value by quantity. */
  remove(
    context: EventContext,
    kind: RemovalKind,
    asset: string,
    pieces: readonly LotPiece[],
    quantity: Decimal,
    fairMarketValue: Decimal | null,
  ): void {
    if (!context.reporting || pieces.length === 0) return;
    const transaction = context.transaction;
    const shares = fairMarketValue === null ? null : shareByQuantity(fairMarketValue, pieces, quantity);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const origin = piece.origin;
      this.removals.push({
        kind,
        asset,
        quantity: piece.quantity,
        lotId: origin.lotId,
        acquisitionTransactionId: origin.acquisitionTransactionId,
        acquiredDate: this.dateText(origin.acquiredDay),
        acquiredAt: origin.acquiredAt,
        transactionId: transaction.id,
        accountId: transaction.accountId,
        date: this.dateText(context.day),
        at: transaction.timestamp,
        costBasis: pieceCostBasis(piece),
        term: isLongTerm(origin.acquiredDay, context.day) ? 'long' : 'short',
        fairMarketValue: shares === null ? null : shares[i]!,
        missingPrice: origin.missingPrice,
        missingBasis: origin.missingBasis,
      });
    }
  }

  /** Moves taken pieces into another account (a transfer between the user's own accounts). */
  moveTo(context: EventContext, pieces: readonly LotPiece[], toAccountId: number): void {
    const transaction = context.transaction;
    for (const piece of pieces) {
      const fromAccountId = piece.accountId;
      piece.accountId = toAccountId;
      this.pools.push(piece);
      if (context.reporting) {
        this.recordMove('transfer', piece, fromAccountId, transaction.id, context.day, transaction.timestamp);
      }
    }
  }

  recordMove(
    reason: LotMove['reason'],
    piece: LotPiece,
    fromAccountId: number,
    transactionId: number | null,
    day: CalendarDay,
    at: number,
  ): void {
    const origin = piece.origin;
    this.moves.push({
      reason,
      asset: origin.asset,
      quantity: piece.quantity,
      costBasis: pieceCostBasis(piece),
      lotId: origin.lotId,
      acquiredDate: this.dateText(origin.acquiredDay),
      acquiredAt: origin.acquiredAt,
      fromAccountId,
      toAccountId: piece.accountId,
      transactionId,
      date: this.dateText(day),
      at,
    });
  }

  recordIncome(
    context: EventContext,
    type: TransactionType,
    asset: string,
    quantity: Decimal,
    fairMarketValue: Decimal,
    lotId: string | null,
    missingPrice: boolean,
  ): void {
    if (!context.reporting) return;
    const transaction = context.transaction;
    this.income.push({
      type,
      asset,
      quantity,
      fairMarketValue,
      date: this.dateText(context.day),
      at: transaction.timestamp,
      accountId: transaction.accountId,
      transactionId: transaction.id,
      lotId,
      missingPrice,
    });
    this.totals.income = this.totals.income.plus(fairMarketValue);
  }

  /** Adds (or, when `out`, subtracts) an amount to an account's own balance; warns once per episode below zero. */
  changeBalance(context: EventContext, accountId: number, asset: string, amount: Decimal, out = false): void {
    const location = this.pools.location(asset, accountId);
    location.balance = out ? location.balance.minus(amount) : location.balance.plus(amount);
    if (isBelowZero(location.balance)) {
      if (location.belowZero) return;
      location.belowZero = true;
      const name = this.accountName(accountId);
      this.warn({
        code: 'negative-balance',
        message:
          `${name}'s ${asset} balance went below zero on ${this.dateText(context.day)} ` +
          `(${toDecimalText(location.balance)} ${asset} after transaction ${context.transaction.id}): ` +
          `earlier purchases or deposits of ${asset} into ${name} are missing from the ledger. ` +
          "Import them, or check this transaction's amounts.",
        transactionId: context.transaction.id,
        accountId,
        asset,
        date: this.dateText(context.day),
        quantity: toDecimalText(location.balance.negated()),
      });
    } else {
      location.belowZero = false;
    }
  }
}

/**
 * Shares `total` among pieces in proportion to their quantities (of `quantity` in all).
 * Each share is rounded to DERIVED_DECIMALS and the last piece takes what remains, so
 * the shares add up to the total exactly.
 */
export function shareByQuantity(total: Decimal, pieces: readonly LotPiece[], quantity: Decimal): Decimal[] {
  if (pieces.length === 1) return [total];
  const shares: Decimal[] = [];
  if (total.isZero()) {
    for (let i = 0; i < pieces.length; i++) shares.push(ZERO);
    return shares;
  }
  const perUnit = total.div(quantity);
  let left = total;
  for (let i = 0; i < pieces.length - 1; i++) {
    const share = pieces[i]!.quantity.times(perUnit).toDecimalPlaces(DERIVED_DECIMALS);
    shares.push(share);
    left = left.minus(share);
  }
  shares.push(left);
  return shares;
}
