// The tax engine's entry point: one tax year's lots, disposals, income, removals,
// holdings and problems, computed from the whole ledger.
//
// The history is replayed from the first transaction, each earlier year with its own
// method, up to the end of the tax year; only events dated in the tax year (in the
// taxpayer's time zone) are reported. Pure and deterministic: the same ledger in any
// order gives the same result, bit for bit (transactions sorted by timestamp then id,
// every map walked in a defined order, no floating point in any amount). lotsBefore
// replays the same way but stops just before one transaction, for Specific ID.
import { isFiat } from '../assets.ts';
import { ZERO, parseDecimal } from '../money.ts';
import type { Transaction } from '../transaction.ts';
import { pieceCostBasis } from './lot-piece.ts';
import type { LotPiece } from './lot-piece.ts';
import type { LotPick } from './lot-pools.ts';
import { allocateLotsToWallets } from './pool-transition.ts';
import { TaxBook } from './tax-book.ts';
import { createTaxCalendar, startOfDay } from './tax-calendar.ts';
import { handleTransaction, legShapeProblem, pickedPart } from './tax-events.ts';
import type { EventEnvironment } from './tax-events.ts';
import { describeLegs, readLegs } from './transaction-legs.ts';
import { matchTransfers } from './transfer-matching.ts';
import { LOT_METHODS } from './types.ts';
import type { HeldLot, Holding, LotMethod, LotsBefore, SpecificIdChoice, TaxYearInput, TaxYearResult } from './types.ts';

/** Per-wallet basis tracking is required from this tax year (Rev. Proc. 2024-28). */
const PER_WALLET_FROM_YEAR = 2025;

function byTimestampThenId(a: Transaction, b: Transaction): number {
  return a.timestamp - b.timestamp || a.id - b.id;
}

export function computeTaxYear(input: TaxYearInput): TaxYearResult {
  const { book, transactions, picks, methodFor, reportCurrency } = replay(input, null);
  const taxYear = input.taxYear;
  const ledgerIds = new Set(picks.size === 0 ? [] : transactions.map((transaction) => transaction.id));
  for (const transactionId of picks.keys()) {
    if (!ledgerIds.has(transactionId)) {
      book.warn({
        code: 'specific-id-invalid',
        message: `Lots were picked for transaction ${transactionId}, which is not in the ledger. Remove the picks.`,
        transactionId,
      });
    }
  }

  const perWallet = book.perWalletIn(taxYear);
  return {
    taxYear,
    timeZone: input.timeZone,
    reportCurrency,
    method: methodFor(taxYear),
    pool: perWallet ? 'per-wallet' : 'universal',
    acquisitions: book.acquisitions,
    disposals: book.disposals,
    income: book.income,
    removals: book.removals,
    moves: book.moves,
    holdings: holdings(book, perWallet),
    warnings: book.warnings,
    totals: book.totals,
  };
}

/**
 * What a specific-ID pick for one transaction chooses from: the pools just before the
 * transaction takes its lots (before the other half of its transfer when that came
 * first), with every earlier pick and link in effect; and what its picks cover, which for
 * a transfer between own accounts is only its network fee. `input.taxYear` is the
 * transaction's tax year.
 */
export function lotsBefore(input: TaxYearInput, transactionId: number): LotsBefore {
  const { book, transactions, partner, isFiat: isFiatAsset } = replay(input, transactionId);
  const index = transactions.findIndex((transaction) => transaction.id === transactionId);
  const transaction = transactions[index]!;
  const other = partner[index]!;
  const deposit = transaction.type === 'withdrawal' && other !== -1 ? transactions[other]! : null;
  const perWallet = book.perWalletIn(input.taxYear);
  return {
    pool: perWallet ? 'per-wallet' : 'universal',
    holdings: holdings(book, perWallet),
    picks: pickedPart(transaction, deposit, isFiatAsset),
    transferDepositId: deposit?.id ?? null,
  };
}

interface Replay {
  book: TaxBook;
  /** The ledger in (timestamp, id) order. */
  transactions: Transaction[];
  partner: Int32Array;
  picks: Map<number, LotPick[]>;
  methodFor: (year: number) => LotMethod;
  reportCurrency: string;
  isFiat: (asset: string) => boolean;
}

/**
 * Replays the ledger up to the end of the tax year, or only up to just before the
 * transaction `stopBefore` takes its lots.
 */
