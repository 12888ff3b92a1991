import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeAndRemoveIfUnused, LedgerTooNewError, NotALedgerError, openLedger } from '../../../electron/core/db/open-ledger.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../../electron/core/db/migrations.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('openLedger', () => {
  it('creates a new ledger at the latest schema with WAL, synchronous FULL and foreign keys on', async () => {
    const path = join(dir.path, 'sub', 'ledger.db');
    const db = await openLedger(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual([
      'accounts', 'batch_skips', 'changes', 'import_batches', 'lot_selections', 'manual_prices', 'price_candles', 'price_coverage',
      'review_dismissals', 'review_problems', 'settings', 'sync_cursors', 'tax_disposal_groups', 'tax_disposals',
      'tax_income', 'tax_removals', 'tax_runs', 'tax_warnings', 'transaction_originals', 'transactions',
      'transfer_links', 'transfer_pairs', 'valuations',
    ]);
    db.close();
    // A brand-new file has nothing to back up.
    expect(readdirSync(join(dir.path, 'sub')).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('sets the pragmas again on every open', async () => {
    const path = join(dir.path, 'ledger.db');
    (await openLedger(path)).close();
    const db = await openLedger(path);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('enforces the schema: foreign keys, the unique external id, legs given with their asset', async () => {
    const db = await openLedger(join(dir.path, 'ledger.db'));
    const insert = db.prepare(
      `INSERT INTO transactions (account_id, source, external_id, timestamp, type, sent_asset, sent_amount, raw)
       VALUES (?, 'csv', ?, 0, 'withdrawal', ?, ?, '{}')`,
    );
    expect(() => insert.run(1, 'x', 'BTC', '1')).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO accounts (name, kind, created_at) VALUES ('A', 'file', 0)").run();
    insert.run(1, 'x', 'BTC', '1');
    expect(() => insert.run(1, 'x', 'BTC', '2')).toThrow(/UNIQUE/);
    expect(() => insert.run(1, 'y', 'BTC', null)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO accounts (name, kind, created_at) VALUES ('a', 'file', 0)").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('upgrades an older file step by step, backing it up before each step', async () => {
    const path = join(dir.path, 'ledger.db');
    const v1 = await openLedger(path, { migrations: MIGRATIONS.slice(0, 1) });
    v1.prepare("INSERT INTO accounts (name, kind, created_at) VALUES ('Kept', 'file', 0)").run();
    v1.close();

    const extra: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, description: 'a column', up: (db) => db.exec('ALTER TABLE accounts ADD COLUMN note TEXT') },
      { version: MIGRATIONS.length + 2, description: 'a table', up: (db) => db.exec('CREATE TABLE extra (id INTEGER PRIMARY KEY)') },
    ];
    const seen: { version: number; backup: string | null }[] = [];
    const db = await openLedger(path, { migrations: extra, onMigration: (step, backup) => seen.push({ version: step.version, backup }) });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 2);
    expect(tables(db)).toContain('extra');
    expect(db.prepare('SELECT name, note FROM accounts').all()).toEqual([{ name: 'Kept', note: null }]);
    db.close();

    expect(seen.map((s) => s.version)).toEqual(extra.slice(1).map((m) => m.version));
    for (const { backup, version } of seen) {
      expect(backup).not.toBeNull();
      const copy = new BetterSqlite3(backup!, { readonly: true });
      // Each backup is the file as it was just before that step.
      expect(copy.pragma('user_version', { simple: true })).toBe(version - 1);
      copy.close();
    }
  });

  it('rolls back a failing step and leaves the file at the version before it', async () => {
    const path = join(dir.path, 'ledger.db');
    (await openLedger(path)).close();
    const failing: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        description: 'fails half way',
        up: (db) => {
          db.exec('CREATE TABLE half (id INTEGER)');
          throw new Error('disk on fire');
        },
      },
    ];
    await expect(openLedger(path, { migrations: failing })).rejects.toThrow('disk on fire');
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('refuses a ledger from a newer Lotwise and leaves the file byte for byte as it was', async () => {
    const path = join(dir.path, 'future.db');
    const future = new BetterSqlite3(path);
    future.exec('CREATE TABLE mystery (x TEXT); INSERT INTO mystery VALUES (\'from the future\')');
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    future.close();
    const before = readFileSync(path);

    const attempt = openLedger(path);
    await expect(attempt).rejects.toBeInstanceOf(LedgerTooNewError);
    await expect(openLedger(path)).rejects.toThrow(/newer version of Lotwise .*Update Lotwise to open it. The file was not changed./);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('refuses another program’s database, a file that is not SQLite and a folder, changing nothing', async () => {
    const foreign = join(dir.path, 'notes.sqlite');
    const other = new BetterSqlite3(foreign);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
    other.close();
    const text = dir.file('notes.txt', 'not a database\n');
    const folder = join(dir.path, 'folder');
    mkdirSync(folder);
    const files = () => readdirSync(dir.path).sort();
    const before = { files: files(), foreign: readFileSync(foreign), text: readFileSync(text) };

    const refusals: [string, RegExp][] = [
      [foreign, /notes\.sqlite is another program's database, not a Lotwise ledger \(it has tables of its own and no Lotwise schema version\)\. It was not changed\./],
      [text, /notes\.txt is not a Lotwise ledger: it is not an SQLite database at all\. It was not changed\./],
      [folder, /folder is a folder, not a ledger file\. It was not changed\./],
    ];
    for (const [path, message] of refusals) {
      for (const readonly of [false, true]) {
        const attempt = openLedger(path, { readonly });
        await expect(attempt).rejects.toBeInstanceOf(NotALedgerError);
        await expect(attempt).rejects.toThrow(message);
      }
    }
    expect(files()).toEqual(before.files);
    expect(readFileSync(foreign).equals(before.foreign)).toBe(true);
    expect(readFileSync(text).equals(before.text)).toBe(true);
  });

  it('starts a ledger in an empty file as in a new one, with nothing to back up', async () => {
    const path = join(dir.path, 'empty.db');
    writeFileSync(path, '');
    const db = await openLedger(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('migrates a new file once when several processes open it at the same moment', async () => {
    for (let round = 1; round <= 4; round += 1) {
      const path = join(dir.path, `shared-${round}.db`);
      const found = await openAtOnce(path, 4);
      expect(found, `round ${round}`).toEqual(Array(4).fill({ version: LATEST_SCHEMA_VERSION }));
      const db = new BetterSqlite3(path, { readonly: true });
      expect(tables(db)).toContain('transactions');
      db.close();
    }
    // Each found the file new or being made: nothing in it to back up.
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });
});

describe('closeAndRemoveIfUnused', () => {
  const files = () => readdirSync(dir.path).sort();

  it('removes an empty ledger that no other connection has open, with its WAL files', async () => {
    const path = join(dir.path, 'new.db');
    const db = await openLedger(path);
    expect(files()).toEqual(['new.db', 'new.db-shm', 'new.db-wal']);
    expect(closeAndRemoveIfUnused(db, path)).toBe(true);
    expect(files()).toEqual([]);
    expect(db.open).toBe(false);
  });

  it('keeps a ledger another connection has open, and that connection goes on writing to it', async () => {
    const path = join(dir.path, 'shared.db');
    const mine = await openLedger(path);
    const other = await openLedger(path);
    expect(closeAndRemoveIfUnused(mine, path)).toBe(false);
    expect(mine.open).toBe(false);
    other.prepare("INSERT INTO accounts (name, kind, created_at) VALUES ('Kept', 'file', 0)").run();
    other.close();
    const reopened = await openLedger(path);
    expect(reopened.prepare('SELECT name FROM accounts').pluck().all()).toEqual(['Kept']);
    reopened.close();
  });

  it('keeps a ledger that holds any row, and rolls back what its connection left open', async () => {
    const path = join(dir.path, 'used.db');
    const writer = await openLedger(path);
    writer.prepare("INSERT INTO settings (key, value) VALUES ('timeZone', '\"UTC\"')").run();
    writer.close();
    const db = await openLedger(path);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO accounts (name, kind, created_at) VALUES ('Unfinished', 'file', 0)").run();
    expect(closeAndRemoveIfUnused(db, path)).toBe(false);
    const reopened = await openLedger(path);
    expect(reopened.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
    expect(reopened.prepare('SELECT key FROM settings').pluck().all()).toEqual(['timeZone']);
    reopened.close();
  });
});

/** Starts `count` processes, lets them all open the ledger at path at once, and gives what each found. */
async function openAtOnce(path: string, count: number): Promise<unknown[]> {
  const script = join(import.meta.dirname, '../../support/open-ledger-process.ts');
  const children = Array.from({ length: count }, () => spawn(process.execPath, [script, path], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const outputs = children.map((child) => {
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    const ready = new Promise<void>((resolve) => {
      const check = () => (text.startsWith('ready\n') ? resolve() : child.stdout.once('data', check));
      check();
    });
    const done = new Promise<string>((resolve) => child.on('close', () => resolve(text)));
    return { ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin.end('go\n');
  const texts = await Promise.all(outputs.map((o) => o.done));
  return texts.map((text) => JSON.parse(text.split('\n')[1]!) as unknown);
}
