// Connecting an exchange account and syncing it: the steps the CLI and the app share.
// Adding checks the key with the exchange before anything is stored; the credentials go to
// the secret vault and the ledger keeps only a reference to them.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/open-ledger.ts';
import { accountSettings, createAccount, findAccount, removeAccount, setCredentialRef, type Account } from '../ledger/accounts.ts';
import type { Credentials, SecretVault } from '../secrets/secret-vault.ts';
import { validateApiUrl } from './api-url-override.ts';
import { createExchangeClient, type ClientOptions, type ExchangeClient } from './exchange-client.ts';
import { credentialSecrets, redact, withoutSecrets, type Failure } from './failures.ts';
import { DEFAULT_RETRY, StopError, withRetry, type RetryPolicy } from './retry.ts';
import { runSync, type SyncOutcome, type SyncProgress } from './sync-engine.ts';
import type { ExchangeCall } from './sync-stream.ts';
import { strategyFor } from './strategies/index.ts';
import type { KeyPermissions } from './strategies/sync-strategy.ts';

export class AccountSetupError extends Error {
  override name = 'AccountSetupError';
}

export interface KeyCheck {
  permissions: KeyPermissions | null;
  /** Plain-language warnings: the key can trade or withdraw, or its permissions are unknown. */
  warnings: string[];
}

export function keyWarnings(exchangeId: string, permissions: KeyPermissions | null): string[] {
  if (permissions === null) {
    return [`${exchangeId} does not tell which permissions this key has. Make sure it is read-only: Lotwise never needs to trade or withdraw.`];
  }
  const warnings: string[] = [];
  if (permissions.canWithdraw) {
    warnings.push('This key can WITHDRAW funds. Anyone who obtains it could move your coins. Create a read-only key and add that instead.');
  }
  if (permissions.canTrade) {
    warnings.push('This key can TRADE. Lotwise only reads; a read-only key is safer.');
  }
  if (!permissions.canRead) warnings.push('This key may not be allowed to read your history; the sync may be incomplete.');
  return warnings;
}

/** Explains a stopping failure in words that say what to fix, without any secret. */
export function explainFailure(exchangeId: string, failure: Failure, credentials: Credentials | null): string {
  const reason = redact(failure.reason, credentialSecrets(credentials));
  switch (failure.kind) {
    case 'auth':
      return `${exchangeId} refused the API key (${reason}). Check that the key and secret are right, that the key is still enabled and allowed to read, and any IP allow-list; then enter the corrected key (the account and its history are kept).`;
    case 'clock':
      return exchangeId === 'kraken'
        ? `Kraken says the key's nonce is out of order (${reason}): another program has used this key. Create a separate key for Lotwise.`
        : `${exchangeId} says this computer's clock is off (${reason}). Set the system clock to the correct time and sync again.`;
    case 'transient':
      return `${exchangeId} could not be reached reliably: ${reason}. Everything read so far is saved; sync again later to continue.`;
    case 'permanent':
      return `${exchangeId}: ${reason}`;
  }
}

function callWith(client: ExchangeClient, policy: RetryPolicy, signal?: AbortSignal): ExchangeCall {
  return (request) =>
    withRetry(request, policy, {
      signal,
      lastResponseHeaders: () => client.last_response_headers as Record<string, unknown> | undefined,
      resyncClock: () => resyncClock(client),
    });
}

async function resyncClock(client: ExchangeClient): Promise<void> {
  if (!client.has['fetchTime']) return;
  await client.loadTimeDifference();
  client.options['adjustForTimeDifference'] = true;
}

export interface AddExchangeAccount {
  exchangeId: string;
  name: string;
  credentials: Credentials;
  apiUrl?: string | null;
  clientOptions?: ClientOptions;
  retry?: RetryPolicy;
}

/** Checks the key with the exchange, then stores it in the vault and creates the account. */
export async function addExchangeAccount(db: Database, vault: SecretVault, request: AddExchangeAccount): Promise<{ account: Account; check: KeyCheck }> {
  const name = request.name.trim();
  if (name === '') throw new AccountSetupError('The account needs a name.');
  if (findAccount(db, name)) throw new AccountSetupError(`There is already an account named "${name}".`);
  if (request.apiUrl) {
    const problem = validateApiUrl(request.apiUrl);
    if (problem) throw new AccountSetupError(`--api-url: ${problem}.`);
  }
  const check = await checkKeyWithExchange(request.exchangeId, request.credentials, request);
  const credentialRef = `account:${randomUUID()}`;
  await vault.set(credentialRef, request.credentials);
  const account = createAccount(db, {
    name,
    kind: 'exchange',
    exchange: request.exchangeId,
    credentialRef,
    settings: request.apiUrl ? { apiUrl: request.apiUrl } : {},
  });
  return { account, check };
}

