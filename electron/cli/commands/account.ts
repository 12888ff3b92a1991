// `lotwise account`: the accounts in the ledger, connecting exchanges with an API key, and
// per-account settings.
import { issues1099DA, save1099DA } from '../../core/exports/form-1099-da.ts';
import { findAccount, listAccounts, updateAccountSettings } from '../../core/ledger/accounts.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';
import type { Credentials } from '../../core/secrets/secret-vault.ts';
import { prompt } from '../prompt.ts';
import { openVault, vaultPath } from '../vault-access.ts';

export const accountCommand: Command = {
  help: `Usage: lotwise account list [--db PATH] [--json]
       lotwise account add --exchange ID --name NAME [--api-url URL] [--db PATH] [--vault PATH]
       lotwise account key NAME [--db PATH] [--vault PATH]
       lotwise account remove NAME [--db PATH] [--vault PATH]
       lotwise account set NAME [--issues-1099-da yes|no|default] [--symbols LIST] [--db PATH]

list    the accounts, their kind, last sync, and whether their broker issues Form 1099-DA
        (which decides the Form 8949 box from tax year 2025; "(default)" marks a value
        Lotwise assumed: custodial US exchanges do, wallets and foreign exchanges do not).
add     connects an exchange (any ccxt id: binance, coinbase, kraken, ...) with a
        READ-ONLY API key. The key is checked with the exchange first, and Lotwise warns if it
        can trade or withdraw. The key and secret are asked for on the terminal, or read
        from $LOTWISE_API_KEY and $LOTWISE_API_SECRET (and $LOTWISE_API_PASSWORD for
        exchanges that need a passphrase). They are stored encrypted in the vault, never
        in the ledger; the vault passphrase comes from a prompt or $LOTWISE_VAULT_PASSPHRASE.
key     replaces an exchange account's stored key (a new read-only key, or the old one
        after it was refused): checked with the exchange first, asked for or read from the
        environment as for add. The account and its history stay.
remove  deletes the account, its transactions and its stored key.
set     saves your Form 1099-DA answer for one account, or the markets a Binance sync must
        read besides those it discovers (--symbols BTC/USDT,ETH/BTC; "" clears the list):
        needed for a market you traded in and emptied without depositing its coins.

Options:
  --exchange ID        the exchange's ccxt id
  --name NAME          what to call the account
  --api-url URL        send every request to URL/<exchange host>/... instead of the exchange
                       (an exchange's sandbox behind a proxy, or the fake exchanges of the
                       tests). Whoever runs that URL sees every signed request: use only a
                       server you run yourself.
  --issues-1099-da V   yes, no, or default (forget the saved answer)
  --symbols LIST       markets to sync besides the discovered ones, comma-separated
  --db PATH            the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)
  --vault PATH         the key vault (default: lotwise-vault.json beside the ledger)
  --json               list as JSON`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...DB_OPTION,
        json: { type: 'boolean' },
        'issues-1099-da': { type: 'string' },
        symbols: { type: 'string' },
        exchange: { type: 'string' },
        name: { type: 'string' },
        'api-url': { type: 'string' },
        vault: { type: 'string' },
      },
      2,
    );
    const [action, name] = positionals;
    const path = ledgerPath(values.db);
    if (action === 'add') return addAccount(path, values);
    if (action === 'key') return replaceKey(path, name, values.vault);
    if (action === 'remove') return removeAccountCommand(path, name, values.vault);
    return withLedger(path, true, (db) => {
      if (action === 'list' || action === undefined) {
        const accounts = listAccounts(db).map((a) => ({
          name: a.name,
          kind: a.kind,
          exchange: a.exchange,
          lastSyncAt: a.lastSyncAt,
          issues1099DA: issues1099DA(db, a),
        }));
        if (values.json) {
          console.log(JSON.stringify(accounts.map((a) => ({ ...a, issues1099DA: a.issues1099DA.value }))));
          return 0;
        }
        if (accounts.length === 0) console.log('No accounts yet.');
        for (const a of accounts) {
          const form = `${a.issues1099DA.value ? 'issues' : 'no'} Form 1099-DA${a.issues1099DA.saved ? '' : ' (default)'}`;
          const synced = a.lastSyncAt === null ? '' : `  ·  synced ${new Date(a.lastSyncAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
          console.log(`${a.name}  ·  ${a.kind}${a.exchange ? ` (${a.exchange})` : ''}  ·  ${form}${synced}`);
        }
        return 0;
      }
      if (action !== 'set') throw new UsageError(`"${action}" is not an account action: use list, add, key, remove or set.`);
      if (name === undefined) throw new UsageError('give the account name.');
      const account = findAccount(db, name);
      if (!account) throw new UsageError(`there is no account "${name}". \`lotwise account list\` shows them.`);
      const answer = values['issues-1099-da'];
      if (answer === undefined && values.symbols === undefined) throw new UsageError('say what to set: --issues-1099-da or --symbols.');
      if (values.symbols !== undefined) {
        const symbols = values.symbols.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
        updateAccountSettings(db, account.id, ({ symbols: _old, ...rest }) => (symbols.length === 0 ? rest : { ...rest, symbols }));
        console.log(`${account.name}: ${symbols.length === 0 ? 'no extra markets' : `also syncs ${symbols.join(', ')}`}.`);
      }
      if (answer === undefined) return 0;
      if (answer !== 'yes' && answer !== 'no' && answer !== 'default') throw new UsageError('--issues-1099-da must be yes, no or default.');
      save1099DA(db, account.id, answer === 'default' ? null : answer === 'yes');
      const now = issues1099DA(db, account);
      console.log(`${account.name}: ${now.value ? 'issues' : 'does not issue'} Form 1099-DA${now.saved ? '' : ' (default)'}.`);
      return 0;
    });
  },
};

