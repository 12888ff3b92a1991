// Opens the ledger: the one SQLite file that holds a user's accounts and history.
// Every open sets the durability pragmas, refuses a file written by a newer Lotwise or a
// file that is no ledger at all (a folder, another program's database) without changing
// it, and brings an older file up to date one migration at a time, each step in its own
// transaction after a backup copy of the file.
//
// Several processes may open one ledger at once (the app, `lotwise` commands, two imports
// into a new ledger started together): every open waits for a lock rather than failing,
// a new file is migrated once however many open it, and a ledger is only ever removed
// when no other connection has it open (see closeAndRemoveIfUnused).
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { closeSync, constants, fstatSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
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

/** How long an open, a migration or a write waits for another connection's lock. */
const BUSY_TIMEOUT_MS = 5000;

export async function openLedger(path: string, options: OpenLedgerOptions = {}): Promise<Database> {
  if (path === ':memory:') return openPinned(path, null, true, options);
  mkdirSync(dirname(path), { recursive: true });
  // Another Lotwise may remove a new ledger it left empty (closeAndRemoveIfUnused) just as
  // this one opens it: then the file opened is no longer the one at path, and is opened again.
  for (let attempt = 1; ; attempt += 1) {
    const existing = statSync(path, { throwIfNoEntry: false }) ?? null;
    if (existing?.isDirectory()) throw new NotALedgerError(`${path} is a folder, not a ledger file. ${NOT_CHANGED}`);
    // An empty file is what SQLite makes of a new database too: nothing in it to back up.
    const isNewFile = existing === null || existing.size === 0;
    const pin = pinFile(path, options.readonly ?? false);
    try {
      return await openPinned(path, pin, isNewFile, options);
    } catch (error) {
      if (!(error instanceof FileReplaced) || attempt === 3) throw error;
    } finally {
      if (pin !== null) closeSync(pin);
    }
  }
}

/** The file SQLite opened was removed or replaced at its path before SQLite locked it. */
class FileReplaced extends Error {}

/**
 * A handle on the file at path, held while SQLite opens it: unlike a name, a handle keeps
 * its file, so once SQLite holds a lock, the file at path being this one proves that SQLite
 * opened it too and no other Lotwise removed it in between. Opening for writing creates
 * the file, empty, as SQLite would.
 */
function pinFile(path: string, readonly: boolean): number | null {
  try {
    return openSync(path, readonly ? constants.O_RDONLY : constants.O_RDONLY | constants.O_CREAT);
  } catch {
    return null; // SQLite says what is wrong with the path
  }
}

function checkStillAtPath(path: string, pin: number | null): void {
  if (pin === null) return;
  const pinned = fstatSync(pin, { bigint: true });
  const current = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (current === undefined || current.ino !== pinned.ino || current.dev !== pinned.dev) {
    throw new FileReplaced(`${path} was removed while it was being opened.`);
  }
}

async function openPinned(path: string, pin: number | null, isNewFile: boolean, options: OpenLedgerOptions): Promise<Database> {
  const db = new BetterSqlite3(path, { readonly: options.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
  try {
    // Read the version before anything else: a file from a newer Lotwise, or no ledger
    // at all, is refused without a single byte of it changed (not even its journal mode).
    const migrations = options.migrations ?? MIGRATIONS;
    const latest = migrations.length;
    const { version, hasSchema } = readSchemaState(db, path);
    checkStillAtPath(path, pin);
    if (version > latest) throw new LedgerTooNewError(path, version, latest);
    if (version === 0 && hasSchema) throw notALedger(path);

    if (!options.readonly) {
      // 16 KiB pages for new files (the size is fixed once the file is in WAL mode):
      // transaction rows are a few hundred bytes, and bigger pages halve the cost of
      // writing a large import through the WAL.
      if (isNewFile) db.pragma('page_size = 16384');
      await enterWalMode(db);
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache: large imports and recomputes touch far more than the 2 MiB default.
    db.pragma('cache_size = -65536');

    if (version < latest) {
      if (options.readonly) {
        throw new Error(`${path} needs a schema upgrade; open it once without --readonly.`);
      }
      // A file with no rows has nothing to lose: a new one, or one another process is
      // creating at this moment, is not copied before each step.
      const worthBackingUp = !isNewFile && !holdsNoRows(db);
      await migrate(db, path, migrations.filter((m) => m.version > version), worthBackingUp, options.onMigration);
    }
    // Checked again now that the connection holds the lock every open WAL connection
    // keeps: from here on no other Lotwise can remove the file.
    checkStillAtPath(path, pin);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Switches the file to WAL mode. Of two connections switching a new file at the same
 * moment, SQLite answers the second "busy" at once instead of waiting (each holds a read
 * lock the other's switch needs): it tries again until the other has switched.
 */
async function enterWalMode(db: Database): Promise<void> {
  const giveUp = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() > giveUp) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function notALedger(path: string): NotALedgerError {
  return new NotALedgerError(`${path} is another program's database, not a Lotwise ledger (it has tables of its own and no Lotwise schema version). ${NOT_CHANGED}`);
}

/**
 * The schema version, and whether the file holds any table, read together: a ledger
 * another process is creating gets its tables and its version in one transaction, and
 * two separate reads could see the tables without the version. A file that is not SQLite
 * at all is refused as no ledger.
 */
function readSchemaState(db: Database, path: string): { version: number; hasSchema: boolean } {
  try {
    const state = db
      .prepare('SELECT (SELECT user_version FROM pragma_user_version) AS version, EXISTS (SELECT 1 FROM sqlite_master) AS hasSchema')
      .get() as { version: number; hasSchema: number };
    return { version: state.version, hasSchema: state.hasSchema === 1 };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new NotALedgerError(`${path} is not a Lotwise ledger: it is not an SQLite database at all. ${NOT_CHANGED}`);
    }
    throw error;
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

async function migrate(
  db: Database,
  path: string,
  steps: readonly Migration[],
  backUp: boolean,
  onMigration: OpenLedgerOptions['onMigration'],
): Promise<void> {
  for (const step of steps) {
    // Another process opening the file at the same time may have run this step already.
    if (schemaVersion(db) >= step.version) continue;
    // A copy before each step, so that a failed or faulty migration can be undone by hand.
    let backupPath: string | null = null;
    if (backUp) {
      backupPath = `${path}.before-v${step.version}-${Date.now()}.bak`;
      await db.backup(backupPath);
    }
    onMigration?.(step, backupPath);
    // The version is read again under the write lock, which an immediate transaction takes
    // before it reads anything: of two openers of a new file, the second to get the lock
    // finds the step done and leaves it, rather than creating its tables a second time.
    db.transaction(() => {
      if (schemaVersion(db) >= step.version) return;
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
}

/**
 * Closes the connection, and removes the ledger file (with its WAL and shared-memory
 * files) when no table in it holds a row and no other connection has it open: what a
 * first import that failed leaves. Under SQLite's exclusive locking mode the write lock
 * is only granted while no other connection holds the shared lock that every open WAL
 * connection keeps; it is not waited for, and held until the file is gone, so no other
 * process can be reading or writing a ledger it removes (one that opened the file and
 * has not locked it yet finds it gone: see openLedger). Returns whether it was removed.
 */
export function closeAndRemoveIfUnused(db: Database, path: string): boolean {
  let removed = false;
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN IMMEDIATE');
    const empty = holdsNoRows(db);
    db.exec('COMMIT');
    if (empty) {
      // Out of WAL mode SQLite removes the WAL and shared-memory files itself; the
      // exclusive lock stays held until the connection closes.
      if (db.pragma('journal_mode = DELETE', { simple: true }) === 'delete') {
        rmSync(path);
        removed = true;
      }
    }
  } catch (error) {
    // Another connection has the file open (SQLITE_BUSY), or the system will not remove
    // an open file (Windows): the ledger stays, empty or not, which loses nothing.
    if (!isBusy(error) && !isFileSystemError(error)) throw error;
  } finally {
    db.close();
  }
  return removed;
}

/** True when no table of the file holds a row. */
function holdsNoRows(db: Database): boolean {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT GLOB 'sqlite_*'").pluck().all() as string[];
  return tables.every((table) => db.prepare(`SELECT 1 FROM "${table.replaceAll('"', '""')}" LIMIT 1`).get() === undefined);
}

/** Another connection holds the lock this one needs (past the busy timeout). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

function isFileSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string';
}
