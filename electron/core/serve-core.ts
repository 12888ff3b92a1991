// Serves the contract over a message port: opens the ledger when main says where it is,
// answers each call with the dispatcher's result under the call's id, and forwards events.
// An exchange key is asked of main each time a call needs it and is never kept here.
// Kept apart from the utility-process entry so it runs, and is tested, under plain Node
// with any object that looks like Electron's parent port.
import type { CallName, CallResult } from '../../shared/api.ts';
import { openLedger, type Database } from './db/open-ledger.ts';
import { createDispatcher, type Dispatch } from './handlers/dispatch.ts';
import type { HandlerContext } from './handlers/context.ts';
import { findAccount, listAccounts, type Account } from './ledger/accounts.ts';
import { keyRefForAccount } from './ledger/key-refs.ts';
import type { FromCore, ToCore } from './process-messages.ts';
import type { Credentials } from './secrets/secret-vault.ts';

/** The part of Electron's `process.parentPort` core uses. */
export interface CorePort {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: FromCore): void;
}

export interface ServeCoreOptions {
  /** Where unexpected errors (with their stacks) are written; stderr by default. */
  log?: (message: string) => void;
  /** Called once the ledger is closed after a `close` message. */
  onClosed?: () => void;
  /** How exchange clients are made (tests turn rate limiting off). */
  exchangeOptions?: HandlerContext['exchangeOptions'];
}

type Opened = { ok: true; db: Database; dispatch: Dispatch } | { ok: false; message: string };

/** Where the account's key is filed: its recorded reference, else the one its name gives. */
function keyRefOf(account: Account): string {
  return account.credentialRef ?? keyRefForAccount(account.name);
}

function isMessage(data: unknown): data is ToCore {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

export function serveCore(port: CorePort, options: ServeCoreOptions = {}): void {
  const log = options.log ?? ((message: string) => console.error(message));
  // Calls that arrive before `open` wait for it: main sends `open` first, but nothing
  // here should depend on that ordering.
  let openRequested = false;
  let settleOpen: (state: Promise<Opened>) => void = () => {};
  const opened = new Promise<Opened>((resolve) => {
    settleOpen = resolve;
  });
  const inFlight = new Set<Promise<void>>();
  // Keys main hands over: one request per use, each answered once.
  let lastCredentialsRequest = 0;
  const waitingForCredentials = new Map<number, (credentials: Credentials | null) => void>();

  function askForCredentials(db: Database, ref: string): Promise<Credentials | null> {
    // The account's name lets main tell the user which key to enter again.
    const account = listAccounts(db).find((a) => a.kind === 'exchange' && keyRefOf(a) === ref)?.name ?? null;
    return new Promise((resolve) => {
      const id = ++lastCredentialsRequest;
      waitingForCredentials.set(id, resolve);
      port.postMessage({ type: 'credentials-request', id, ref, account });
    });
  }

  async function open(ledgerPath: string, demoDir: string | undefined): Promise<Opened> {
    try {
      const db = await openLedger(ledgerPath);
      const dispatch = createDispatcher(
        {
          db,
          demoDir,
          emit: (name, payload) => port.postMessage({ type: 'event', name, payload }),
          credentials: (ref) => askForCredentials(db, ref),
          exchangeOptions: options.exchangeOptions,
        },
        { onUnexpectedError: (name, error) => log(`Lotwise core: ${name} failed: ${describeError(error)}`) },
      );
      return { ok: true, db, dispatch };
    } catch (error) {
      log(`Lotwise core: could not open ${ledgerPath}: ${describeError(error)}`);
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `Lotwise could not open your ledger: ${reason}` };
    }
  }

  async function answer(id: number, name: string, request: unknown): Promise<void> {
    const state = await opened;
    const result: CallResult<CallName> = state.ok
      ? await state.dispatch(name, request)
      : { ok: false, error: { code: 'failed', message: state.message } };
    port.postMessage({ type: 'result', id, result });
  }

  /** Where the named exchange account's key is filed; null for any other account. */
  async function answerCredentialRef(id: number, account: string): Promise<void> {
    const state = await opened;
    const found = state.ok ? findAccount(state.db, account) : null;
    port.postMessage({ type: 'credential-ref-response', id, ref: found?.kind === 'exchange' ? keyRefOf(found) : null });
  }

  function track(work: Promise<void>, what: string): void {
    const tracked = work
      .catch((error: unknown) => log(`Lotwise core: could not answer ${what}: ${describeError(error)}`))
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  /** Lets calls already running finish (an import is one transaction) before closing. */
  async function close(): Promise<void> {
    if (openRequested) {
      await Promise.allSettled(inFlight);
      const state = await opened;
      if (state.ok) state.db.close();
    }
    options.onClosed?.();
  }

  port.on('message', ({ data }) => {
    if (!isMessage(data)) {
      log('Lotwise core: ignored a message that is not a core message.');
      return;
    }
    switch (data.type) {
      case 'open':
        if (openRequested) {
          log('Lotwise core: the ledger is already open; ignored a second open.');
          return;
        }
        openRequested = true;
        settleOpen(open(data.ledgerPath, data.demoDir));
        return;
      case 'call':
        track(answer(data.id, data.name, data.request), `call ${data.id}`);
        return;
      case 'credentials-response': {
        const resolve = waitingForCredentials.get(data.id);
        waitingForCredentials.delete(data.id);
        if (resolve) resolve(data.credentials);
        else log(`Lotwise core: ignored credentials for request ${data.id}, which is not waiting.`);
        return;
      }
      case 'credential-ref-request':
        track(answerCredentialRef(data.id, data.account), `credential-ref-request ${data.id}`);
        return;
      case 'close':
        void close();
        return;
    }
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
