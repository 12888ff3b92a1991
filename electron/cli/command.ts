// The shape of a CLI command and the helpers every command shares: argument parsing with
// clear usage errors, and opening the ledger named by --db.
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closeAndRemoveIfUnused, openLedger, type Database } from '../core/db/open-ledger.ts';
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

/** What a command says when another program keeps the ledger locked past the busy timeout. */
export const LEDGER_BUSY =
  'the ledger is in use: another program (the Lotwise app, or another lotwise command such as an import) ' +
  'kept it locked for more than 5 seconds. Try again when that one has finished.';

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
 * and the work kept nothing (`kept` says so of its result, or it threw, or the user
 * pressed Ctrl+C), the new ledger is removed again, so a failed first import leaves no
 * empty ledger behind. Only when it is still empty and no other process has it open
 * (closeAndRemoveIfUnused): another import may have started the same new ledger at the
 * same moment.
 */
export async function withNewLedgerIfKept<T>(path: string, kept: (result: T) => boolean, work: (db: Database) => Promise<T> | T): Promise<T> {
  if (existsSync(path)) return withLedger(path, false, work);
  let db: Database | null = null;
  let keep = false;
  // The default on a signal is to stop at once, leaving the new file behind. The work is
  // one transaction not yet committed: rolled back, it leaves the ledger as empty as new.
  const stop = (signal: NodeJS.Signals): void => {
    if (db !== null) closeAndRemoveIfUnused(db, path);
    process.exit(128 + (constants.signals[signal] ?? 0));
  };
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  try {
    db = await openLedger(path);
    const result = await work(db);
    keep = kept(result);
    return result;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    if (db !== null) {
      if (keep) db.close();
      else closeAndRemoveIfUnused(db, path);
    }
  }
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
