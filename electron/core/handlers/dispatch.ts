// The one door into core: a call name and an untrusted request in, a CallResult out.
// Unknown names and malformed requests are refused with a typed error before any handler
// runs, and a handler that throws becomes a `failed` result carrying its message only:
// stacks and internals stay in core's own log, never on the user's screen. Main's own
// calls (dialogs, keys) are not core's: asked for one, core answers not-found.
import { CORE_CALL_NAMES, MAIN_CALL_NAMES, type CallError, type CallName, type CallResult, type CoreCallName } from '../../../shared/api.ts';
import type { HandlerContext } from './context.ts';
import { coreHandlers, type Handlers } from './index.ts';
import { REQUEST_SCHEMAS } from './validate.ts';

export type Dispatch = (name: unknown, request: unknown) => Promise<CallResult<CallName>>;

export interface DispatcherOptions {
  /** The handler map; the real one unless a test needs a handler that misbehaves. */
  handlers?: Handlers;
  /** Told about every thrown error with its stack, for core's log. */
  onUnexpectedError?: (name: CoreCallName, error: unknown) => void;
}

function isCoreCallName(name: string): name is CoreCallName {
  return (CORE_CALL_NAMES as readonly string[]).includes(name);
}

function isMainCallName(name: string): boolean {
  return (MAIN_CALL_NAMES as readonly string[]).includes(name);
}

function failure(code: CallError['code'], message: string): { ok: false; error: CallError } {
  return { ok: false, error: { code, message } };
}

/** Checks and serves one call; generic in K so each request meets its own call's schema. */
async function serve<K extends CoreCallName>(
  handlers: Handlers,
  name: K,
  request: unknown,
  ctx: HandlerContext,
): Promise<CallResult<K>> {
  const schema: (typeof REQUEST_SCHEMAS)[K] = REQUEST_SCHEMAS[name];
  const checked = schema(request, 'request');
  if (!checked.ok) return failure('bad-request', `${name}: ${checked.message}`);
  const handler: Handlers[K] = handlers[name];
  return { ok: true, value: await handler(checked.value, ctx) };
}

export function createDispatcher(ctx: HandlerContext, options: DispatcherOptions = {}): Dispatch {
  const handlers = options.handlers ?? coreHandlers;
  return async function dispatch(name, request) {
    if (typeof name !== 'string') return failure('bad-request', 'A call needs a name (a string such as "ledger.status").');
    if (isMainCallName(name)) return failure('not-found', `${name} is served by Lotwise's main process, not by core.`);
    if (!isCoreCallName(name)) return failure('not-found', `Lotwise has no call named ${JSON.stringify(name.slice(0, 80))}.`);
    try {
      return await serve(handlers, name, request, ctx);
    } catch (error) {
      options.onUnexpectedError?.(name, error);
      const message = error instanceof Error && error.message !== '' ? error.message : `${name} failed for an unknown reason.`;
      return failure('failed', message);
    }
  };
}
