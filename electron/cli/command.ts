// The shape of a CLI command and the helpers every command shares: argument parsing with
// clear usage errors, and opening the ledger named by --db.
import { existsSync, rmSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openLedger, type Database } from '../core/db/open-ledger.ts';
import { defaultLedgerPath } from '../core/paths.ts';

export interface Command {
  /** Full help text for `lotwise CMD --help`. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: string[], options: O, positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^.*?: /, ''));
  }
  if (!(parsed.values as { help?: boolean }).help && parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  }
  return parsed;
}

export const DB_OPTION = { db: { type: 'string' } } as const;

/**
 * The ledger named by --db, else $LOTWISE_DB, else the desktop app's. An empty one is a
 * mistake (a variable that did not expand), not a name: SQLite would take it for a
 * temporary database and everything written to it would be lost.
 */
export function ledgerPath(value: string | undefined): string {
  if (value !== undefined && value.trim() === '') throw new UsageError('--db is empty: give the path of the ledger file.');
  if (value === undefined && process.env.LOTWISE_DB?.trim() === '') {
    throw new UsageError('LOTWISE_DB is set but empty: set it to the path of the ledger file, or unset it to use the desktop app\'s ledger.');
  }
  return value ?? defaultLedgerPath();
}

/** Opens an existing ledger; a missing file is a clear error rather than a new empty one. */
export async function openExistingLedger(path: string): Promise<Database> {
  if (!existsSync(path)) {
    throw new UsageError(`there is no ledger at ${path}. Import a file (lotwise import) or load the demo (lotwise demo) first.`);
  }
  return openLedger(path);
}

export async function withLedger<T>(path: string, mustExist: boolean, work: (db: Database) => Promise<T> | T): Promise<T> {
  const db = mustExist ? await openExistingLedger(path) : await openLedger(path);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/**
 * withLedger for a command that may start a new ledger: when there was no file at path
 * and the work kept nothing (`kept` says so of its result, or it threw), the new file is
 * removed again with its WAL and shared-memory files, so a failed first import leaves
 * no empty ledger behind.
 */
export async function withNewLedgerIfKept<T>(path: string, kept: (result: T) => boolean, work: (db: Database) => Promise<T> | T): Promise<T> {
  const isNew = !existsSync(path);
  let keep = false;
  try {
    const result = await withLedger(path, false, work);
    keep = kept(result);
    return result;
  } finally {
    if (isNew && !keep) for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  }
}
