// The calls main serves itself because they need Electron: the open and folder dialogs, and
// saving or forgetting an exchange key and unlocking the passphrase vault. Each request is checked against its schema first.
// A key travels renderer → main only: no answer here ever contains one. Electron itself is
// passed in (the dialogs), so this runs, and is tested, under plain Node.
import type { CallError, CallRequest, CallResponse, CallResult, MainCallName } from '../../shared/api.ts';
import { MAIN_CALL_SCHEMAS } from './policy/main-call-requests.ts';
import type { PickedPaths } from './policy/picked-paths.ts';
import { KeyStoreError, type KeyStore } from './vault/key-store.ts';

export interface MainCallDeps {
  keys: KeyStore;
  /** Core's reference for the account's key; null when there is no such exchange account. */
  credentialRef(account: string): Promise<string | null>;
  picked: PickedPaths;
  /** Native dialogs; null when the user cancels. */
  openCsv(): Promise<string | null>;
  chooseFolder(): Promise<string | null>;
  /** Where an unexpected error is described in full (main's log, never the window). */
  log(message: string): void;
}

type MainHandlers = { [K in MainCallName]: (request: CallRequest<K>, deps: MainCallDeps) => Promise<CallResponse<K>> };

class CallFailure extends Error {
  readonly code: CallError['code'];

  constructor(code: CallError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

async function refFor(account: string, deps: MainCallDeps): Promise<string> {
  const ref = await deps.credentialRef(account);
  if (ref === null) throw new CallFailure('not-found', `There is no exchange account "${account}". Add the account first, then its key.`);
  return ref;
}

const handlers: MainHandlers = {
  async 'dialog.openCsv'(_request, deps) {
    const path = await deps.openCsv();
    if (path !== null) deps.picked.remember('file', path);
    return { path };
  },
  async 'dialog.chooseFolder'(_request, deps) {
    const path = await deps.chooseFolder();
    if (path !== null) deps.picked.remember('folder', path);
    return { path };
  },
  async 'keys.save'({ account, apiKey, secret, password, storage, passphrase }, deps) {
    const ref = await refFor(account, deps);
    const credentials = password === undefined ? { apiKey, secret } : { apiKey, secret, password };
    return deps.keys.save(ref, { credentials, storage, passphrase });
  },
  async 'keys.unlock'({ passphrase }, deps) {
    return deps.keys.unlock(passphrase);
  },
  async 'keys.forget'({ account }, deps) {
    return deps.keys.forget(await refFor(account, deps));
  },
};

async function serve<K extends MainCallName>(name: K, request: unknown, deps: MainCallDeps): Promise<CallResult<K>> {
  const schema: (typeof MAIN_CALL_SCHEMAS)[K] = MAIN_CALL_SCHEMAS[name];
  const checked = schema(request, 'request');
  if (!checked.ok) return { ok: false, error: { code: 'bad-request', message: `${name}: ${checked.message}` } };
  const handler: MainHandlers[K] = handlers[name];
  return { ok: true, value: await handler(checked.value, deps) };
}

/** Serves one main call; a failure becomes a typed error carrying only its message. */
export async function serveMainCall(name: MainCallName, request: unknown, deps: MainCallDeps): Promise<CallResult<MainCallName>> {
  try {
    return await serve(name, request, deps);
  } catch (error) {
    if (error instanceof CallFailure || error instanceof KeyStoreError) return { ok: false, error: { code: error.code, message: error.message } };
    deps.log(`Lotwise: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { ok: false, error: { code: 'failed', message: `${name} failed. Try again; if it keeps failing, restart Lotwise.` } };
  }
}
