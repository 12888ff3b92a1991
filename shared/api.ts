// The contract between the renderer and core: every call's name, request and response,
// and the events core emits. Core implements it (electron/core/handlers), main relays it,
// the preload allow-lists exactly these names, and the end-to-end harness binds the real
// handlers into the page under the same names.

export interface AccountSummary {
  name: string;
  transactions: number;
}

export interface LedgerStatus {
  accounts: AccountSummary[];
  transactions: number;
}

export interface DemoLoaded {
  accounts: number;
  added: number;
}

/** Name → request and response of every call. */
export interface Calls {
  'ledger.status': { request: Record<string, never>; response: LedgerStatus };
  'ledger.loadDemo': { request: Record<string, never>; response: DemoLoaded };
}

export type CallName = keyof Calls;
export type CallRequest<K extends CallName> = Calls[K]['request'];
export type CallResponse<K extends CallName> = Calls[K]['response'];

/** Events core emits, name → payload. */
export interface Events {
  'import.progress': { rowsRead: number };
}

export type EventName = keyof Events;

export const CALL_NAMES: readonly CallName[] = ['ledger.status', 'ledger.loadDemo'];
export const EVENT_NAMES: readonly EventName[] = ['import.progress'];

/** A call that failed: what the renderer shows, never a stack trace. */
export interface CallError {
  code: 'bad-request' | 'not-found' | 'failed';
  message: string;
}

export type CallResult<K extends CallName> = { ok: true; value: CallResponse<K> } | { ok: false; error: CallError };

/** What the preload puts on window.lotwise. */
export interface LotwiseBridge {
  invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResult<K>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}