/** Asks the exchange what a key may do; a refused key is an AccountSetupError saying what to fix. */
export async function checkKeyWithExchange(
  exchangeId: string,
  credentials: Credentials,
  options: { apiUrl?: string | null; clientOptions?: ClientOptions; retry?: RetryPolicy },
): Promise<KeyCheck> {
  const client = await createExchangeClient(exchangeId, credentials, { ...options.clientOptions, apiUrl: options.apiUrl ?? null });
  try {
    const permissions = await strategyFor(exchangeId).checkKey({
      client,
      settings: {},
      call: callWith(client, options.retry ?? DEFAULT_RETRY),
      now: Date.now,
      storedAssets: () => [],
    });
    return { permissions, warnings: keyWarnings(exchangeId, permissions) };
  } catch (error) {
    if (error instanceof StopError) throw new AccountSetupError(explainFailure(exchangeId, error.failure, credentials));
    throw withoutSecrets(error, credentials);
  }
}

export interface ReplaceExchangeKey {
  credentials: Credentials;
  clientOptions?: ClientOptions;
  retry?: RetryPolicy;
}

/**
 * Replaces an exchange account's stored key with a new one, checked with the exchange
 * first (a refused key changes nothing). The account, its history and its sync cursors stay.
 */
export async function replaceExchangeKey(db: Database, vault: SecretVault, account: Account, request: ReplaceExchangeKey): Promise<KeyCheck> {
  if (account.exchange === null) throw new AccountSetupError(`"${account.name}" is not an exchange account, so it has no key: import its files instead.`);
  const check = await checkKeyWithExchange(account.exchange, request.credentials, { ...request, apiUrl: accountSettings(db, account.id).apiUrl ?? null });
  const credentialRef = account.credentialRef ?? `account:${randomUUID()}`;
  await vault.set(credentialRef, request.credentials);
  if (account.credentialRef === null) setCredentialRef(db, account.id, credentialRef);
  return check;
}

/** Removes the account, its history and its stored key. */
export async function removeExchangeAccount(db: Database, vault: SecretVault, account: Account): Promise<void> {
  removeAccount(db, account.id);
  if (account.credentialRef) await vault.delete(account.credentialRef);
}

export interface SyncRequest {
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  clientOptions?: ClientOptions;
  retry?: RetryPolicy;
  maxPagesPerStream?: number;
}

/** Every asset the account's stored transactions mention. */
function storedAssets(db: Database, accountId: number): string[] {
  const rows = db
    .prepare(
      `SELECT sent_asset AS asset FROM transactions WHERE account_id = ? AND sent_asset IS NOT NULL
       UNION SELECT received_asset FROM transactions WHERE account_id = ? AND received_asset IS NOT NULL
       UNION SELECT fee_asset FROM transactions WHERE account_id = ? AND fee_asset IS NOT NULL`,
    )
    .all(accountId, accountId, accountId) as { asset: string }[];
  return rows.map((r) => r.asset);
}

/** Syncs one exchange account with its stored key. */
export async function syncExchangeAccount(db: Database, vault: SecretVault, account: Account, request: SyncRequest = {}): Promise<SyncOutcome> {
  if (account.exchange === null || account.credentialRef === null) {
    throw new AccountSetupError(`"${account.name}" is not an exchange account with a key; import its files instead.`);
  }
  const credentials = await vault.get(account.credentialRef);
  // The CLI's case: the app hands over a key it has checked for, or asks the user for it
  // first (handlers/sync-handlers.ts), so this advice is for `lotwise account remove`/`add`.
  if (!credentials) {
    throw new AccountSetupError(`The key of "${account.name}" is not in the vault. Remove the account and add it again with its key.`);
  }
  const settings = accountSettings(db, account.id);
  const client = await createExchangeClient(account.exchange, credentials, { ...request.clientOptions, apiUrl: settings.apiUrl ?? null });
  const policy = request.retry ?? DEFAULT_RETRY;
  const strategy = strategyFor(account.exchange);
  const explain = (failure: Failure) => explainFailure(account.exchange!, failure, credentials);
  // Whatever escapes from here on may quote a request made with the key: it leaves redacted.
  try {
    let streams;
    try {
      streams = await strategy.streams({
        client,
        settings,
        call: callWith(client, policy, request.signal),
        now: Date.now,
        storedAssets: () => storedAssets(db, account.id),
      });
    } catch (error) {
      if (error instanceof StopError) throw new AccountSetupError(explain(error.failure));
      throw error;
    }
    return await runSync({
      db,
      accountId: account.id,
      exchangeId: account.exchange,
      streams,
      signal: request.signal,
      retry: policy,
      maxPagesPerStream: request.maxPagesPerStream,
      onProgress: request.onProgress,
      lastResponseHeaders: () => client.last_response_headers as Record<string, unknown> | undefined,
      resyncClock: () => resyncClock(client),
      explain,
      redact: (text) => redact(text, credentialSecrets(credentials)),
    });
  } catch (error) {
    throw error instanceof AccountSetupError ? error : withoutSecrets(error, credentials);
  }
}
