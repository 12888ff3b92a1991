// The messages main and the core utility process exchange over the parent port. Main
// opens the ledger once, then relays contract calls; core answers each call by id and
// pushes contract events as they happen.
import type { CallName, CallResult, EventName, Events } from '../../shared/api.ts';

export type ToCore =
  | { type: 'open'; ledgerPath: string; demoDir?: string }
  | { type: 'call'; id: number; name: string; request: unknown }
  | { type: 'close' };

export type FromCore =
  | { type: 'result'; id: number; result: CallResult<CallName> }
  | { type: 'event'; name: EventName; payload: Events[EventName] };
