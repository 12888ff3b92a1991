// The renderer's typed client for the contract: `call` sends one request over the bridge
// the preload (or the end-to-end harness) puts on window.lotwise, and turns a refused or
// failed call into a thrown CallFailed that carries the user-facing message.
import type { CallError, CallName, CallRequest, CallResponse, EventName, Events, LotwiseBridge } from '../../shared/api.ts';

declare global {
  interface Window {
    lotwise?: LotwiseBridge;
  }
}

export class CallFailed extends Error {
  readonly code: CallError['code'];

  constructor(error: CallError) {
    super(error.message);
    this.name = 'CallFailed';
    this.code = error.code;
  }
}

function bridge(): LotwiseBridge {
  if (!window.lotwise) {
    throw new Error('This page has no connection to Lotwise’s core. Open it from the Lotwise app, not a web browser.');
  }
  return window.lotwise;
}

export async function call<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>> {
  const result = await bridge().invoke(name, request);
  if (!result.ok) throw new CallFailed(result.error);
  return result.value;
}

/**
 * Listens to one of core's events (sync.progress, ...); returns the unsubscribe. Without
 * a bridge there are no events to hear, so it quietly does nothing: the call that would
 * start the work fails with the message the user needs.
 */
export function onEvent<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
  return window.lotwise ? window.lotwise.on(name, listener) : () => {};
}

/** The message to show for anything `call` threw. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
