// Kraken: the ledger is the whole history (trades, deposits, withdrawals, staking,
// conversions, adjustments), so the sync reads Ledgers only; TradesHistory would count
// trades twice. Entries are read through the same code as Kraken's ledgers CSV export
// (importers/formats/kraken-ledgers.ts), so a synced account and an imported export mean
// the same thing, with the same ids (kraken:<refid> for trades, kraken:<txid> otherwise).
//
// Paging: Ledgers answers 50 entries a call, newest first, at offset `ofs`, with `count`.
// New activity during a sync would shift the offsets, so each run reads a fixed window:
// `end` is pinned to the newest entry on the window's first page and `start` (exclusive)
// is the newest entry already stored. A trade's entries share a refid and may straddle a
// page edge, so the oldest refid of a page is held back in the cursor until the next page.
//
// Kraken's nonce must increase with every private call of a key; ccxt uses milliseconds,
// which repeat for calls made within one millisecond, so the nonce is made strictly
// increasing here. Kraken's "Invalid nonce" then means another program used the key with
// a larger nonce: only a new key helps (explain() says so).
import type { TransactionDraft } from '../../../../shared/transaction.ts';
import { krakenLedgers } from '../../importers/formats/kraken-ledgers.ts';
import { recordAsRow } from '../../importers/parse-file.ts';
import type { ExchangeClient } from '../exchange-client.ts';
import { MalformedResponseError } from '../failures.ts';
import { StopError } from '../retry.ts';
import type { StreamPage, SyncStream } from '../sync-stream.ts';
import type { KeyPermissions, StrategyContext, SyncStrategy } from './sync-strategy.ts';

const PAGE = 50;
const COLUMNS = ['txid', 'refid', 'time', 'type', 'subtype', 'aclass', 'asset', 'amount', 'fee', 'balance'];

export interface KrakenLedgerEntry {
  txid: string;
  refid: string;
  time: number;
  type: string;
  subtype?: string;
  aclass?: string;
  asset: string;
  amount: string;
  fee: string;
  balance: string;
}

interface LedgerCursor {
  /** The newest entry stored: the next window starts after it. */
  after: string | null;
  window: { end: string; ofs: number; count: number; pending: KrakenLedgerEntry[] } | null;
}

/** Makes ccxt's Kraken nonce strictly increasing (ccxt's repeats within a millisecond). */
function ensureIncreasingNonce(client: ExchangeClient): void {
  const marked = client as ExchangeClient & { lotwiseNonce?: boolean };
  if (marked.lotwiseNonce) return;
  let last = 0;
  client.nonce = () => {
    last = Math.max(last + 1, Date.now());
    return last;
  };
  marked.lotwiseNonce = true;
}

function readLedgerPage(answer: unknown): { entries: KrakenLedgerEntry[]; count: number } {
  const result = (answer as { result?: { ledger?: unknown; count?: unknown } } | null)?.result;
  if (!result || typeof result.ledger !== 'object' || result.ledger === null || typeof result.count !== 'number') {
    throw new MalformedResponseError('Kraken Ledgers: the answer has no ledger and count');
  }
  const entries = Object.entries(result.ledger as Record<string, Omit<KrakenLedgerEntry, 'txid'>>).map(([txid, entry]) => {
    if (typeof entry.refid !== 'string' || typeof entry.amount !== 'string' || typeof entry.asset !== 'string') {
      throw new MalformedResponseError(`Kraken Ledgers: entry ${txid} is incomplete`);
    }
    return { txid, ...entry, time: Number(entry.time) };
  });
  // Newest first, as Kraken pages them; ties by id so the order is stable.
  entries.sort((a, b) => b.time - a.time || (a.txid < b.txid ? 1 : -1));
  return { entries, count: result.count };
}

