// What every core handler is given: the open ledger, where the demo data lives, and a way
// to emit contract events. The utility process builds one context for its lifetime; the
// tests and the end-to-end harness build theirs over a temporary ledger.
import type { CallName, CallRequest, CallResponse, EventName, Events } from '../../../shared/api.ts';
import type { Database } from '../db/open-ledger.ts';

export type EmitEvent = <E extends EventName>(name: E, payload: Events[E]) => void;

export interface HandlerContext {
  db: Database;
  /** resources/demo as shipped with this build; the source tree's copy when absent. */
  demoDir?: string;
  emit: EmitEvent;
}

export type Handler<K extends CallName> = (request: CallRequest<K>, ctx: HandlerContext) => Promise<CallResponse<K>>;

/** The handlers of one domain: exactly the calls whose names it lists. */
export type DomainHandlers<K extends CallName> = { [N in K]: Handler<N> };
