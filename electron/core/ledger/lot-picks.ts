// Specific identification from the app: which lots a disposal could use, and saving the
// user's pick as an audited change. The lots on offer are those open just before the
// disposal in the pool it draws on (its wallet from 2025 under per-wallet basis, else every
// account), found by replaying the whole ledger with every earlier pick and link in effect
// up to that transaction. What a pick must add up to is what the engine applies it to:
// for a transfer between own accounts, only its network fee (the disposal the reports
// list); the moved lots keep their basis and follow the method.
import type { LotChoiceView, PoolModeId } from '../../../shared/api.ts';
import { Decimal, ZERO, parseDecimal, toDecimalText } from '../../../shared/money.ts';
import { lotsBefore } from '../../../shared/tax/compute-tax-year.ts';
import { createTaxCalendar } from '../../../shared/tax/tax-calendar.ts';
import type { PickedPart } from '../../../shared/tax/tax-events.ts';
import type { Transaction } from '../../../shared/transaction.ts';
import type { Database } from '../db/open-ledger.ts';
import { ChoiceError, saveSpecificId } from '../reports/tax-choices.ts';
import { resolveTaxOptions, taxYearInput } from '../reports/tax-report.ts';
import { recordChange } from './changes.ts';
import { taxTimeZone } from './tax-choice-changes.ts';
import { ChangeError, describeTransaction, requireTransaction } from './transaction-edits.ts';

/** What a disposal takes from its lots, which the picks must add up to. */
export interface PickTarget extends PickedPart {
  transaction: Transaction;
}

interface SelectionRow {
  lot_id: string;
  quantity: string;
  chosen_at: number;
}

export interface PickData {
  transactionId: number;
  before: SelectionRow[];
  after: { lotId: string; quantity: string }[];
}

export function lotsAvailable(db: Database, transactionId: number, pool?: PoolModeId): { target: PickTarget; lots: LotChoiceView[] } {
  const transaction = requireTransaction(db, transactionId);
  const year = Math.floor(createTaxCalendar(taxTimeZone(db)).dayOf(transaction.timestamp) / 10_000);
  const input = taxYearInput(db, resolveTaxOptions(db, { year, pool }));
  const before = lotsBefore(input, transactionId);
  if (before.picks === null) {
    throw new ChangeError(
      before.transferDepositId === null
        ? `Transaction ${transactionId} (${transaction.type}) takes no crypto out of its account, so it uses no lots to pick.`
        : `Transaction ${transactionId} is a transfer to your own account (transaction ${before.transferDepositId}) with no network fee: ` +
            'its lots move with their basis and nothing is disposed of, so it uses no lots to pick.',
    );
  }
  const target: PickTarget = { transaction, ...before.picks };
  const holding = before.holdings.find(
    (h) => h.asset === target.asset && h.accountId === (before.pool === 'per-wallet' ? transaction.accountId : null),
  );
  // A lot split across accounts (part of it transferred) is one choice: a pick takes from it wherever it is.
  const byLot = new Map<string, { acquiredDate: string; accounts: string[]; quantity: Decimal; costBasis: Decimal }>();
  for (const lot of holding?.lots ?? []) {
    const name = input.accounts.get(lot.accountId)?.name ?? `account ${lot.accountId}`;
    const entry = byLot.get(lot.lotId);
    if (entry === undefined) {
      byLot.set(lot.lotId, { acquiredDate: lot.acquiredDate, accounts: [name], quantity: lot.quantity, costBasis: lot.costBasis });
    } else {
      if (!entry.accounts.includes(name)) entry.accounts.push(name);
      entry.quantity = entry.quantity.plus(lot.quantity);
      entry.costBasis = entry.costBasis.plus(lot.costBasis);
    }
  }
  const lots = [...byLot].map(
    ([lotId, lot]): LotChoiceView => ({
      lotId,
      acquiredDate: lot.acquiredDate,
      account: lot.accounts.join(', '),
      available: toDecimalText(lot.quantity),
      costPerUnit: toDecimalText(lot.costBasis.div(lot.quantity).toDecimalPlaces(8, Decimal.ROUND_HALF_UP)),
    }),
  );
  return { target, lots };
}