/** ISO time with milliseconds from Kraken's float seconds. */
function isoTime(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/** Turns entries into drafts through the ledgers CSV format; its problems stop the sync. */
export function ledgerDrafts(entries: readonly KrakenLedgerEntry[]): (TransactionDraft & { externalId: string })[] {
  const drafts: (TransactionDraft & { externalId: string })[] = [];
  const problems: string[] = [];
  const byTxid = new Map(entries.map((e) => [e.txid, e] as const));
  const reader = krakenLedgers.createReader(COLUMNS, {
    transaction(draft) {
      if (draft.externalId === null) return; // an unbooked notice: the booked entry carries it
      const rows = Array.isArray(draft.raw) ? (draft.raw as { cells: string[] }[]) : [draft.raw as { cells: string[] }];
      const raw = rows.map((row) => byTxid.get(row.cells[0]!) ?? row);
      drafts.push({ ...draft, externalId: draft.externalId, raw: raw.length === 1 ? raw[0] : raw });
    },
    error(error) {
      const entry = entries[error.line - 1];
      problems.push(`entry ${entry?.txid ?? '?'} (${error.column ?? 'entry'} ${JSON.stringify(error.value)}): ${error.message}`);
    },
  });
  entries.forEach((e, i) =>
    reader.row(recordAsRow(i + 1, COLUMNS, [e.txid, e.refid, isoTime(e.time), e.type, e.subtype ?? '', e.aclass ?? '', e.asset, e.amount, e.fee, e.balance])),
  );
  reader.finish();
  if (problems.length > 0) {
    const reason = `Kraken's ledger has entries Lotwise cannot read: ${problems.slice(0, 3).join('; ')}`;
    throw new StopError({ kind: 'permanent', reason }, reason);
  }
  return drafts;
}

function ledgerStream(client: ExchangeClient): SyncStream<LedgerCursor> {
  return {
    name: 'ledger',
    start: { after: null, window: null },
    async read(cursor, call): Promise<StreamPage<LedgerCursor>> {
      const ofs = cursor.window?.ofs ?? 0;
      const params: Record<string, string | number> = { ofs };
      if (cursor.after) params['start'] = cursor.after;
      if (cursor.window) params['end'] = cursor.window.end;
      const { entries, count } = await call(async () => readLedgerPage(await client.privatePostLedgers(params)));
      if (cursor.window === null && entries.length === 0) {
        return { drafts: [], cursor: { after: cursor.after, window: null }, caughtUp: true, full: false, progress: 1 };
      }
      const end = cursor.window?.end ?? entries[0]!.txid;
      const total = cursor.window?.count ?? count;
      const read = ofs + entries.length;
      const more = entries.length > 0 && read < total;
      const all = [...(cursor.window?.pending ?? []), ...entries];
      // Hold back the oldest refid of the page: its other entries may be on the next page.
      const oldestRefid = all[all.length - 1]?.refid;
      const held = more ? all.filter((e) => e.refid === oldestRefid) : [];
      const ready = more ? all.filter((e) => e.refid !== oldestRefid) : all;
      const next: LedgerCursor = more ? { after: cursor.after, window: { end, ofs: read, count: total, pending: held } } : { after: end, window: null };
      return { drafts: ledgerDrafts(ready), cursor: next, caughtUp: !more, full: entries.length === PAGE, progress: total > 0 ? read / total : 1 };
    },
  };
}

export const krakenStrategy: SyncStrategy = {
  async streams({ client }: StrategyContext) {
    ensureIncreasingNonce(client);
    return [ledgerStream(client) as SyncStream];
  },

  async checkKey({ client, call }): Promise<KeyPermissions | null> {
    ensureIncreasingNonce(client);
    const answer = await call(() => client.privatePostGetApiKeyInfo());
    const permissions = (answer as { result?: { permissions?: unknown } }).result?.permissions;
    if (!Array.isArray(permissions)) throw new MalformedResponseError('Kraken GetApiKeyInfo: no permissions in the answer');
    const has = (name: string) => permissions.includes(name);
    return {
      canRead: has('query-ledger') && has('query-funds'),
      canTrade: has('modify-trades') || has('cancel-trades'),
      canWithdraw: has('withdraw-funds'),
      source: 'Kraken GetApiKeyInfo',
    };
  },
};
