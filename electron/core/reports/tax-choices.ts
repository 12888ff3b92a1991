// The user's tax choices as stored in the ledger: the lot method per tax year, the pool
// mode, the time zone and report currency, specific-ID lot picks and transfer links.
import type { Database } from '../db/open-ledger.ts';
import { readSetting, settingsWithPrefix, writeSetting, deleteSetting } from '../ledger/settings.ts';
import { parseDecimal } from '../../../shared/money.ts';
import { LOT_METHODS, type LotMethod, type PoolMode, type SpecificIdChoice, type TransferLink } from '../../../shared/tax/types.ts';

export const POOL_MODES: readonly PoolMode[] = ['universal', 'per-wallet', 'auto'];
export const DEFAULT_METHOD: LotMethod = 'fifo';
export const DEFAULT_POOL: PoolMode = 'auto';
export const DEFAULT_REPORT_CURRENCY = 'USD';

const METHOD_KEY = 'tax.method.';

export function isLotMethod(value: string): value is LotMethod {
  return (LOT_METHODS as readonly string[]).includes(value);
}

export function isPoolMode(value: string): value is PoolMode {
  return (POOL_MODES as readonly string[]).includes(value);
}

/** True for an IANA zone name this runtime knows (America/New_York, UTC, ...). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Saved methods by tax year. */
export function savedMethods(db: Database): Map<number, LotMethod> {
  const methods = new Map<number, LotMethod>();
  for (const [key, value] of settingsWithPrefix<string>(db, METHOD_KEY)) {
    const year = Number(key.slice(METHOD_KEY.length));
    if (Number.isInteger(year) && isLotMethod(value)) methods.set(year, value);
  }
  return methods;
}

export function saveMethod(db: Database, year: number, method: LotMethod | null): void {
  if (method === null) deleteSetting(db, `${METHOD_KEY}${year}`);
  else writeSetting(db, `${METHOD_KEY}${year}`, method);
}

export function savedPool(db: Database): PoolMode | null {
  const value = readSetting<string>(db, 'tax.pool');
  return value !== null && isPoolMode(value) ? value : null;
}

export function savedTimeZone(db: Database): string | null {
  const value = readSetting<string>(db, 'tax.timeZone');
  return value !== null && isTimeZone(value) ? value : null;
}

export function specificIdChoices(db: Database): SpecificIdChoice[] {
  const rows = db
    .prepare('SELECT disposal_transaction_id AS id, lot_id, quantity FROM lot_selections ORDER BY disposal_transaction_id, position')
    .all() as { id: number; lot_id: string; quantity: string }[];
  const choices: SpecificIdChoice[] = [];
  for (const row of rows) {
    const last = choices[choices.length - 1];
    if (last && last.disposalTransactionId === row.id) last.lots.push({ lotId: row.lot_id, quantity: row.quantity });
    else choices.push({ disposalTransactionId: row.id, lots: [{ lotId: row.lot_id, quantity: row.quantity }] });
  }
  return choices;
}

export class ChoiceError extends Error {
  override name = 'ChoiceError';
}

/** Replaces the lot picks of one disposal (an empty list clears them). */
export function saveSpecificId(db: Database, choice: SpecificIdChoice): void {
  db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM transactions WHERE id = ?').get(choice.disposalTransactionId);
    if (!exists) throw new ChoiceError(`There is no transaction ${choice.disposalTransactionId}.`);
    for (const pick of choice.lots) {
      const quantity = parseDecimal(pick.quantity);
      if (quantity === null || !quantity.isPositive() || quantity.isZero()) {
        throw new ChoiceError(`The quantity to take from lot ${pick.lotId} must be a positive number, not "${pick.quantity}".`);
      }
    }
    db.prepare('DELETE FROM lot_selections WHERE disposal_transaction_id = ?').run(choice.disposalTransactionId);
    const insert = db.prepare(
      'INSERT INTO lot_selections (disposal_transaction_id, position, lot_id, quantity, chosen_at) VALUES (?, ?, ?, ?, ?)',
    );
    choice.lots.forEach((pick, position) => insert.run(choice.disposalTransactionId, position, pick.lotId, pick.quantity, Date.now()));
  })();
}

export function transferLinks(db: Database): TransferLink[] {
  return db
    .prepare('SELECT withdrawal_id AS withdrawalId, deposit_id AS depositId FROM transfer_links ORDER BY withdrawal_id')
    .all() as TransferLink[];
}

export function saveTransferLink(db: Database, link: TransferLink): void {
  const kinds = db.prepare('SELECT id, type FROM transactions WHERE id IN (?, ?)').all(link.withdrawalId, link.depositId) as {
    id: number;
    type: string;
  }[];
  const typeOf = (id: number) => kinds.find((k) => k.id === id)?.type;
  if (typeOf(link.withdrawalId) !== 'withdrawal') throw new ChoiceError(`Transaction ${link.withdrawalId} is not a withdrawal.`);
  if (typeOf(link.depositId) !== 'deposit') throw new ChoiceError(`Transaction ${link.depositId} is not a deposit.`);
  try {
    db.prepare('INSERT INTO transfer_links (withdrawal_id, deposit_id, linked_at) VALUES (?, ?, ?)').run(
      link.withdrawalId,
      link.depositId,
      Date.now(),
    );
  } catch (error) {
    if (String(error).includes('UNIQUE')) throw new ChoiceError('One of these transactions is already linked to another; unlink it first.');
    throw error;
  }
}

export function removeTransferLink(db: Database, withdrawalId: number): boolean {
  return db.prepare('DELETE FROM transfer_links WHERE withdrawal_id = ?').run(withdrawalId).changes > 0;
}
