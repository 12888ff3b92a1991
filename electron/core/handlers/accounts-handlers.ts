// The accounts.* calls: the accounts with their transaction counts, the exchanges to add,
// adding an exchange account, and checking its key. Keys never appear: only whether one
// is stored. Main keeps the key (keys.save); core asks for it through ctx.credentials only
// for the one call that needs it.
import type { AccountView, CoreCallName, KeyCheckView } from '../../../shared/api.ts';
import { countTransactionsByAccount, createAccount, findAccount, listAccounts, setCredentialRef, type Account } from '../ledger/accounts.ts';
import { keyRefForAccount } from '../ledger/key-refs.ts';
import type { Credentials } from '../secrets/secret-vault.ts';
import type { DomainHandlers, HandlerContext } from './context.ts';

type AccountsCall = Extract<CoreCallName, `accounts.${string}`>;

function accountView(account: Account, transactions: number): AccountView {
  return {
    id: account.id,
    name: account.name,
    kind: account.kind,
    exchange: account.exchange,
    hasKey: account.credentialRef !== null,
    lastSyncAt: account.lastSyncAt,
    transactions,
  };
}

/** Loaded on first use: the exchange list and key checks need ccxt, which takes a second to load. */
const exchangeKeys = () => import('./exchange-keys.ts');

/**
 * The account's key from main, and the reference it is kept under. The first time main has
 * a key for an account added in the app, the reference is recorded on the account.
 */
export async function storedKey(ctx: HandlerContext, account: Account): Promise<{ ref: string; credentials: Credentials | null }> {
  const ref = account.credentialRef ?? keyRefForAccount(account.name);
  const credentials = ctx.credentials ? await ctx.credentials(ref) : null;
  if (credentials && account.credentialRef === null) setCredentialRef(ctx.db, account.id, ref);
  return { ref, credentials };
}

export const accountsHandlers: DomainHandlers<AccountsCall> = {
  async 'accounts.list'(_request, { db }) {
    const counts = new Map(countTransactionsByAccount(db).map((c) => [c.name, c.transactions] as const));
    return listAccounts(db).map((a) => accountView(a, counts.get(a.name) ?? 0));
  },

  async 'accounts.exchanges'() {
    return (await exchangeKeys()).exchangeChoices();
  },

  async 'accounts.addExchange'({ name, exchange }, { db }) {
    const trimmed = name.trim();
    if (findAccount(db, trimmed)) throw new Error(`There is already an account named "${trimmed}". Choose another name.`);
    if (!(await (await exchangeKeys()).isExchangeId(exchange))) {
      throw new Error(`"${exchange}" is not an exchange Lotwise can connect to; choose one from the list.`);
    }
    return accountView(createAccount(db, { name: trimmed, kind: 'exchange', exchange }), 0);
  },

  async 'accounts.checkKey'({ account: name }, ctx): Promise<KeyCheckView> {
    const account = findAccount(ctx.db, name);
    if (!account) throw new Error(`There is no account "${name}".`);
    if (account.kind !== 'exchange' || account.exchange === null) {
      throw new Error(`"${account.name}" is not an exchange account; it has no API key to check.`);
    }
    const { credentials } = await storedKey(ctx, account);
    if (!credentials) {
      // A key check is where the app learns that main no longer keeps the key (keys.forget).
      // A sync does not: its key may only be locked away, and its Sync button must stay.
      if (account.credentialRef === keyRefForAccount(account.name)) setCredentialRef(ctx.db, account.id, null);
      return { account: account.name, ok: false, canTrade: null, canWithdraw: null, warnings: [], message: `No API key is stored for "${account.name}". Add its read-only key first.` };
    }
    return (await exchangeKeys()).checkExchangeKey(ctx.db, findAccount(ctx.db, account.name)!, credentials, ctx.exchangeOptions ?? {});
  },
};
