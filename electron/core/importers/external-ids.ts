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
  private readonly hash = new ContentHash();
  private readonly occurrences = new OccurrenceCounter();

  next(draft: TransactionDraft): string {
    if (draft.externalId !== null) return draft.externalId;
    // What the row says, field by field. The label and description are left out: they
    // are words, and a later export may word them differently.
    const hash = this.hash;
    hash.start();
    hash.number(draft.timestamp);
    hash.text(draft.type);
    hash.text(draft.sentAsset);
    hash.text(draft.sentAmount);
    hash.text(draft.receivedAsset);
    hash.text(draft.receivedAmount);
    hash.text(draft.feeAsset);
    hash.text(draft.feeAmount);
    hash.text(draft.fiatValue);
    hash.text(draft.fiatCurrency);
    hash.text(draft.txHash);
    hash.finish();
    return countedKey('row', draft.timestamp, hash, this.occurrences);
  }
}

/**
 * Ids a format derives from the fields it chooses, for transactions whose draft can come
 * out differently from two exports of the same event: the format passes only what every
 * export states the same way (a Coinbase row's time, direction, asset and quantity, not
 * its reworded Notes or re-rounded fees). Identical fields at one time are told apart by
 * their occurrence, as in ExternalIds. One instance per file.
 */
export class DerivedIds {
  private readonly prefix: string;
  private readonly hash = new ContentHash();
  private readonly occurrences = new OccurrenceCounter();

  /** `prefix` names the format ("coinbase"); it starts every id. */
  constructor(prefix: string) {
    this.prefix = prefix;
  }

  next(timestamp: number, fields: readonly (string | null)[]): string {
    const hash = this.hash;
    hash.start();
    hash.number(timestamp);
    for (const field of fields) hash.text(field);
    hash.finish();
    return countedKey(this.prefix, timestamp, hash, this.occurrences);
  }
}

/** `prefix:time:hash`, with `#n` for the n-th repeat of the same hash at that time. */
function countedKey(prefix: string, timestamp: number, hash: ContentHash, occurrences: OccurrenceCounter): string {
  const key = `${prefix}:${timestamp}:${base64Url(hash.h1, hash.h2, hash.h3, hash.h4)}`;
  const occurrence = occurrences.count(timestamp, hash.h1, hash.h2, hash.h3);
  return occurrence === 0 ? key : `${key}#${occurrence}`;
}

const BASE64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64_URL_PAIRS = Array.from({ length: 4096 }, (_, bits) => BASE64_URL[bits >> 6]! + BASE64_URL[bits & 63]!);

/**
 * 128 bits as 22 base64url characters (hex would take 32): the id is stored twice, in
 * the row and in the unique index, a million times over. Table lookups, because
 * number-to-text in other bases is slow: 30 bits of each word, then the four words' last
 * two bits together.
 */
function base64Url(h1: number, h2: number, h3: number, h4: number): string {
  const low = ((h1 & 3) << 6) | ((h2 & 3) << 4) | ((h3 & 3) << 2) | (h4 & 3);
  return word30(h1) + word30(h2) + word30(h3) + word30(h4) + BASE64_URL_PAIRS[low]!;
}

function word30(word: number): string {
  return BASE64_URL_PAIRS[word >>> 20]! + BASE64_URL_PAIRS[(word >>> 8) & 4095]! + BASE64_URL[(word >>> 2) & 63]!;
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const fmix = (h: number) => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/**
 * MurmurHash3 x86_128 (Austin Appleby's, public domain) over 32-bit words fed one field
 * at a time: each text as its length, then its UTF-16 code units two to a word; null as
 * a length no text has. No field is joined into a string first, and the words need a
 * quarter of the multiplications a character-at-a-time hash does. A non-cryptographic
 * hash is enough: the ids only tell a user's own rows apart, they need not resist an
 * attacker. Changing any of this changes every derived id.
 */
class ContentHash {
  h1 = 0;
  h2 = 0;
  h3 = 0;
  h4 = 0;
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  private k4 = 0;
  /** Words in the current block (0–3). */
  private pending = 0;
  private words = 0;

  start(): void {
    this.h1 = this.h2 = this.h3 = this.h4 = 0x6c6f7477; // "lotw"
    this.pending = 0;
    this.words = 0;
  }

  /** A safe integer (a timestamp), as two words. */
  number(value: number): void {
    this.word(value >>> 0);
    this.word(Math.floor(value / 4294967296));
  }

  text(value: string | null): void {
    if (value === null) {
      this.word(0xffffffff);
      return;
    }
    const length = value.length;
    this.word(length);
    let i = 0;
    for (; i + 1 < length; i += 2) this.word(value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16));
    if (i < length) this.word(value.charCodeAt(i));
  }

  private word(value: number): void {
    this.words += 1;
    switch (this.pending) {
      case 0:
        this.k1 = value;
        this.pending = 1;
        return;
      case 1:
        this.k2 = value;
        this.pending = 2;
        return;
      case 2:
        this.k3 = value;
        this.pending = 3;
        return;
      default:
        this.k4 = value;
        this.pending = 0;
        this.block();
    }
  }

  private block(): void {
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    let h4 = this.h4;
    h1 ^= Math.imul(rotl(Math.imul(this.k1, C1), 15), C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(this.k2, C2), 16), C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(this.k3, C3), 17), C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(this.k4, C4), 18), C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }

  finish(): void {
    // The tail: the words of an unfinished block, mixed without the block rotation.
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    let h4 = this.h4;
    const pending = this.pending;
    if (pending >= 3) h3 ^= Math.imul(rotl(Math.imul(this.k3, C3), 17), C4);
    if (pending >= 2) h2 ^= Math.imul(rotl(Math.imul(this.k2, C2), 16), C3);
    if (pending >= 1) h1 ^= Math.imul(rotl(Math.imul(this.k1, C1), 15), C2);
    const bytes = this.words * 4;
    h1 ^= bytes;
    h2 ^= bytes;
    h3 ^= bytes;
    h4 ^= bytes;
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h3 = fmix(h3);
    h4 = fmix(h4);
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }
}

