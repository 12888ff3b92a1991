// What the migration exports (Koinly, CoinTracker, CoinLedger) share: one CSV file per
// account over the whole history, and UTC dates in the forms those tools read.
//
// One file per account because none of these templates has an account column: a file is
// imported into one wallet there, and a transfer between two of the user's own accounts
// stays a transfer only when each side lands in its own wallet. The whole history, not one
// tax year, because the other tool recomputes basis from the first acquisition.
import type { Transaction } from '../transaction.ts';
import { csvText, type Cell } from './csv-text.ts';
import type { ExportAccount, ExportFile, ExportInput } from './export-format.ts';

export interface AccountFileSpec {
  /** The file name's first word: `koinly` gives `koinly-coinbase.csv`. */
  prefix: string;
  header: readonly string[];
  /** The row for one transaction, or null to leave it out of the file. */
  row(transaction: Transaction, account: ExportAccount): Cell[] | null;
}

/**
 * A file for each account that has transactions, in account id order so that importing
 * the files in the order given recreates the ledger's ids in the same order. Rows keep the
 * ledger's (timestamp, id) order.
 */
export function accountFiles(input: ExportInput, spec: AccountFileSpec): ExportFile[] {
  const byAccount = new Map<number, Transaction[]>();
  for (const transaction of input.transactions) {
    const list = byAccount.get(transaction.accountId);
    if (list === undefined) byAccount.set(transaction.accountId, [transaction]);
    else list.push(transaction);
  }
  const taken = new Set<string>();
  const files: ExportFile[] = [];
  for (const accountId of [...byAccount.keys()].sort((a, b) => a - b)) {
    const account = input.accounts.get(accountId) ?? { id: accountId, name: `Account ${accountId}`, issues1099DA: false };
    const rows: Cell[][] = [];
    for (const transaction of byAccount.get(accountId)!) {
      const row = spec.row(transaction, account);
      if (row !== null) rows.push(row);
    }
    files.push({ name: uniqueName(`${spec.prefix}-${slug(account.name)}`, taken), text: csvText(spec.header, rows) });
  }
  return files;
}

/** `Coinbase Pro (old)` → `coinbase-pro-old`; accents dropped, `account` when nothing is left. */
export function slug(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return words === '' ? 'account' : words;
}

/** `base.csv`, or `base-2.csv`, `base-3.csv`… when an earlier account took the name. */
function uniqueName(base: string, taken: Set<string>): string {
  let name = `${base}.csv`;
  for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}.csv`;
  taken.add(name);
  return name;
}

const two = (value: number): string => String(value).padStart(2, '0');

/** `2024-03-01 14:05:09` in UTC (milliseconds dropped). */
export function isoUtcDateTime(timestamp: number): string {
  const date = new Date(timestamp);
  return (
    `${String(date.getUTCFullYear()).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  );
}

/** `03/01/2024 14:05:09` in UTC (milliseconds dropped), as US tools write dates. */
export function usUtcDateTime(timestamp: number): string {
  const date = new Date(timestamp);
  return (
    `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${String(date.getUTCFullYear()).padStart(4, '0')} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  );
}

