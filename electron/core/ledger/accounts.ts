// Accounts: an exchange, a wallet, or a named place a CSV file's history belongs to.
import type { Database } from '../db/open-ledger.ts';

export type AccountKind = 'exchange' | 'wallet' | 'file';

export interface Account {
  id: number;
  name: string;
  kind: AccountKind;
  exchange: string | null;
  createdAt: number;
  /** Key of the account's API credentials in the secret vault; null for file accounts. */
  credentialRef: string | null;
  lastSyncAt: number | null;
}

/** Per-account options, stored as JSON with the account. */
export interface AccountSettings {
  /** Whether the account's broker issues Form 1099-DA; absent → the default. */
  issues1099DA?: boolean;
  /** Base-URL override for the exchange's API (sandboxes, fake exchanges). */
  apiUrl?: string;
  /** Markets the user asked to sync besides those Lotwise discovers (Binance). */
  symbols?: string[];
}

interface AccountRow {
  id: number;
  name: string;
  kind: AccountKind;
  exchange: string | null;
  created_at: number;
  credential_ref: string | null;
  last_sync_at: number | null;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    exchange: row.exchange,
    createdAt: row.created_at,
    credentialRef: row.credential_ref,
    lastSyncAt: row.last_sync_at,
  };
}

/**
 * Whether two names name the same account, as the ledger compares them: accounts.name is
 * COLLATE NOCASE, which folds the ASCII letters A-Z and nothing else.
 */
export function sameAccountName(a: string, b: string): boolean {
  const fold = (name: string) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return fold(a) === fold(b);
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
  fields: { name: string; kind: AccountKind; exchange?: string | null; credentialRef?: string | null; settings?: AccountSettings },
): Account {
  const name = fields.name.trim();
  if (name === '') throw new Error('An account needs a name.');
  const createdAt = Date.now();
  const info = db
    .prepare('INSERT INTO accounts (name, kind, exchange, created_at, credential_ref, settings) VALUES (?, ?, ?, ?, ?, ?)')
    .run(name, fields.kind, fields.exchange ?? null, createdAt, fields.credentialRef ?? null, JSON.stringify(fields.settings ?? {}));
  return {
    id: Number(info.lastInsertRowid),
    name,
    kind: fields.kind,
    exchange: fields.exchange ?? null,
    createdAt,
    credentialRef: fields.credentialRef ?? null,
    lastSyncAt: null,
  };
}

/** Records where an exchange account's key is kept (the vault's reference), or that it has none. */
export function setCredentialRef(db: Database, accountId: number, ref: string | null): void {
  db.prepare('UPDATE accounts SET credential_ref = ? WHERE id = ?').run(ref, accountId);
}

export function accountSettings(db: Database, accountId: number): AccountSettings {
  const row = db.prepare('SELECT settings FROM accounts WHERE id = ?').get(accountId) as { settings: string } | undefined;
  return row ? (JSON.parse(row.settings) as AccountSettings) : {};
}

export function updateAccountSettings(db: Database, accountId: number, change: (settings: AccountSettings) => AccountSettings): void {
  db.prepare('UPDATE accounts SET settings = ? WHERE id = ?').run(JSON.stringify(change(accountSettings(db, accountId))), accountId);
}

/** Deletes the account with its transactions, batches and cursors (foreign keys cascade). */
export function removeAccount(db: Database, accountId: number): void {
  db.prepare('DELETE FROM accounts WHERE id = ?').run(accountId);
}

/**
 * Deletes an account that nothing refers to any more: no transactions, no batches (an
 * undone import keeps its row, and so its account), no stored key. True when it went.
 */
export function removeAccountIfUnused(db: Database, accountId: number): boolean {
  const used = db
    .prepare(
      `SELECT credential_ref IS NOT NULL
           OR EXISTS (SELECT 1 FROM transactions WHERE account_id = a.id)
           OR EXISTS (SELECT 1 FROM import_batches WHERE account_id = a.id)
         FROM accounts a WHERE a.id = ?`,
    )
    .pluck()
    .get(accountId) as number | undefined;
  if (used !== 0) return false;
  removeAccount(db, accountId);
  return true;
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