/** The key and secret from the environment, else asked for on the terminal (the secret hidden). */
async function askForKey(exchange: string): Promise<Credentials> {
  const apiKey = process.env.LOTWISE_API_KEY ?? (await prompt(`${exchange} API key: `));
  const secret = process.env.LOTWISE_API_SECRET ?? (await prompt(`${exchange} API secret: `, { hidden: true }));
  const password = process.env.LOTWISE_API_PASSWORD;
  if (!apiKey || !secret) throw new UsageError('the API key and secret are both needed.');
  return { apiKey, secret, ...(password ? { password } : {}) };
}

async function addAccount(path: string, values: { exchange?: string; name?: string; 'api-url'?: string; vault?: string }): Promise<number> {
  if (!values.exchange) throw new UsageError('--exchange ID is required (a ccxt id such as binance, coinbase, kraken).');
  if (!values.name) throw new UsageError('--name NAME is required.');
  const { AccountSetupError, addExchangeAccount } = await import('../../core/exchanges/exchange-accounts.ts');
  const { UnknownExchangeError } = await import('../../core/exchanges/exchange-client.ts');
  const credentials = await askForKey(values.exchange);
  const vault = await openVault(vaultPath(path, values.vault));
  try {
    return await withLedger(path, false, async (db) => {
      try {
        const { account, check } = await addExchangeAccount(db, vault, {
          exchangeId: values.exchange!,
          name: values.name!,
          credentials,
          apiUrl: values['api-url'] ?? null,
        });
        console.log(`Added "${account.name}" (${account.exchange}). The key works${check.permissions ? ` (${check.permissions.source})` : ''}.`);
        for (const warning of check.warnings) console.log(`Warning: ${warning}`);
        console.log(`Sync it with: lotwise sync --account "${account.name}"`);
        return 0;
      } catch (error) {
        if (error instanceof AccountSetupError || error instanceof UnknownExchangeError) {
          console.error(`lotwise account add: ${error.message} Nothing was stored.`);
          return 1;
        }
        throw error;
      }
    });
  } finally {
    vault.close();
  }
}

async function replaceKey(path: string, name: string | undefined, vaultOption: string | undefined): Promise<number> {
  if (name === undefined) throw new UsageError('give the name of the exchange account whose key to replace.');
  return withLedger(path, true, async (db) => {
    const account = findAccount(db, name);
    if (!account) throw new UsageError(`there is no account "${name}". \`lotwise account list\` shows them.`);
    if (account.exchange === null) throw new UsageError(`"${account.name}" is not an exchange account, so it has no key: import its files instead.`);
    const { AccountSetupError, replaceExchangeKey } = await import('../../core/exchanges/exchange-accounts.ts');
    const credentials = await askForKey(account.exchange);
    const vault = await openVault(vaultPath(path, vaultOption));
    try {
      const check = await replaceExchangeKey(db, vault, account, { credentials });
      console.log(`The new key of "${account.name}" works${check.permissions ? ` (${check.permissions.source})` : ''} and replaces the old one.`);
      for (const warning of check.warnings) console.log(`Warning: ${warning}`);
      return 0;
    } catch (error) {
      if (error instanceof AccountSetupError) {
        console.error(`lotwise account key: ${error.message} The stored key was not changed.`);
        return 1;
      }
      throw error;
    } finally {
      vault.close();
    }
  });
}

async function removeAccountCommand(path: string, name: string | undefined, vaultOption: string | undefined): Promise<number> {
  if (name === undefined) throw new UsageError('give the name of the account to remove.');
  return withLedger(path, true, async (db) => {
    const account = findAccount(db, name);
    if (!account) throw new UsageError(`there is no account "${name}".`);
    if (account.credentialRef) {
      const { removeExchangeAccount } = await import('../../core/exchanges/exchange-accounts.ts');
      const vault = await openVault(vaultPath(path, vaultOption));
      try {
        await removeExchangeAccount(db, vault, account);
      } finally {
        vault.close();
      }
    } else {
      const { removeAccount } = await import('../../core/ledger/accounts.ts');
      removeAccount(db, account.id);
    }
    console.log(`Removed "${account.name}" and its transactions${account.credentialRef ? ' and its stored key' : ''}.`);
    return 0;
  });
}
