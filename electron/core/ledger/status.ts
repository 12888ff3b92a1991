// The ledger at a glance: accounts and how many transactions each holds.
import type { LedgerStatus } from '../../../shared/api.ts';
import type { Database } from '../db/open-ledger.ts';
import { countTransactionsByAccount } from './accounts.ts';
import { countTransactions } from './transactions.ts';

export function ledgerStatus(db: Database): LedgerStatus {
  return { accounts: countTransactionsByAccount(db), transactions: countTransactions(db) };
}
