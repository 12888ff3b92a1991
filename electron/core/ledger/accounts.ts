// Accounts: an exchange, a wallet, or a named place a CSV file's history belongs to.
import type { Database } from '../db/open-ledger.ts';

export type AccountKind = 'exchange' | 'wallet' | 'file';

export interface Account {
  id: number;
  name: string;
  kind: AccountKind;
  exchange: string | null;
  createdAt: number;
}

interface AccountRow {
  id: number;
  name: string;
  kind: AccountKind;
  exchange: string | null;
  created_at: number;
}

function toAccount(row: AccountRow): Account {
  return { id: row.id, name: row.name, kind: row.kind, exchange: row.exchange, createdAt: row.created_at };
}

export function findAccount(db: Database, name: string): Account | null {
  const row = db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as AccountRow | undefined;
  return row ? toAccount(row) : null;
}

export function listAccounts(db: Database): Account[] {
  return (db.prepare('SELECT * FROM accounts ORDER BY name').all() as AccountRow[]).map(toAccount);
}

export function createAccount(
  db: Database,
  fields: { name: string; kind: AccountKind; exchange?: string | null },
): Account {
  const name = fields.name.trim();
  if (name === '') throw new Error('An account needs a name.');
  const createdAt = Date.now();
  const info = db
    .prepare('INSERT INTO accounts (name, kind, exchange, created_at) VALUES (?, ?, ?, ?)')
    .run(name, fields.kind, fields.exchange ?? null, createdAt);
  return { id: Number(info.lastInsertRowid), name, kind: fields.kind, exchange: fields.exchange ?? null, createdAt };
}

/** The named account, created as a file account the first time a file is imported into it. */
export function findOrCreateFileAccount(db: Database, name: string): Account {
  return findAccount(db, name) ?? createAccount(db, { name, kind: 'file' });
}

export interface AccountCount {
  name: string;
  transactions: number;
}

export function countTransactionsByAccount(db: Database): AccountCount[] {
  return db
    .prepare(
      `SELECT a.name AS name, COUNT(t.id) AS transactions
         FROM accounts a LEFT JOIN transactions t ON t.account_id = a.id
        GROUP BY a.id ORDER BY a.name`,
    )
    .all() as AccountCount[];
}
