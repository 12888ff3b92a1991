// The user's choices that are not transactions: tax method per year, pool mode, time zone.
// Stored as JSON values by key in the ledger itself, so a ledger file carries them along.
import type { Database } from '../db/open-ledger.ts';

export function readSetting<T>(db: Database, key: string): T | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : null;
}

export function writeSetting(db: Database, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}

export function deleteSetting(db: Database, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}

/** Settings whose key starts with prefix, as [key, value] in key order. */
export function settingsWithPrefix<T>(db: Database, prefix: string): [string, T][] {
  const rows = db
    .prepare("SELECT key, value FROM settings WHERE key >= ? AND key < ? || char(0x10FFFF) ORDER BY key")
    .all(prefix, prefix) as { key: string; value: string }[];
  return rows.map((row) => [row.key, JSON.parse(row.value) as T]);
}
