// Runs core in its own utility process and relays contract calls to it. Main stays
// responsive while core imports or syncs, and a crash in core fails the calls in flight
// instead of taking the window down; the next call starts a fresh core. Core asks main
// for an exchange key whenever a call needs one; main hands it over only while a call
// that uses that account's key is under way.
import { utilityProcess, type UtilityProcess } from 'electron';
import type { CallResult, CoreCallName, EventName, Events } from '../../shared/api.ts';
import type { FromCore, ToCore } from '../core/process-messages.ts';
import type { Credentials } from '../core/secrets/secret-vault.ts';
import { mayHandOverKey, type CallInFlight } from './policy/key-handoff.ts';

export interface CoreHostOptions {
  /** The built utility-process entry (out/main/utility-process.js). */
  modulePath: string;
  ledgerPath: string;
  demoDir: string;
  onEvent: <E extends EventName>(name: E, payload: Events[E]) => void;
  /** The key core asked for, decrypted for this one use; null when main has none to give. */
  credentials: (ref: string, account: string | null) => Promise<Credentials | null>;
}

export interface CoreHost {
  invoke(name: CoreCallName, request: unknown): Promise<CallResult<CoreCallName>>;
  /** Where core files the named exchange account's key; null when there is no such account. */
  credentialRef(account: string): Promise<string | null>;
  /** Asks core to finish the calls in flight, close the ledger and exit. */
  stop(): void;
}

export function startCoreHost(options: CoreHostOptions): CoreHost {
  let child: UtilityProcess | null = null;
  let nextId = 1;
  const pendingCalls = new Map<number, CallInFlight & { resolve: (result: CallResult<CoreCallName>) => void }>();
  const pendingRefs = new Map<number, (ref: string | null) => void>();

  function send(message: ToCore): void {
    child?.postMessage(message);
  }

  function answerCredentials(to: UtilityProcess, id: number, ref: string, account: string | null): void {
    const asked = mayHandOverKey(pendingCalls.values(), account) ? options.credentials(ref, account) : Promise.resolve(null);
    asked
      .catch(() => null)
      .then((credentials) => {
        // A core that exited meanwhile needs no answer (and cannot take one).
        if (child === to) to.postMessage({ type: 'credentials-response', id, credentials } satisfies ToCore);
      });
  }

  function spawn(): UtilityProcess {
    const forked = utilityProcess.fork(options.modulePath, [], { serviceName: 'Lotwise core', stdio: 'inherit' });
    forked.on('message', (message: FromCore) => {
      switch (message.type) {
        case 'result':
          pendingCalls.get(message.id)?.resolve(message.result as CallResult<CoreCallName>);
          pendingCalls.delete(message.id);
          return;
        case 'event':
          options.onEvent(message.name, message.payload);
          return;
        case 'credentials-request':
          answerCredentials(forked, message.id, message.ref, message.account);
          return;
        case 'credential-ref-response':
          pendingRefs.get(message.id)?.(message.ref);
          pendingRefs.delete(message.id);
          return;
      }
    });
    forked.on('exit', (code) => {
      if (child === forked) child = null;
      const stopped: CallResult<CoreCallName> = {
        ok: false,
        error: { code: 'failed', message: `Lotwise's core process stopped (exit code ${code}). Try again; if it keeps happening, restart Lotwise.` },
      };
      for (const call of pendingCalls.values()) call.resolve(stopped);
      pendingCalls.clear();
      for (const resolve of pendingRefs.values()) resolve(null);
      pendingRefs.clear();
    });
    child = forked;
    send({ type: 'open', ledgerPath: options.ledgerPath, demoDir: options.demoDir });
    return forked;
  }

  spawn();

  return {
    invoke(name, request) {
      if (!child) spawn();
      const id = nextId++;
      return new Promise((resolve) => {
        pendingCalls.set(id, { name, request, resolve });
        send({ type: 'call', id, name, request });
      });
    },
    credentialRef(account) {
      if (!child) spawn();
      const id = nextId++;
      return new Promise((resolve) => {
        pendingRefs.set(id, resolve);
        send({ type: 'credential-ref-request', id, account });
      });
    },
    stop() {
      send({ type: 'close' });
    },
  };
}
