// Per-account, per-stream cursors in the ledger: where each stream has got to.
import type { Database } from '../db/open-ledger.ts';

export interface StoredCursor {
  cursor: unknown;
  caughtUp: boolean;
  records: number;
}

export function loadCursor(db: Database, accountId: number, stream: string): StoredCursor | null {
  const row = db.prepare('SELECT cursor, caught_up, records FROM sync_cursors WHERE account_id = ? AND stream = ?').get(accountId, stream) as
    | { cursor: string; caught_up: number; records: number }
    | undefined;
  return row ? { cursor: JSON.parse(row.cursor) as unknown, caughtUp: row.caught_up === 1, records: row.records } : null;
}

/** Must run inside the page's transaction, so the cursor moves only with its page. */
export function saveCursor(db: Database, accountId: number, stream: string, cursor: unknown, caughtUp: boolean, addedRecords: number): void {
  db.prepare(
    `INSERT INTO sync_cursors (account_id, stream, cursor, caught_up, records, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, stream) DO UPDATE SET cursor = excluded.cursor, caught_up = excluded.caught_up,
       records = sync_cursors.records + excluded.records, updated_at = excluded.updated_at`,
  ).run(accountId, stream, JSON.stringify(cursor), caughtUp ? 1 : 0, addedRecords, Date.now());
}

/** Forgets where every stream of an account got to: the next sync reads everything again. */
export function resetCursors(db: Database, accountId: number): void {
  db.prepare('DELETE FROM sync_cursors WHERE account_id = ?').run(accountId);
}
