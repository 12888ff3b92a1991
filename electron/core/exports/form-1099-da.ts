// Which accounts' brokers issue Form 1099-DA (tax years from 2025), deciding the Form 8949
// box of each disposal. The user's own answer, stored per account, wins; otherwise a
// sensible default: custodial US exchanges issue one, self-custody wallets and foreign
// exchanges do not.
import type { Database } from '../db/open-ledger.ts';
import { accountSettings, updateAccountSettings, type Account } from '../ledger/accounts.ts';

/** ccxt ids of custodial exchanges that serve US customers as US brokers. */
const US_BROKER_EXCHANGES: ReadonlySet<string> = new Set([
  'coinbase',
  'coinbaseadvanced',
  'coinbaseexchange',
  'kraken',
  'gemini',
  'binanceus',
  'cryptocom',
  'bitstamp',
  'okcoin',
  'robinhood',
]);

/** CSV formats that are a US broker's own export, for accounts filled from files. */
const US_BROKER_FORMATS: ReadonlySet<string> = new Set(['coinbase', 'kraken']);

/** The default when the user has not said: by exchange, else by the exports imported into it. */
export function default1099DA(db: Database, account: Account): boolean {
  if (account.kind === 'wallet') return false;
  if (account.exchange !== null) return US_BROKER_EXCHANGES.has(account.exchange);
  const formats = db
    .prepare("SELECT DISTINCT format FROM import_batches WHERE account_id = ? AND undone_at IS NULL AND format IS NOT NULL")
    .all(account.id) as { format: string }[];
  return formats.length > 0 && formats.every((f) => US_BROKER_FORMATS.has(f.format));
}

export function issues1099DA(db: Database, account: Account): { value: boolean; saved: boolean } {
  const saved = accountSettings(db, account.id).issues1099DA;
  return saved === undefined ? { value: default1099DA(db, account), saved: false } : { value: saved, saved: true };
}

/** Saves the user's answer; null forgets it and goes back to the default. */
export function save1099DA(db: Database, accountId: number, value: boolean | null): void {
  updateAccountSettings(db, accountId, ({ issues1099DA: _old, ...rest }) => (value === null ? rest : { ...rest, issues1099DA: value }));
}
