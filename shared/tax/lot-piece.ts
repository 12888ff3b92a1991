// Lots and pieces of lots, and how a lot's cost basis is shared among its pieces.
//
// A lot is what one acquisition created (its origin: lot id, acquisition date, quantity
// and cost basis). Disposals, transfers and the 2025 allocation split lots into pieces;
// every piece keeps its lot's id and origin wherever it moves.
//
// A piece is a contiguous range of its lot's units, [from, to) on the line 0…quantity.
// Its cost basis is the lot's basis prorated to `to` minus the basis prorated to `from`.
// So the pieces of a lot always add up to the lot's basis exactly, however it was split,
// and nothing is divided until a basis is actually needed: splitting a piece is a
// subtraction, and a lot that is used up in an earlier year never has its basis divided.
import type { Decimal } from '../money.ts';
import { ZERO } from '../money.ts';
import { compareDecimals } from './decimal-order.ts';
import type { CalendarDay } from './tax-calendar.ts';
import type { AcquisitionKind } from './types.ts';

/**
 * Amounts derived by multiplying and dividing (a share of a lot's basis, of a trade's
 * proceeds) are rounded to this many decimal places. Sums and differences of such amounts
 * stay exact within Decimal's 40 significant digits, and every division is followed by a
 * subtraction for the rest, so parts always add up exactly to their whole.
 */
export const DERIVED_DECIMALS = 18;

export interface LotOrigin {
  readonly lotId: string;
  /** Creation order: breaks ties between lots acquired at the same instant. */
  readonly seq: number;
  readonly kind: AcquisitionKind;
  readonly asset: string;
  readonly acquiredAt: number;
  readonly acquiredDay: CalendarDay;
  readonly acquisitionTransactionId: number | null;
  readonly quantity: Decimal;
  readonly costBasis: Decimal;
  /** HIFO's and LOFO's order key (see lot-heap.ts), computed when first needed. */
  unitCostKey: bigint | null;
  readonly missingPrice: boolean;
  readonly missingBasis: boolean;
}

/** A point inside a lot where it was split, with the basis of the units before it (once computed). */
interface Boundary {
  readonly position: Decimal;
  basisBefore: Decimal | null;
}

export interface LotPiece {
  readonly origin: LotOrigin;
  /** null: the start of the lot. */
  from: Boundary | null;
  /** null: the end of the lot. */
  to: Boundary | null;
  /** to − from. 0 marks a piece emptied by a specific-ID pick, left in its heap. */
  quantity: Decimal;
  /** The account the piece is located in (tracked in universal pools too). */
  accountId: number;
}

export function wholeLot(origin: LotOrigin, accountId: number): LotPiece {
  return { origin, from: null, to: null, quantity: origin.quantity, accountId };
}

function basisBefore(origin: LotOrigin, boundary: Boundary | null, atEnd: boolean): Decimal {
  if (boundary === null) return atEnd ? origin.costBasis : ZERO;
  if (boundary.basisBefore === null) {
    boundary.basisBefore = origin.costBasis.isZero()
      ? ZERO
      : origin.costBasis.times(boundary.position).div(origin.quantity).toDecimalPlaces(DERIVED_DECIMALS);
  }
  return boundary.basisBefore;
}

export function pieceCostBasis(piece: LotPiece): Decimal {
  const origin = piece.origin;
  if (piece.from === null && piece.to === null) return origin.costBasis;
  const end = basisBefore(origin, piece.to, true);
  const start = basisBefore(origin, piece.from, false);
  return start.isZero() ? end : end.minus(start);
}

/** Splits the first `quantity` units off a piece: returns them; the piece keeps the rest. */
export function splitPiece(piece: LotPiece, quantity: Decimal): LotPiece {
  const start = piece.from === null ? ZERO : piece.from.position;
  const boundary: Boundary = { position: start.plus(quantity), basisBefore: null };
  const taken: LotPiece = { origin: piece.origin, from: piece.from, to: boundary, quantity, accountId: piece.accountId };
  piece.from = boundary;
  piece.quantity = piece.quantity.minus(quantity);
  return taken;
}

/** Divides taken pieces into the first `quantity` units and the rest, in order. */
export function dividePieces(pieces: readonly LotPiece[], quantity: Decimal): [LotPiece[], LotPiece[]] {
  const first: LotPiece[] = [];
  const rest: LotPiece[] = [];
  let need = quantity;
  for (const piece of pieces) {
    if (need.isZero()) {
      rest.push(piece);
    } else if (compareDecimals(piece.quantity, need) <= 0) {
      first.push(piece);
      need = need.minus(piece.quantity);
    } else {
      first.push(splitPiece(piece, need));
      rest.push(piece);
      need = ZERO;
    }
  }
  return [first, rest];
}
