// What every core handler is given: the open ledger, where the demo data lives, and a way
// to emit contract events. The utility process builds one context for its lifetime; the
// tests and the end-to-end harness build theirs over a temporary ledger.
import type { CallRequest, CallResponse, CoreCallName, EventName, Events } from '../../../shared/api.ts';
import type { Database } from '../db/open-ledger.ts';
import type { ClientOptions } from '../exchanges/exchange-client.ts';
import type { RetryPolicy } from '../exchanges/retry.ts';
import type { Credentials } from '../secrets/secret-vault.ts';

export type EmitEvent = <E extends EventName>(name: E, payload: Events[E]) => void;

export interface HandlerContext {
  db: Database;
  /** resources/demo as shipped with this build; the source tree's copy when absent. */
  demoDir?: string;
  emit: EmitEvent;
  /**
   * An exchange account's key, for one sync only. In the app, main decrypts it from its
   * vault and hands it over on request; core never stores it. Absent: no keys at all.
   */
  credentials?: (ref: string) => Promise<Credentials | null>;
  /** How exchange clients are made (tests and benchmarks turn rate limiting off). */
  exchangeOptions?: { client?: ClientOptions; retry?: RetryPolicy };
}

export type Handler<K extends CoreCallName> = (request: CallRequest<K>, ctx: HandlerContext) => Promise<CallResponse<K>>;

/** The handlers of one domain: exactly the calls whose names it lists. */
export type DomainHandlers<K extends CoreCallName> = { [N in K]: Handler<N> };
