// The lots of every account and asset, and taking units out of them.
//
// Lots are always kept by location (account and asset), whatever the pool mode: a
// per-wallet pool is one location; a universal pool is all locations of an asset, taking
// whichever location's next lot the method prefers. Keeping locations in universal mode
// is what makes the 2025 allocation to wallets possible (pool-transition.ts).
import type { Decimal } from '../money.ts';
import { ZERO } from '../money.ts';
import { compareDecimals, isAboveZero } from './decimal-order.ts';
import { LotHeap, TAKES_BEFORE } from './lot-heap.ts';
import { splitPiece } from './lot-piece.ts';
import type { LotPiece } from './lot-piece.ts';
import type { LotMethod } from './types.ts';

/** One account's lots of one asset, and the account's own running balance of it. */
export class Location {
  readonly accountId: number;
  readonly asset: string;
  readonly heap: LotHeap;
  /** Received minus sent and fees in this account, as the ledger says. */
  balance: Decimal = ZERO;
  /** In a negative-balance episode (warned once until the balance is back at or above zero). */
  belowZero = false;

  constructor(accountId: number, asset: string, method: LotMethod) {
    this.accountId = accountId;
    this.asset = asset;
    this.heap = new LotHeap(method);
  }
}

/** Where a take may look: one account, all accounts, or one account first and then all. */
export type TakeScope = 'account' | 'universal' | 'account-first';

export interface LotPick {
  lotId: string;
  quantity: Decimal;
}

export interface TakeResult {
  pieces: LotPiece[];
  /** Units the pool could not supply (0 when it could). */
  missing: Decimal;
  /** Picks that could not be used in full, as sentences for a warning; null when none. */
  pickProblems: string[] | null;
}

interface AssetLocations {
  byAccount: Map<number, Location>;
  /** The same locations by account id. */
  sorted: Location[];
}

export class LotPools {
  private readonly byAsset = new Map<string, AssetLocations>();
  /** The current tax year's method; heaps reorder to it when next used. */
  method: LotMethod;

  constructor(method: LotMethod) {
    this.method = method;
  }

  location(asset: string, accountId: number): Location {
    let locations = this.byAsset.get(asset);
    if (locations === undefined) {
      locations = { byAccount: new Map(), sorted: [] };
      this.byAsset.set(asset, locations);
    }
    let location = locations.byAccount.get(accountId);
    if (location === undefined) {
      location = new Location(accountId, asset, this.method);
      locations.byAccount.set(accountId, location);
      locations.sorted.push(location);
      locations.sorted.sort((a, b) => a.accountId - b.accountId);
    }
    return location;
  }

  /** Every asset's locations, assets in code-point order and accounts by id. */
  allLocations(): { asset: string; locations: readonly Location[] }[] {
    const assets = [...this.byAsset.keys()].sort(compareText);
    return assets.map((asset) => ({ asset, locations: this.locationsOf(asset) }));
  }

  /** An asset's locations by account id (do not modify). */
  locationsOf(asset: string): readonly Location[] {
    return this.byAsset.get(asset)?.sorted ?? [];
  }

  push(piece: LotPiece): void {
    const location = this.location(piece.origin.asset, piece.accountId);
    location.heap.useMethod(this.method);
    location.heap.push(piece);
  }

  /**
   * Takes `quantity` units of `asset` for a disposal, removal or transfer from `accountId`:
   * first the picked lots (specific identification), then by the method. The pieces
   * returned belong to the caller.
   */
  take(asset: string, accountId: number, quantity: Decimal, scope: TakeScope, picks: readonly LotPick[] | null): TakeResult {
    const pieces: LotPiece[] = [];
    let pickProblems: string[] | null = null;
    let need = quantity;
    const own = this.location(asset, accountId);
    const locations = scope === 'account' ? [own] : this.locationsOf(asset);
    for (const location of locations) location.heap.useMethod(this.method);

    if (picks !== null) {
      pickProblems = [];
      need = this.takePicks(locations, picks, need, pieces, pickProblems);
      if (pickProblems.length === 0) pickProblems = null;
    }

    const first = scope === 'universal' ? null : own;
    while (isAboveZero(need)) {
      let piece = first?.heap.peek();
      let from = first;
      if (piece === undefined) {
        from = null;
        for (const location of locations) {
          const top = location.heap.peek();
          if (top !== undefined && (piece === undefined || TAKES_BEFORE[this.method](top, piece))) {
            piece = top;
            from = location;
          }
        }
      }
      if (piece === undefined || from === null) break;
      if (compareDecimals(piece.quantity, need) <= 0) {
        from.heap.pop();
        pieces.push(piece);
        need = need.minus(piece.quantity);
      } else {
        pieces.push(splitPiece(piece, need));
        need = ZERO;
      }
    }
    return { pieces, missing: need, pickProblems };
  }

  private takePicks(
    locations: readonly Location[],
    picks: readonly LotPick[],
    need: Decimal,
    pieces: LotPiece[],
    problems: string[],
  ): Decimal {
    for (const pick of picks) {
      if (need.isZero()) {
        problems.push(`lot ${pick.lotId} was not needed: the earlier picks already cover the whole quantity`);
        continue;
      }
      let wanted = compareDecimals(pick.quantity, need) > 0 ? need : pick.quantity;
      const requested = wanted;
      for (const location of locations) {
        for (const piece of location.heap.pieces()) {
          if (wanted.isZero()) break;
          if (piece.origin.lotId !== pick.lotId || piece.quantity.isZero()) continue;
          if (compareDecimals(piece.quantity, wanted) <= 0) {
            // The piece stays in the heap emptied; the heap drops it when it reaches the top.
            pieces.push({ ...piece });
            wanted = wanted.minus(piece.quantity);
            piece.quantity = ZERO;
          } else {
            pieces.push(splitPiece(piece, wanted));
            wanted = ZERO;
          }
        }
      }
      const used = requested.minus(wanted);
      need = need.minus(used);
      if (used.isZero()) {
        problems.push(`lot ${pick.lotId} is not held in this pool (it was used up, never existed, or is in another wallet)`);
      } else if (!wanted.isZero()) {
        problems.push(`lot ${pick.lotId} held only ${used.toFixed()} of the ${pick.quantity.toFixed()} picked`);
      } else if (compareDecimals(pick.quantity, requested) > 0) {
        problems.push(`lot ${pick.lotId} was picked for ${pick.quantity.toFixed()}, more than the ${requested.toFixed()} still needed`);
      }
    }
    return need;
  }
}

/** Code-point order, independent of locale, so results are the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
