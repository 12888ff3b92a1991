// The audit trail of user changes: every change the app makes on the user's behalf (an
// edit, a link, a price, a dismissal, a lot pick, a tax choice, a manual transaction) is
// written here in the same SQLite transaction as the change itself, with the before and
// after that undoing it needs. Which kinds exist and how each is undone is in
// undo-change.ts; this module only keeps the rows.
//
// Dependencies between changes are targets: a change lists what it sets (`writes`, e.g.
// "link:12") and what it relies on (`uses`, e.g. "tx:40", the transaction it is about).
// A later change that writes or uses what an earlier one wrote depends on it, and the
// earlier one cannot be undone until the later one is.
import type { ChangeView } from '../../../shared/api.ts';
import type { Database } from '../db/open-ledger.ts';

export type ChangeKind = ChangeView['kind'];

export interface ChangeTargets {
  writes: string[];
  uses: string[];
}

export interface StoredChange<D = unknown> extends ChangeView {
  data: D;
  writes: string[];
  uses: string[];
}

interface ChangeRow {
  id: number;
  at: number;
  kind: ChangeKind;
  summary: string;
  data: string;
  writes: string;
  uses: string;
  undone_at: number | null;
}

function toStored(row: ChangeRow): StoredChange {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    summary: row.summary,
    undoneAt: row.undone_at,
    data: JSON.parse(row.data) as unknown,
    writes: JSON.parse(row.writes) as string[],
    uses: JSON.parse(row.uses) as string[],
  };
}

export function toChangeView(change: StoredChange | ChangeView): ChangeView {
  return { id: change.id, at: change.at, kind: change.kind, summary: change.summary, undoneAt: change.undoneAt };
}

/** Writes the audit row of a change; call inside the change's own transaction. */
export function recordChange(db: Database, kind: ChangeKind, summary: string, data: unknown, targets: ChangeTargets): number {
  if (!db.inTransaction) throw new Error('recordChange must run inside the transaction that makes the change');
  const info = db
    .prepare('INSERT INTO changes (at, kind, summary, data, writes, uses) VALUES (?, ?, ?, ?, ?, ?)')
    .run(Date.now(), kind, summary, JSON.stringify(data), JSON.stringify(targets.writes), JSON.stringify(targets.uses));
  return Number(info.lastInsertRowid);
}

export function getChange(db: Database, id: number): StoredChange | null {
  const row = db.prepare('SELECT * FROM changes WHERE id = ?').get(id) as ChangeRow | undefined;
  return row ? toStored(row) : null;
}

/** The newest changes first. */
export function listChanges(db: Database, limit: number): ChangeView[] {
  const rows = db.prepare('SELECT * FROM changes ORDER BY id DESC LIMIT ?').all(limit) as ChangeRow[];
  return rows.map((row) => toChangeView(toStored(row)));
}

/** The first later change still in effect that depends on this one, if any. */
export function laterDependent(db: Database, change: StoredChange): StoredChange | null {
  const written = new Set(change.writes);
  const rows = db.prepare('SELECT * FROM changes WHERE id > ? AND undone_at IS NULL ORDER BY id').iterate(change.id) as IterableIterator<ChangeRow>;
  for (const row of rows) {
    const later = toStored(row);
    if ([...later.writes, ...later.uses].some((target) => written.has(target))) return later;
  }
  return null;
}

export function markUndone(db: Database, id: number): void {
  db.prepare('UPDATE changes SET undone_at = ? WHERE id = ?').run(Date.now(), id);
}
