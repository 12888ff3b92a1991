// Deterministic ids for rows that have none of their own, so re-importing a file, or a
// later export that overlaps it, adds nothing.
import { hash } from 'node:crypto';
import type { TransactionDraft } from '../../../shared/transaction.ts';

/**
 * The id is a hash of what the row says plus its occurrence number among identical rows
 * in the file, so two genuinely identical rows (two equal rewards in one minute) both
 * import, and import only once. It starts with the time (base 36) so the ids of a
 * time-ordered file arrive in order and the unique index grows at its end instead of at
 * random pages, which keeps million-row imports fast.
 */
export class ExternalIds {
  private readonly occurrences = new OccurrenceCounter();

  next(draft: TransactionDraft): string {
    if (draft.externalId !== null) return draft.externalId;
    const content =
      `${draft.timestamp}|${draft.type}|${draft.sentAsset}|${draft.sentAmount}|${draft.receivedAsset}|` +
      `${draft.receivedAmount}|${draft.feeAsset}|${draft.feeAmount}|${draft.fiatValue}|${draft.fiatCurrency}|${draft.txHash}`;
    const digest = hash('sha256', content, 'buffer');
    const key = `row:${draft.timestamp.toString(36)}:${digest.toString('base64url', 0, 16)}`;
    const occurrence = this.occurrences.count(digest.readInt32LE(0), digest.readInt32LE(4), digest.readInt32LE(8));
    return occurrence === 0 ? key : `${key}#${occurrence}`;
  }
}

/**
 * How often each content digest was seen, keyed by its first 96 bits (the timestamp is in
 * the hashed content). Two different rows of one file sharing 96 bits is a chance of
 * about one in 10^16 for a million rows; a typed-array table instead of a Map of strings
 * keeps a million-row file's ids several times cheaper.
 */
class OccurrenceCounter {
  private slots = new Int32Array(4 * 1024 * 4); // per slot: three key words and a count
  private used = 0;

  /** Returns how many times this key was seen before, and counts it. */
  count(a: number, b: number, c: number): number {
    if ((this.used + 1) * 2 > this.slots.length / 4) this.grow();
    const slot = this.find(this.slots, a, b, c);
    const seen = this.slots[slot + 3]!;
    if (seen === 0) {
      this.slots[slot] = a;
      this.slots[slot + 1] = b;
      this.slots[slot + 2] = c;
      this.used += 1;
    }
    this.slots[slot + 3] = seen + 1;
    return seen;
  }

  private find(slots: Int32Array, a: number, b: number, c: number): number {
    const mask = slots.length / 4 - 1;
    let index = (a ^ (b >>> 7)) & mask;
    for (;;) {
      const at = index * 4;
      if (slots[at + 3] === 0 || (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c)) return at;
      index = (index + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] === 0) continue;
      const to = this.find(slots, old[at]!, old[at + 1]!, old[at + 2]!);
      slots.set(old.subarray(at, at + 4), to);
    }
    this.slots = slots;
  }
}
