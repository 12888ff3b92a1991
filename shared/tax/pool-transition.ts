// The move from a universal pool to per-wallet pools on 1 January 2025 (`auto` pool mode).
//
// Rev. Proc. 2024-28 requires basis to be tracked per wallet or account from 2025 on, and
// lets taxpayers allocate their unused basis to the units each wallet held at the start of
// 1 January 2025 by a reasonable, consistently applied rule. Lotwise's rule, per asset,
// at the start of 1 January 2025 in the taxpayer's time zone:
//
// 1. Every lot has a location: the account that acquired it, moved by transfers between
//    the user's accounts (even while the pool was universal).
// 2. Each wallet keeps the lots located in it, oldest first, up to the wallet's actual
//    balance of the asset per the ledger (a negative balance counts as zero). A lot that
//    straddles the balance is split: the part within the balance stays.
// 3. Lots beyond a wallet's balance are reassigned, oldest lots first, to the wallets whose
//    lots fall short of their balance, filling wallets in account-id order.
// 4. A shortfall that remains (a wallet holds more than all the lots can cover) is left to
//    the shortfall rule: the wallet's later disposals beyond its lots get a zero cost basis
//    and a missing-cost-basis warning.
// 5. Lots left over once every wallet is full (the ledger shows fewer units than the lots,
//    a sign of missing withdrawals) stay where they were located.
import type { Decimal } from '../money.ts';
import { ZERO } from '../money.ts';
import { compareDecimals, isAboveZero } from './decimal-order.ts';
import { splitPiece } from './lot-piece.ts';
import type { LotPiece } from './lot-piece.ts';
import type { Location, LotPools } from './lot-pools.ts';

export interface AllocationMove {
  /** The piece as it now lies in its new wallet. */
  piece: LotPiece;
  fromAccountId: number;
}

function olderFirst(a: LotPiece, b: LotPiece): number {
  return a.origin.acquiredAt - b.origin.acquiredAt || a.origin.seq - b.origin.seq || a.accountId - b.accountId;
}

/** Applies the allocation to every asset's locations; returns the lots that changed wallet. */
export function allocateLotsToWallets(pools: LotPools): AllocationMove[] {
  const moves: AllocationMove[] = [];
  for (const { locations } of pools.allLocations()) allocateAsset(locations, moves);
  return moves;
}

function allocateAsset(locations: readonly Location[], moves: AllocationMove[]): void {
  const kept = new Map<Location, LotPiece[]>();
  const shortOf = new Map<Location, Decimal>();
  const surplus: LotPiece[] = [];

  for (const location of locations) {
    const balance = isAboveZero(location.balance) ? location.balance : ZERO;
    const pieces = location.heap
      .pieces()
      .filter((piece) => !piece.quantity.isZero())
      .sort(olderFirst);
    const keep: LotPiece[] = [];
    let room = balance;
    for (const piece of pieces) {
      if (room.isZero()) {
        surplus.push(piece);
      } else if (compareDecimals(piece.quantity, room) <= 0) {
        keep.push(piece);
        room = room.minus(piece.quantity);
      } else {
        keep.push(splitPiece(piece, room));
        surplus.push(piece);
        room = ZERO;
      }
    }
    kept.set(location, keep);
    shortOf.set(location, room);
  }

  surplus.sort(olderFirst);
  let next = 0;
  for (const location of locations) {
    let short = shortOf.get(location)!;
    const keep = kept.get(location)!;
    while (isAboveZero(short) && next < surplus.length) {
      const piece = surplus[next]!;
      const fromAccountId = piece.accountId;
      let moved: LotPiece;
      if (compareDecimals(piece.quantity, short) <= 0) {
        moved = piece;
        next++;
      } else {
        moved = splitPiece(piece, short);
      }
      moved.accountId = location.accountId;
      keep.push(moved);
      short = short.minus(moved.quantity);
      moves.push({ piece: moved, fromAccountId });
    }
  }
  for (; next < surplus.length; next++) {
    const piece = surplus[next]!;
    kept.get(locations.find((location) => location.accountId === piece.accountId)!)!.push(piece);
  }
  for (const location of locations) location.heap.reset(kept.get(location)!);
}
