// Deterministic ids for rows that have none of their own, so re-importing a file, or a
// later export that overlaps it, adds nothing.
import type { TransactionDraft } from '../../../shared/transaction.ts';

/**
 * The id is a hash of what the row says plus its occurrence number among identical rows
 * in the file, so two genuinely identical rows (two equal rewards in one minute) both
 * import, and import only once. It starts with the time (UTC ms) so the ids of a
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
    const [a, b, c, d] = contentHash(content);
    const key = `row:${draft.timestamp}:${hex(a)}${hex(b)}${hex(c)}${hex(d)}`;
    const occurrence = this.occurrences.count(a, b, c);
    return occurrence === 0 ? key : `${key}#${occurrence}`;
  }
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Hex of a 32-bit word through a byte table: number-to-text in other bases is slow. */
const hex = (value: number) =>
  HEX_BYTES[value >>> 24]! + HEX_BYTES[(value >>> 16) & 255]! + HEX_BYTES[(value >>> 8) & 255]! + HEX_BYTES[value & 255]!;

/**
 * A 128-bit non-cryptographic hash (bryc's cyrb128). The ids only need to tell a user's
 * own rows apart, not resist an attacker, and this is about ten times cheaper than
 * SHA-256 through node:crypto for the short strings hashed here. Changing it changes
 * every derived id, so it must stay as it is.
 */
function contentHash(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 | 0, h2 | 0, h3 | 0, h4 | 0];
}

/**
 * How often each content hash was seen, keyed by its first 96 bits (the timestamp is in
 * the hashed content). Two different rows of one file sharing 96 bits is a chance of
 * about one in 10^16 for a million rows; a typed-array table instead of a Map of strings
 * keeps a million-row file's ids several times cheaper.
 */
class OccurrenceCounter {
  private slots = new Int32Array(4 * 65536); // per slot: three key words and a count
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
