// Specific identification from the app: which lots a disposal could use, and saving the
// user's pick as an audited change. The lots on offer are those open just before the
// disposal in the pool it draws on (its wallet from 2025 under per-wallet basis, else every
// account), found by running the tax engine over the ledger up to that transaction with
// every earlier pick and link in effect.
import type { LotChoiceView, PoolModeId } from '../../../shared/api.ts';
import { isFiat } from '../../../shared/assets.ts';
import { Decimal, ZERO, parseDecimal, toDecimalText } from '../../../shared/money.ts';
import { computeTaxYear } from '../../../shared/tax/compute-tax-year.ts';
import { createTaxCalendar } from '../../../shared/tax/tax-calendar.ts';
import type { Transaction } from '../../../shared/transaction.ts';
import type { Database } from '../db/open-ledger.ts';
import { valuedTransactions } from '../prices/valuations.ts';
import { ChoiceError, saveSpecificId, specificIdChoices, transferLinks } from '../reports/tax-choices.ts';
import { resolveTaxOptions } from '../reports/tax-report.ts';
import { listAccounts } from './accounts.ts';
import { recordChange } from './changes.ts';
import { taxTimeZone } from './tax-choice-changes.ts';
import { ChangeError, describeTransaction, requireTransaction } from './transaction-edits.ts';
import { REPORT_CURRENCY } from './transaction-page.ts';

/** What a disposal takes from its lots: its sent asset (with a fee paid in it), or a crypto fee alone. */
export interface PickTarget {
  transaction: Transaction;
  asset: string;
  quantity: Decimal;
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

const isFiatAsset = (asset: string): boolean => asset === REPORT_CURRENCY || isFiat(asset);

export function pickTarget(transaction: Transaction): PickTarget {
  const amount = (text: string | null) => (text === null ? null : parseDecimal(text));
  const sent = transaction.sentAsset !== null && !isFiatAsset(transaction.sentAsset) ? amount(transaction.sentAmount) : null;
  const fee = transaction.feeAsset !== null && !isFiatAsset(transaction.feeAsset) ? amount(transaction.feeAmount) : null;
  if (sent !== null && transaction.sentAsset !== null) {
    const withFee = fee !== null && transaction.feeAsset === transaction.sentAsset ? sent.plus(fee) : sent;
    return { transaction, asset: transaction.sentAsset, quantity: withFee };
  }
  if (fee !== null && transaction.feeAsset !== null) return { transaction, asset: transaction.feeAsset, quantity: fee };
  throw new ChangeError(`Transaction ${transaction.id} (${transaction.type}) takes no crypto out of its account, so it uses no lots to pick.`);
}

/** The ledger strictly before a transaction, in (timestamp, id) order. */
function* ledgerBefore(db: Database, transaction: Transaction): Generator<Transaction> {
  for (const earlier of valuedTransactions(db, REPORT_CURRENCY)) {
    if (earlier.timestamp > transaction.timestamp || (earlier.timestamp === transaction.timestamp && earlier.id >= transaction.id)) return;
    yield earlier;
  }
}

export function lotsAvailable(db: Database, transactionId: number, pool?: PoolModeId): { target: PickTarget; lots: LotChoiceView[] } {
  const target = pickTarget(requireTransaction(db, transactionId));
  const transaction = target.transaction;
  const year = Math.floor(createTaxCalendar(taxTimeZone(db)).dayOf(transaction.timestamp) / 10_000);
  const options = resolveTaxOptions(db, { year, pool });
  const accounts = new Map(listAccounts(db).map((a) => [a.id, { name: a.name }] as const));
  const result = computeTaxYear({
    transactions: ledgerBefore(db, transaction),
    accounts,
    taxYear: year,
    methodForYear: options.methodForYear,
    pool: options.pool,
    timeZone: options.timeZone,
    reportCurrency: options.reportCurrency,
    specificIds: specificIdChoices(db),
    transferLinks: transferLinks(db),
  });
  const holding = result.holdings.find(
    (h) => h.asset === target.asset && h.accountId === (result.pool === 'per-wallet' ? transaction.accountId : null),
  );
  // A lot split across accounts (part of it transferred) is one choice: a pick takes from it wherever it is.
  const byLot = new Map<string, { acquiredDate: string; accounts: string[]; quantity: Decimal; costBasis: Decimal }>();
  for (const lot of holding?.lots ?? []) {
    const name = accounts.get(lot.accountId)?.name ?? `account ${lot.accountId}`;
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
      throw new ChangeError(
        `The picked lots add up to ${toDecimalText(total)} ${target.asset}, but transaction ${transactionId} takes ${toDecimalText(target.quantity)} ${target.asset}; pick exactly that much.`,
      );
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
