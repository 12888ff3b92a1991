// When main hands core an exchange key: only while a call that needs that account's key is
// under way (a sync, a key check). Core asks per use and keeps nothing; this holds main to
// the same rule, so a key is never handed over outside the call it is for.
import type { CoreCallName } from '../../../shared/api.ts';
import { sameAccountName } from '../../core/ledger/accounts.ts';

/** The calls that use an account's key, each naming the account in `request.account`. */
const CALLS_NEEDING_A_KEY: ReadonlySet<CoreCallName> = new Set(['sync.start', 'accounts.checkKey']);

export interface CallInFlight {
  name: CoreCallName;
  request: unknown;
}

/**
 * `account` is the ledger's name for the account whose key core asks for; a call names it
 * as the page sent it, which core looked up ignoring case, so they are compared the same way.
 */
export function mayHandOverKey(inFlight: Iterable<CallInFlight>, account: string | null): boolean {
  if (account === null) return false;
  for (const call of inFlight) {
    if (!CALLS_NEEDING_A_KEY.has(call.name) || typeof call.request !== 'object' || call.request === null) continue;
    const named = (call.request as { account?: unknown }).account;
    if (typeof named === 'string' && sameAccountName(named, account)) return true;
  }
  return false;
}
