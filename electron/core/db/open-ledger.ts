// Opens the ledger: the one SQLite file that holds a user's accounts and history.
// Every open sets the durability pragmas, refuses a file written by a newer Lotwise or a
// file that is no ledger at all (a folder, another program's database) without changing
// it, and brings an older file up to date one migration at a time, each step in its own
// transaction after a backup copy of the file.
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';

export type { Database } from 'better-sqlite3';

export class LedgerTooNewError extends Error {
  constructor(path: string, fileVersion: number, latest: number = LATEST_SCHEMA_VERSION) {
    super(
      `${path} was written by a newer version of Lotwise (ledger schema ${fileVersion}; ` +
        `this version understands up to ${latest}). ` +
        'Update Lotwise to open it. The file was not changed.',
    );
    this.name = 'LedgerTooNewError';
  }
}

/** The file cannot be a ledger (a folder, not SQLite, another program's database): it is left as it was. */
export class NotALedgerError extends Error {
  override name = 'NotALedgerError';
}

const NOT_CHANGED = 'It was not changed. Give the path of your Lotwise ledger, or a new file name to start one.';

export interface OpenLedgerOptions {
  /** Open without migrating (fails if the file is not at the latest schema). */
  readonly?: boolean;
  /** Called with each migration as it starts, for progress output. */
  onMigration?: (step: Migration, backupPath: string | null) => void;
  /** The schema steps; tests pass their own to exercise upgrades and failures. */
  migrations?: readonly Migration[];
}

export async function openLedger(path: string, options: OpenLedgerOptions = {}): Promise<Database> {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const existing = inMemory ? null : (statSync(path, { throwIfNoEntry: false }) ?? null);
  if (existing?.isDirectory()) throw new NotALedgerError(`${path} is a folder, not a ledger file. ${NOT_CHANGED}`);
  // An empty file is what SQLite makes of a new database too: nothing in it to back up.
  const isNewFile = inMemory || existing === null || existing.size === 0;
  const db = new BetterSqlite3(path, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    // Read the version before anything else: a file from a newer Lotwise, or no ledger
    // at all, is refused without a single byte of it changed (not even its journal mode).
    const migrations = options.migrations ?? MIGRATIONS;
    const latest = migrations.length;
    const version = readSchemaVersion(db, path);
    if (version > latest) throw new LedgerTooNewError(path, version, latest);
    if (version === 0 && hasSchemaObjects(db)) {
      throw new NotALedgerError(`${path} is another program's database, not a Lotwise ledger (it has tables of its own and no Lotwise schema version). ${NOT_CHANGED}`);
    }

    if (!options.readonly) {
      // 16 KiB pages for new files (the size is fixed once the file is in WAL mode):
      // transaction rows are a few hundred bytes, and bigger pages halve the cost of
      // writing a large import through the WAL.
      if (isNewFile) db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache: large imports and recomputes touch far more than the 2 MiB default.
    db.pragma('cache_size = -65536');

    if (version < latest) {
      if (options.readonly) {
        throw new Error(`${path} needs a schema upgrade; open it once without --readonly.`);
      }
      await migrate(db, path, migrations.filter((m) => m.version > version), isNewFile, options.onMigration);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The schema version; a file that is not SQLite at all is refused as no ledger. */
function readSchemaVersion(db: Database, path: string): number {
  try {
    return schemaVersion(db);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new NotALedgerError(`${path} is not a Lotwise ledger: it is not an SQLite database at all. ${NOT_CHANGED}`);
    }
    throw error;
  }
}

/** True when the database holds anything: a file at version 0 with tables is someone else's. */
function hasSchemaObjects(db: Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get() !== undefined;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

async function migrate(
  db: Database,
  path: string,
  steps: readonly Migration[],
  isNewFile: boolean,
  onMigration: OpenLedgerOptions['onMigration'],
): Promise<void> {
  for (const step of steps) {
    // A brand-new file has nothing to lose; any other gets a copy before each step so a
    // failed or faulty migration can be undone by hand.
    let backupPath: string | null = null;
    if (!isNewFile) {
      backupPath = `${path}.before-v${step.version}-${Date.now()}.bak`;
      await db.backup(backupPath);
    }
    onMigration?.(step, backupPath);
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
}
