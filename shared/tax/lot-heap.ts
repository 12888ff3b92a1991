// The order a standing method takes lots in, and the heap that keeps each pool location's
// pieces in that order. A binary heap makes taking the next lot O(log n) for every method,
// even when a transfer brings in an old lot; a new tax year's method reorders it in O(n).
import type { Decimal } from '../money.ts';
import type { LotOrigin, LotPiece } from './lot-piece.ts';
import type { LotMethod } from './types.ts';

const POWERS_OF_TEN: bigint[] = [];
function powerOfTen(exponent: number): bigint {
  let power = POWERS_OF_TEN[exponent];
  if (power === undefined) {
    power = 10n ** BigInt(exponent);
    POWERS_OF_TEN[exponent] = power;
  }
  return power;
}

/** A non-negative Decimal as an integer and a count of decimal places: 12.34 → [1234n, 2]. */
function scaledInteger(value: Decimal): [bigint, number] {
  const text = value.toFixed();
  const point = text.indexOf('.');
  if (point < 0) return [BigInt(text), 0];
  return [BigInt(text.slice(0, point) + text.slice(point + 1)), text.length - point - 1];
}

/** The per-unit cost is compared to this many decimal places (ties go by acquisition). */
const UNIT_COST_DECIMALS = 40;

/**
 * HIFO's and LOFO's order key: the lot's per-unit cost basis (fees included), basis ÷
 * quantity, truncated to UNIT_COST_DECIMALS places, as an integer. Exact integer
 * arithmetic, no floating point, and a third of the cost of a 40-digit Decimal division,
 * which matters when every one of a million lots needs its key.
 */
function unitCostKey(origin: LotOrigin): bigint {
  if (origin.unitCostKey === null) {
    if (origin.costBasis.isZero()) {
      origin.unitCostKey = 0n;
    } else {
      const [basis, basisDecimals] = scaledInteger(origin.costBasis);
      const [quantity, quantityDecimals] = scaledInteger(origin.quantity);
      origin.unitCostKey = (basis * powerOfTen(UNIT_COST_DECIMALS + quantityDecimals)) / (quantity * powerOfTen(basisDecimals));
    }
  }
  return origin.unitCostKey;
}

/**
 * Acquired earlier, or at the same instant but recorded first: lots are created in ledger
 * order (timestamp, then transaction id), so between two ordinary lots of the same instant
 * the one with the lower lot id goes first.
 */
function earlierAcquired(a: LotOrigin, b: LotOrigin): boolean {
  return a.acquiredAt < b.acquiredAt || (a.acquiredAt === b.acquiredAt && a.seq < b.seq);
}

/** Whether `a` is taken before `b`. HIFO and LOFO break ties by earlier acquisition. */
export type TakesBefore = (a: LotPiece, b: LotPiece) => boolean;

export const TAKES_BEFORE: Readonly<Record<LotMethod, TakesBefore>> = {
  fifo: (a, b) => earlierAcquired(a.origin, b.origin),
  lifo: (a, b) => earlierAcquired(b.origin, a.origin),
  hifo: (a, b) => {
    const x = unitCostKey(a.origin);
    const y = unitCostKey(b.origin);
    return x > y || (x === y && earlierAcquired(a.origin, b.origin));
  },
  lofo: (a, b) => {
    const x = unitCostKey(a.origin);
    const y = unitCostKey(b.origin);
    return x < y || (x === y && earlierAcquired(a.origin, b.origin));
  },
};

/** The pieces of one pool location, next-to-take on top. */
export class LotHeap {
  private items: LotPiece[] = [];
  private takesBefore: TakesBefore;
  method: LotMethod;

  constructor(method: LotMethod) {
    this.method = method;
    this.takesBefore = TAKES_BEFORE[method];
  }

  /** Reorders for another method (a new tax year's method). */
  useMethod(method: LotMethod): void {
    if (method === this.method) return;
    this.method = method;
    this.takesBefore = TAKES_BEFORE[method];
    this.items = this.items.filter((piece) => !piece.quantity.isZero());
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  push(piece: LotPiece): void {
    this.items.push(piece);
    this.siftUp(this.items.length - 1);
  }

  /** The next piece to take, or undefined when the heap holds nothing. */
  peek(): LotPiece | undefined {
    let top = this.items[0];
    while (top !== undefined && top.quantity.isZero()) {
      this.pop();
      top = this.items[0];
    }
    return top;
  }

  /** Removes the top piece (call after peek). */
  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    items[0] = last;
    this.siftDown(0);
  }

  /** Every piece, in no particular order; may include emptied ones. */
  pieces(): readonly LotPiece[] {
    return this.items;
  }

  /** Replaces the contents (after the 2025 allocation re-sorted the pools). */
  reset(pieces: LotPiece[]): void {
    this.items = pieces.filter((piece) => !piece.quantity.isZero());
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(index: number): void {
    const items = this.items;
    const piece = items[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex]!;
      if (!this.takesBefore(piece, parent)) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = piece;
  }

  private siftDown(index: number): void {
    const items = this.items;
    const length = items.length;
    const piece = items[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.takesBefore(items[right]!, items[left]!)) child = right;
      if (!this.takesBefore(items[child]!, piece)) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = piece;
  }
}
