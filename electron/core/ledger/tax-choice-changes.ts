// The tax years the ledger has data for, with the choices in effect for each, and saving
// a choice as an audited change. The lot method is saved per tax year; the basis (pool
// mode) is one setting for the whole ledger, because every year's lots follow from the
// years before: saving it for one year saves it for all, and each year's view says so.
import type { LotMethodId, PoolModeId, YearChoiceView } from '../../../shared/api.ts';
import { createTaxCalendar } from '../../../shared/tax/tax-calendar.ts';
import type { Database } from '../db/open-ledger.ts';
import { DEFAULT_METHOD, DEFAULT_POOL, saveMethod, savedMethods, savedPool, savedTimeZone, systemTimeZone } from '../reports/tax-choices.ts';
import { deleteSetting, writeSetting } from './settings.ts';
import { recordChange } from './changes.ts';
import { ChangeError } from './transaction-edits.ts';

export interface ChoiceData {
  year: number;
  before: { method: LotMethodId | null; pool: PoolModeId | null };
  after: { method: LotMethodId; pool: PoolModeId };
}

export function taxTimeZone(db: Database): string {
  return savedTimeZone(db) ?? systemTimeZone();
}

/** The first and last tax year with a transaction, in the user's time zone; null for an empty ledger. */
export function yearsWithData(db: Database): { first: number; last: number } | null {
  const range = db.prepare('SELECT MIN(timestamp) AS first, MAX(timestamp) AS last FROM transactions').get() as { first: number | null; last: number | null };
  if (range.first === null || range.last === null) return null;
  const calendar = createTaxCalendar(taxTimeZone(db));
  return { first: Math.floor(calendar.dayOf(range.first) / 10_000), last: Math.floor(calendar.dayOf(range.last) / 10_000) };
}

export function yearChoice(db: Database, year: number): YearChoiceView {
  return { year, method: savedMethods(db).get(year) ?? DEFAULT_METHOD, basis: savedPool(db) ?? DEFAULT_POOL };
}

/** Every year from the first with data to the last, with its method and basis. */
export function taxYears(db: Database): YearChoiceView[] {
  const range = yearsWithData(db);
  if (range === null) return [];
  const years: YearChoiceView[] = [];
  for (let year = range.first; year <= range.last; year++) years.push(yearChoice(db, year));
  return years;
}

export function setTaxChoice(db: Database, choice: YearChoiceView): { changeId: number } {
  return db.transaction(() => {
    const before = { method: savedMethods(db).get(choice.year) ?? null, pool: savedPool(db) };
    if (before.method === choice.method && before.pool === choice.basis) {
      throw new ChangeError(`${choice.year} already uses ${choice.method.toUpperCase()} with ${choice.basis} basis; nothing was changed.`);
    }
    saveMethod(db, choice.year, choice.method);
    writeSetting(db, 'tax.pool', choice.basis);
    const data: ChoiceData = { year: choice.year, before, after: { method: choice.method, pool: choice.basis } };
    const poolChanged = before.pool !== choice.basis;
    const changeId = recordChange(
      db,
      'choice',
      `${choice.year}: ${choice.method.toUpperCase()}` + (poolChanged ? `; ${choice.basis} basis for every year` : ''),
      data,
      { writes: [`method:${choice.year}`, ...(poolChanged ? ['pool'] : [])], uses: [] },
    );
    return { changeId };
  })();
}

export function undoTaxChoice(db: Database, data: ChoiceData): void {
  saveMethod(db, data.year, data.before.method);
  // The pool is restored only when this change set it: a later change may own it now.
  if (data.before.pool === data.after.pool) return;
  if (data.before.pool === null) deleteSetting(db, 'tax.pool');
  else writeSetting(db, 'tax.pool', data.before.pool);
}