/**
 * How often each content hash was seen, keyed by its first 96 bits. Two different rows of
 * one file sharing 96 bits is a chance of about one in 10^16 for a million rows.
 *
 * Rows at different times never have the same content (the time is hashed), so in a file
 * in time order, oldest or newest first as exports are, a row can only repeat one of the
 * rows at its own time, which came just before it. While the file keeps its order, only
 * those are compared with, and every key is logged; the first row out of order, or a
 * time shared by very many rows, replays the log into a hash table of every key, used
 * from then on. A million random lookups in a table that size cost more than everything
 * else about a row's id.
 */
class OccurrenceCounter {
  private table: KeyTable | null = null;
  private direction = 0; // 1 oldest first, -1 newest first, 0 not known yet
  private time = 0;
  private started = false;
  /** The keys at the current time and their counts: a, b, c, count for each. */
  private readonly group = new Int32Array(4 * MAX_GROUP);
  private groupSize = 0;
  /** Every key counted so far, three words each, in order. */
  private readonly log: Int32Array[] = [];
  private logged = LOG_CHUNK; // words used in the last chunk

  /** Returns how many times this key was seen before, and counts it. */
  count(time: number, a: number, b: number, c: number): number {
    if (this.table !== null) return this.table.count(a, b, c);
    if (!this.started || time !== this.time) {
      if (this.started) {
        const direction = time > this.time ? 1 : -1;
        if (this.direction === 0) this.direction = direction;
        else if (direction !== this.direction) return this.tableFromLog().count(a, b, c);
      }
      this.started = true;
      this.time = time;
      this.groupSize = 0;
    }
    const group = this.group;
    const end = this.groupSize * 4;
    for (let at = 0; at < end; at += 4) {
      if (group[at] === a && group[at + 1] === b && group[at + 2] === c) {
        this.append(a, b, c);
        const seen = group[at + 3]!;
        group[at + 3] = seen + 1;
        return seen;
      }
    }
    if (this.groupSize === MAX_GROUP) return this.tableFromLog().count(a, b, c);
    this.append(a, b, c);
    group[end] = a;
    group[end + 1] = b;
    group[end + 2] = c;
    group[end + 3] = 1;
    this.groupSize += 1;
    return 0;
  }

  private append(a: number, b: number, c: number): void {
    if (this.logged === LOG_CHUNK) {
      this.log.push(new Int32Array(LOG_CHUNK));
      this.logged = 0;
    }
    const chunk = this.log[this.log.length - 1]!;
    chunk[this.logged] = a;
    chunk[this.logged + 1] = b;
    chunk[this.logged + 2] = c;
    this.logged += 3;
  }

  private tableFromLog(): KeyTable {
    const table = new KeyTable();
    this.log.forEach((chunk, index) => {
      const end = index === this.log.length - 1 ? this.logged : chunk.length;
      for (let at = 0; at < end; at += 3) table.count(chunk[at]!, chunk[at + 1]!, chunk[at + 2]!);
    });
    this.log.length = 0;
    this.table = table;
    return table;
  }
}

/** More rows than this at one time are counted in the hash table instead. */
const MAX_GROUP = 64;
/** Words per chunk of the log: a multiple of three. */
const LOG_CHUNK = 3 * 65536;

/** Counts of 96-bit keys in an open-addressing table (typed arrays: no object per key). */
class KeyTable {
  private slots = new Int32Array(4 * 65536); // per slot: three key words and a count
  private used = 0;

  /** Returns how many times this key was seen before, and counts it. */
  count(a: number, b: number, c: number): number {
    if ((this.used + 1) * 2 > this.slots.length / 4) this.grow();
    const slots = this.slots;
    const slot = find(slots, a, b, c);
    const seen = slots[slot + 3]!;
    if (seen === 0) {
      slots[slot] = a;
      slots[slot + 1] = b;
      slots[slot + 2] = c;
      this.used += 1;
    }
    slots[slot + 3] = seen + 1;
    return seen;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] === 0) continue;
      const to = find(slots, old[at]!, old[at + 1]!, old[at + 2]!);
      slots[to] = old[at]!;
      slots[to + 1] = old[at + 1]!;
      slots[to + 2] = old[at + 2]!;
      slots[to + 3] = old[at + 3]!;
    }
    this.slots = slots;
  }
}

/** The slot holding this key, or the empty slot where it belongs (linear probing). */
function find(slots: Int32Array, a: number, b: number, c: number): number {
  const mask = slots.length / 4 - 1;
  let index = (a ^ (b >>> 7)) & mask;
  for (;;) {
    const at = index * 4;
    if (slots[at + 3] === 0 || (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c)) return at;
    index = (index + 1) & mask;
  }
}
