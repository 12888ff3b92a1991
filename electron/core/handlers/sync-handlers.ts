// The sync.* calls: sync an exchange account with the key main hands over for this sync
// only (asked for once), report progress as events, and cancel a sync under way. A key that
// is refused or missing ends the call as `failed` with the message saying what to fix.
import type { CoreCallName } from '../../../shared/api.ts';
import { findAccount, type Account } from '../ledger/accounts.ts';
import { refreshAfterChange } from '../review/review-refresh.ts';
import type { Credentials, SecretVault } from '../secrets/secret-vault.ts';
import { storedKey } from './accounts-handlers.ts';
import type { DomainHandlers, HandlerContext } from './context.ts';

type SyncCall = Extract<CoreCallName, `sync.${string}`>;

/** Syncs under way, per context (one per ledger), by account name. */
const running = new WeakMap<HandlerContext, Map<string, AbortController>>();

function runningIn(ctx: HandlerContext): Map<string, AbortController> {
  let map = running.get(ctx);
  if (!map) {
    map = new Map();
    running.set(ctx, map);
  }
  return map;
}

/** A vault holding only the key main handed over for this sync (or nothing), read-only. */
function handedOver(ref: string | null, credentials: Credentials | null): SecretVault {
  return {
    get: async (asked: string): Promise<Credentials | null> => (credentials && asked === ref ? { ...credentials } : null),
    set: async () => {
      throw new Error('core never stores keys');
    },
    delete: async () => false,
  };
}

/**
 * The exchange account's key, asked of main once for the whole sync. An account added in
 * the app learns where its key is the first time main has one.
 */
async function keyForSync(ctx: HandlerContext, account: Account): Promise<SecretVault> {
  const { ref, credentials } = await storedKey(ctx, account);
  if (credentials) return handedOver(ref, credentials);
  if (account.credentialRef === null) throw new Error(`No API key is stored for "${account.name}". Add its read-only key, then sync again.`);
  // Main has told the page why (keys.reentryNeeded) and the page asks for what is needed.
  throw new Error(
    `Lotwise could not use the stored key of "${account.name}", so nothing was synced. Enter the key again, or the passphrase of the vault it is kept in, when Lotwise asks for it.`,
  );
}

export const syncHandlers: DomainHandlers<SyncCall> = {
  async 'sync.start'({ account: name }, ctx) {
    const found = findAccount(ctx.db, name);
    if (!found) throw new Error(`There is no account "${name}".`);
    const syncs = runningIn(ctx);
    if (syncs.has(found.name)) throw new Error(`"${found.name}" is already syncing.`);
    const controller = new AbortController();
    syncs.set(found.name, controller);
    try {
      const vault = found.kind === 'exchange' ? await keyForSync(ctx, found) : handedOver(null, null);
      const account = findAccount(ctx.db, found.name)!;
      // Loaded on first use: ccxt takes a second to load, and most sessions never sync.
      const { syncExchangeAccount } = await import('../exchanges/exchange-accounts.ts');
      const outcome = await syncExchangeAccount(ctx.db, vault, account, {
        signal: controller.signal,
        clientOptions: ctx.exchangeOptions?.client,
        retry: ctx.exchangeOptions?.retry,
        onProgress: (p) =>
          ctx.emit('sync.progress', {
            account: account.name,
            stream: p.stream,
            streamNumber: p.streamNumber,
            streams: p.streams,
            records: p.records,
            rate: p.rate,
            streamFraction: p.streamFraction,
            etaSeconds: p.etaSeconds,
            retrying: p.retry ? p.retry.reason : null,
          }),
      });
      if (outcome.added > 0) await refreshAfterChange(ctx.db);
      return { account: account.name, status: outcome.status, added: outcome.added, skipped: outcome.skipped, batchId: outcome.batchId, message: outcome.message };
    } finally {
      syncs.delete(found.name);
    }
  },

  async 'sync.cancel'({ account }, ctx) {
    const controller = runningIn(ctx).get(account);
    controller?.abort();
    return { cancelling: controller !== undefined };
  },
};
