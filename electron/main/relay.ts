// The one IPC entry point, as a plain function: a call from the window is accepted only
// from Lotwise's own top frame and only for a contract name; main's own calls are served
// here, core's are relayed to the core process once any path they carry is one the user
// picked. Electron-free, so the whole route is unit-tested.
import { CALL_NAMES, MAIN_CALL_NAMES, type CallName, type CallResult, type CoreCallName, type MainCallName } from '../../shared/api.ts';
import { serveMainCall, type MainCallDeps } from './main-calls.ts';
import { isTrustedSender, type SenderFrame } from './policy/app-origin.ts';

export interface RelayDeps extends MainCallDeps {
  entryUrl: string;
  invokeCore(name: CoreCallName, request: unknown): Promise<CallResult<CoreCallName>>;
}

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}

function isMainCallName(name: CallName): name is MainCallName {
  return (MAIN_CALL_NAMES as readonly string[]).includes(name);
}

export async function relayCall(frame: SenderFrame | null | undefined, name: unknown, request: unknown, deps: RelayDeps): Promise<CallResult<CallName>> {
  if (!isTrustedSender(frame, deps.entryUrl)) {
    return { ok: false, error: { code: 'bad-request', message: 'Calls are accepted only from Lotwise’s own window.' } };
  }
  if (!isCallName(name)) return { ok: false, error: { code: 'not-found', message: 'Lotwise has no such call.' } };
  if (isMainCallName(name)) return serveMainCall(name, request, deps);
  const refusal = deps.picked.refusal(name, request);
  if (refusal !== null) return { ok: false, error: { code: 'bad-request', message: refusal } };
  return deps.invokeCore(name, request);
}
