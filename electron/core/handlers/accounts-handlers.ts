// The accounts.* calls: the accounts with their transaction counts. Keys never appear:
// only whether one is stored.
import type { CallName } from '../../../shared/api.ts';
import { countTransactionsByAccount, listAccounts } from '../ledger/accounts.ts';
import type { DomainHandlers } from './context.ts';

type AccountsCall = Extract<CallName, `accounts.${string}`>;

export const accountsHandlers: DomainHandlers<AccountsCall> = {
  async 'accounts.list'(_request, { db }) {
    const counts = new Map(countTransactionsByAccount(db).map((c) => [c.name, c.transactions] as const));
    return listAccounts(db).map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      exchange: a.exchange,
      hasKey: a.credentialRef !== null,
      lastSyncAt: a.lastSyncAt,
      transactions: counts.get(a.name) ?? 0,
    }));
  },
};