function replay(input: TaxYearInput, stopBefore: number | null): Replay {
  const { taxYear, pool } = input;
  if (!Number.isInteger(taxYear)) throw new RangeError(`The tax year must be a whole number, not ${String(taxYear)}.`);
  if (pool !== 'universal' && pool !== 'per-wallet' && pool !== 'auto') throw new RangeError(`Unknown pool mode "${String(pool)}".`);
  const reportCurrency = input.reportCurrency.trim().toUpperCase();
  const calendar = createTaxCalendar(input.timeZone);
  const isFiatAsset = (asset: string): boolean => asset === reportCurrency || isFiat(asset);
  const methods = new Map<number, LotMethod>();
  const methodFor = (year: number): LotMethod => {
    let method = methods.get(year);
    if (method === undefined) {
      method = input.methodForYear(year);
      if (!LOT_METHODS.includes(method)) throw new RangeError(`Unknown lot method "${String(method)}" for ${year}.`);
      methods.set(year, method);
    }
    return method;
  };

  const book = new TaxBook({ taxYear, pool, method: methodFor(taxYear), accounts: input.accounts });

  const transactions: Transaction[] = [];
  for (const transaction of input.transactions) {
    if (Number.isFinite(transaction.timestamp) && Number.isInteger(transaction.id)) transactions.push(transaction);
    else {
      book.warn({
        code: 'invalid-transaction',
        message: `Transaction ${String(transaction.id)} has no valid date, so it is left out. Fix or delete it.`,
        transactionId: transaction.id,
        accountId: transaction.accountId,
      });
    }
  }
  transactions.sort(byTimestampThenId);

  const matches = matchTransfers(transactions, input.transferLinks ?? [], isFiatAsset);
  for (const { link, reason } of matches.invalidLinks) {
    book.warn({
      code: 'transfer-link-invalid',
      message: `The link of withdrawal ${link.withdrawalId} to deposit ${link.depositId} cannot be used: ${reason}. Remove or fix the link.`,
      transactionId: link.withdrawalId,
    });
  }

  const picks = readSpecificIds(input.specificIds ?? [], book);
  const pickedIds = new Set<number>();
  const env: EventEnvironment = {
    book,
    reportCurrency,
    isFiat: isFiatAsset,
    takePicks(transactionId) {
      const lots = picks.get(transactionId);
      if (lots === undefined || pickedIds.has(transactionId)) return null;
      pickedIds.add(transactionId);
      return lots;
    },
    partner: matches.partner,
    transferDone: new Uint8Array(transactions.length),
    contextAt(index) {
      const transaction = transactions[index]!;
      return book.context(transaction, index, calendar.dayOf(transaction.timestamp));
    },
  };

  let currentYear = Number.NaN;
  let allocated = false;
  const allocate = (): void => {
    allocated = true;
    const day = PER_WALLET_FROM_YEAR * 10_000 + 101;
    const at = startOfDay(calendar, day);
    for (const { piece, fromAccountId } of allocateLotsToWallets(book.pools)) {
      if (taxYear === PER_WALLET_FROM_YEAR) book.recordMove('allocation-2025', piece, fromAccountId, null, day, at);
    }
  };

  // A transfer's lots move when its first half comes up.
  let stopAt = transactions.length;
  if (stopBefore !== null) {
    const index = transactions.findIndex((transaction) => transaction.id === stopBefore);
    if (index === -1) throw new RangeError(`Transaction ${stopBefore} is not in the ledger.`);
    const other = matches.partner[index]!;
    stopAt = other === -1 ? index : Math.min(index, other);
  }

  for (let index = 0; index < stopAt; index++) {
    const transaction = transactions[index]!;
    const day = calendar.dayOf(transaction.timestamp);
    const year = Math.floor(day / 10_000);
    if (year > taxYear) break;
    if (year !== currentYear) {
      currentYear = year;
      book.pools.method = methodFor(year);
      if (pool === 'auto' && !allocated && year >= PER_WALLET_FROM_YEAR) allocate();
    }
    if (transaction.type === 'ignored') continue;
    const context = book.context(transaction, index, day);
    const legs = readLegs(transaction, isFiatAsset);
    const problem = typeof legs === 'string' ? legs : legShapeProblem(transaction, legs);
    if (problem !== null) {
      const what = typeof legs === 'string' ? `Transaction ${transaction.id}` : `Transaction ${transaction.id} (${describeLegs(transaction.type, legs)})`;
      book.warn({
        code: 'invalid-transaction',
        message:
          `${what} in ${book.accountName(transaction.accountId)} on ${book.dateText(day)} cannot be used: ${problem}. ` +
          'It is left out; fix its type or amounts.',
        transactionId: transaction.id,
        accountId: transaction.accountId,
        date: book.dateText(day),
      });
      continue;
    }
    if (typeof legs === 'string') continue;
    handleTransaction(env, context, legs);

    if (legs.received !== null && !legs.received.fiat) book.changeBalance(context, transaction.accountId, legs.received.asset, legs.received.amount);
    if (legs.sent !== null && !legs.sent.fiat) book.changeBalance(context, transaction.accountId, legs.sent.asset, legs.sent.amount, true);
    if (legs.fee !== null && !legs.fee.fiat) book.changeBalance(context, transaction.accountId, legs.fee.asset, legs.fee.amount, true);

    if (picks.has(transaction.id) && !pickedIds.has(transaction.id)) {
      pickedIds.add(transaction.id);
      book.warn({
        code: 'specific-id-invalid',
        message: `Lots were picked for transaction ${transaction.id} on ${book.dateText(day)}, but it uses no lots. Remove the picks.`,
        transactionId: transaction.id,
        accountId: transaction.accountId,
        date: book.dateText(day),
      });
    }
  }
  if (pool === 'auto' && !allocated && taxYear >= PER_WALLET_FROM_YEAR) {
    book.pools.method = methodFor(PER_WALLET_FROM_YEAR);
    allocate();
  }
  return { book, transactions, partner: matches.partner, picks, methodFor, reportCurrency, isFiat: isFiatAsset };
}

