// The exchange side of the accounts screen: the exchanges ccxt supports, by name, and
// asking an exchange what a stored key may do. This module loads ccxt (through
// core/exchanges), so the accounts handlers import it only when one of these calls comes:
// a session that never adds an exchange never pays for ccxt.
import type { ExchangeChoice, KeyCheckView } from '../../../shared/api.ts';
import type { Account } from '../ledger/accounts.ts';
import { accountSettings } from '../ledger/accounts.ts';
import type { Database } from '../db/open-ledger.ts';
import { AccountSetupError, checkKeyWithExchange } from '../exchanges/exchange-accounts.ts';
import { createExchangeClient, exchangeIds, type ClientOptions } from '../exchanges/exchange-client.ts';
import type { RetryPolicy } from '../exchanges/retry.ts';
import { genericStrategy } from '../exchanges/strategies/generic.ts';
import { strategyFor } from '../exchanges/strategies/index.ts';
import type { Credentials } from '../secrets/secret-vault.ts';

let choices: Promise<ExchangeChoice[]> | null = null;

/** Every ccxt exchange with its display name, by name; read once per process. */
export function exchangeChoices(): Promise<ExchangeChoice[]> {
  choices ??= (async () => {
    const list: ExchangeChoice[] = [];
    for (const id of await exchangeIds()) {
      // A key-less client only to read its name: nothing is requested.
      const client = await createExchangeClient(id, null);
      list.push({ id, name: client.name ?? id, tuned: strategyFor(id) !== genericStrategy });
    }
    return list.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.id < b.id ? -1 : 1));
  })();
  return choices;
}

export async function isExchangeId(id: string): Promise<boolean> {
  return (await exchangeIds()).includes(id);
}

/** Asks the exchange what the key may do; a refusal is an answer (ok false), not an error. */
export async function checkExchangeKey(
  db: Database,
  account: Account,
  credentials: Credentials,
  options: { client?: ClientOptions; retry?: RetryPolicy },
): Promise<KeyCheckView> {
  try {
    // The account's own API-URL override (sandboxes, the fake exchanges), as a sync uses it.
    const { permissions, warnings } = await checkKeyWithExchange(account.exchange!, credentials, {
      apiUrl: accountSettings(db, account.id).apiUrl ?? null,
      clientOptions: options.client,
      retry: options.retry,
    });
    return { account: account.name, ok: true, canTrade: permissions?.canTrade ?? null, canWithdraw: permissions?.canWithdraw ?? null, warnings, message: null };
  } catch (error) {
    if (!(error instanceof AccountSetupError)) throw error;
    return { account: account.name, ok: false, canTrade: null, canWithdraw: null, warnings: [], message: error.message };
  }
}
