// The messages main and the core utility process exchange over the parent port. Main
// opens the ledger once, then relays contract calls; core answers each call by id and
// pushes contract events as they happen.
//
// Keys: a sync asks main for the account's key (credentials-request, with the account's
// credential reference and name); main decrypts it from its vault and answers once
// (credentials-response, null when it has none). Core uses it for that one sync and never
// stores it. Main, saving a key the user typed, asks core which reference the account's
// key is filed under (credential-ref-request), so both sides name it the same way.
import type { CallName, CallResult, EventName, Events } from '../../shared/api.ts';
import type { Credentials } from './secrets/secret-vault.ts';

export type ToCore =
  | { type: 'open'; ledgerPath: string; demoDir?: string }
  | { type: 'call'; id: number; name: string; request: unknown }
  | { type: 'credentials-response'; id: number; credentials: Credentials | null }
  | { type: 'credential-ref-request'; id: number; account: string }
  | { type: 'close' };

export type FromCore =
  | { type: 'result'; id: number; result: CallResult<CallName> }
  | { type: 'event'; name: EventName; payload: Events[EventName] }
  | { type: 'credentials-request'; id: number; ref: string; account: string | null }
  /** null when there is no exchange account of that name. */
  | { type: 'credential-ref-response'; id: number; ref: string | null };