function selections(db: Database, transactionId: number): SelectionRow[] {
  return db
    .prepare('SELECT lot_id, quantity, chosen_at FROM lot_selections WHERE disposal_transaction_id = ? ORDER BY position')
    .all(transactionId) as SelectionRow[];
}

/** Saves the lots a disposal uses; an empty list forgets the picks (the year's method applies again). */
export function pickLots(db: Database, transactionId: number, picks: readonly { lotId: string; quantity: string }[]): { changeId: number } {
  const after = picks.map((pick) => {
    const quantity = parseDecimal(pick.quantity);
    if (quantity === null || !quantity.gt(0)) throw new ChangeError(`The quantity picked from lot ${pick.lotId} must be above zero, not "${pick.quantity}".`);
    return { lotId: pick.lotId, quantity };
  });
  let summary: string;
  if (after.length === 0) {
    requireTransaction(db, transactionId);
    if (selections(db, transactionId).length === 0) throw new ChangeError(`Transaction ${transactionId} has no picked lots to forget.`);
    summary = `Forgot the lots picked for transaction ${transactionId}`;
  } else {
    const { target, lots } = lotsAvailable(db, transactionId);
    const available = new Map(lots.map((lot) => [lot.lotId, new Decimal(lot.available)] as const));
    const seen = new Set<string>();
    let total = ZERO;
    for (const pick of after) {
      if (seen.has(pick.lotId)) throw new ChangeError(`Lot ${pick.lotId} is picked twice; pick each lot once with its whole quantity.`);
      seen.add(pick.lotId);
      const open = available.get(pick.lotId);
      if (open === undefined) throw new ChangeError(`Lot ${pick.lotId} is not open in this disposal's pool just before it; choose from the lots offered.`);
      if (pick.quantity.gt(open)) throw new ChangeError(`Lot ${pick.lotId} holds only ${toDecimalText(open)} ${target.asset}, less than the ${toDecimalText(pick.quantity)} picked.`);
      total = total.plus(pick.quantity);
    }
    if (!total.eq(target.quantity)) {
      const needed = `${toDecimalText(target.quantity)} ${target.asset}`;
      const takes =
        target.part === 'network-fee'
          ? `disposes of only its network fee, ${needed} (the rest moves to your other account with its basis)`
          : `takes ${needed}`;
      throw new ChangeError(`The picked lots add up to ${toDecimalText(total)} ${target.asset}, but transaction ${transactionId} ${takes}; pick exactly that much.`);
    }
    summary = `Picked ${after.length} lot${after.length === 1 ? '' : 's'} for ${describeTransaction(db, target.transaction)}: ${after.map((p) => `${toDecimalText(p.quantity)} from lot ${p.lotId}`).join(', ')}`;
  }
  return db.transaction(() => {
    const before = selections(db, transactionId);
    const saved = after.map((p) => ({ lotId: p.lotId, quantity: toDecimalText(p.quantity) }));
    try {
      saveSpecificId(db, { disposalTransactionId: transactionId, lots: saved });
    } catch (error) {
      if (error instanceof ChoiceError) throw new ChangeError(error.message);
      throw error;
    }
    const data: PickData = { transactionId, before, after: saved };
    const changeId = recordChange(db, 'pick', summary, data, { writes: [`pick:${transactionId}`], uses: [`tx:${transactionId}`] });
    return { changeId };
  })();
}

export function undoPick(db: Database, data: PickData): void {
  requireTransaction(db, data.transactionId);
  db.prepare('DELETE FROM lot_selections WHERE disposal_transaction_id = ?').run(data.transactionId);
  const insert = db.prepare('INSERT INTO lot_selections (disposal_transaction_id, position, lot_id, quantity, chosen_at) VALUES (?, ?, ?, ?, ?)');
  data.before.forEach((row, position) => insert.run(data.transactionId, position, row.lot_id, row.quantity, row.chosen_at));
}
