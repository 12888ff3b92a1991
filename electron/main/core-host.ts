// Runs core in its own utility process and relays contract calls to it. Main stays
// responsive while core imports or syncs, and a crash in core fails the calls in flight
// instead of taking the window down; the next call starts a fresh core.
import { utilityProcess, type UtilityProcess } from 'electron';
import type { CallName, CallResult, EventName, Events } from '../../shared/api.ts';
import type { FromCore, ToCore } from '../core/process-messages.ts';

export interface CoreHostOptions {
  /** The built utility-process entry (out/main/utility-process.js). */
  modulePath: string;
  ledgerPath: string;
  demoDir: string;
  onEvent: <E extends EventName>(name: E, payload: Events[E]) => void;
}

export interface CoreHost {
  invoke(name: CallName, request: unknown): Promise<CallResult<CallName>>;
  /** Asks core to finish the calls in flight, close the ledger and exit. */
  stop(): void;
}

type Pending = (result: CallResult<CallName>) => void;

export function startCoreHost(options: CoreHostOptions): CoreHost {
  let child: UtilityProcess | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function send(message: ToCore): void {
    child?.postMessage(message);
  }

  function spawn(): UtilityProcess {
    const forked = utilityProcess.fork(options.modulePath, [], { serviceName: 'Lotwise core', stdio: 'inherit' });
    forked.on('message', (message: FromCore) => {
      if (message.type === 'result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        options.onEvent(message.name, message.payload);
      }
    });
    forked.on('exit', (code) => {
      if (child === forked) child = null;
      const stopped: CallResult<CallName> = {
        ok: false,
        error: { code: 'failed', message: `Lotwise's core process stopped (exit code ${code}). Try again; if it keeps happening, restart Lotwise.` },
      };
      for (const resolve of pending.values()) resolve(stopped);
      pending.clear();
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
        pending.set(id, resolve);
        send({ type: 'call', id, name, request });
      });
    },
    stop() {
      send({ type: 'close' });
    },
  };
}
