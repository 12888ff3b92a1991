// The sync.* calls: sync an exchange account with the key main hands over for this sync
// only, report progress as events, and cancel a sync under way. A key that is refused or
// missing ends the call as `failed` with the message saying what to fix.
import type { CoreCallName } from '../../../shared/api.ts';
import { findAccount } from '../ledger/accounts.ts';
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

/** The host's credential hand-off seen as a read-only vault, for the sync engine. */
function handOff(ctx: HandlerContext): SecretVault {
  return {
    get: async (ref: string): Promise<Credentials | null> => (ctx.credentials ? ctx.credentials(ref) : null),
    set: async () => {
      throw new Error('core never stores keys');
    },
    delete: async () => false,
  };
}

export const syncHandlers: DomainHandlers<SyncCall> = {
  async 'sync.start'({ account: name }, ctx) {
    const found = findAccount(ctx.db, name);
    if (!found) throw new Error(`There is no account "${name}".`);
    // An account added in the app learns where its key is the first time main has one.
    if (found.kind === 'exchange' && found.credentialRef === null) await storedKey(ctx, found);
    const account = findAccount(ctx.db, name)!;
    if (account.kind === 'exchange' && account.credentialRef === null) {
      throw new Error(`No API key is stored for "${account.name}". Add its read-only key, then sync again.`);
    }
    const syncs = runningIn(ctx);
    if (syncs.has(account.name)) throw new Error(`"${account.name}" is already syncing.`);
    const controller = new AbortController();
    syncs.set(account.name, controller);
    try {
      // Loaded on first use: ccxt takes a second to load, and most sessions never sync.
      const { syncExchangeAccount } = await import('../exchanges/exchange-accounts.ts');
      const outcome = await syncExchangeAccount(ctx.db, handOff(ctx), account, {
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
            etaSeconds: p.etaSeconds,
            retrying: p.retry ? p.retry.reason : null,
          }),
      });
      if (outcome.added > 0) await refreshAfterChange(ctx.db);
      return { account: account.name, status: outcome.status, added: outcome.added, skipped: outcome.skipped, batchId: outcome.batchId, message: outcome.message };
    } finally {
      syncs.delete(account.name);
    }
  },

  async 'sync.cancel'({ account }, ctx) {
    const controller = runningIn(ctx).get(account);
    controller?.abort();
    return { cancelling: controller !== undefined };
  },
};