/** Picks by transaction id; picks with unreadable quantities are warned about and dropped. */
function readSpecificIds(choices: readonly SpecificIdChoice[], book: TaxBook): Map<number, LotPick[]> {
  const picks = new Map<number, LotPick[]>();
  for (const choice of choices) {
    const lots = picks.get(choice.disposalTransactionId) ?? [];
    for (const lot of choice.lots) {
      const quantity = parseDecimal(lot.quantity);
      if (quantity === null || !quantity.gt(0)) {
        book.warn({
          code: 'specific-id-invalid',
          message: `The pick of lot ${lot.lotId} for transaction ${choice.disposalTransactionId} has quantity "${lot.quantity}", which is not a positive number; it is ignored.`,
          transactionId: choice.disposalTransactionId,
        });
        continue;
      }
      lots.push({ lotId: lot.lotId, quantity });
    }
    picks.set(choice.disposalTransactionId, lots);
  }
  return picks;
}

function olderFirst(a: LotPiece, b: LotPiece): number {
  return a.origin.acquiredAt - b.origin.acquiredAt || a.origin.seq - b.origin.seq || a.accountId - b.accountId;
}

/** The pools at the end of the tax year: per wallet, or one per asset. */
function holdings(book: TaxBook, perWallet: boolean): Holding[] {
  const result: Holding[] = [];
  const add = (asset: string, accountId: number | null, pieces: LotPiece[]): void => {
    if (pieces.length === 0) return;
    pieces.sort(olderFirst);
    let quantity = ZERO;
    let costBasis = ZERO;
    const lots: HeldLot[] = pieces.map((piece) => {
      const pieceBasis = pieceCostBasis(piece);
      quantity = quantity.plus(piece.quantity);
      costBasis = costBasis.plus(pieceBasis);
      const origin = piece.origin;
      return {
        lotId: origin.lotId,
        accountId: piece.accountId,
        quantity: piece.quantity,
        costBasis: pieceBasis,
        acquiredDate: book.dateText(origin.acquiredDay),
        acquiredAt: origin.acquiredAt,
        acquisitionTransactionId: origin.acquisitionTransactionId,
        missingPrice: origin.missingPrice,
        missingBasis: origin.missingBasis,
      };
    });
    result.push({ asset, accountId, quantity, costBasis, lots });
  };
  for (const { asset, locations } of book.pools.allLocations()) {
    const live = (pieces: readonly LotPiece[]): LotPiece[] => pieces.filter((piece) => !piece.quantity.isZero());
    if (perWallet) {
      for (const location of locations) add(asset, location.accountId, live(location.heap.pieces()));
    } else {
      add(asset, null, locations.flatMap((location) => live(location.heap.pieces())));
    }
  }
  return result;
}
