// Exchange syncs in progress, kept outside any screen: a sync can run for minutes, and the
// user may look at other screens meanwhile. Coming back to Accounts shows the live
// progress again, and the outcome is announced wherever the user is. A sync that stopped
// because main could not hand over its key says so: the user is asked for the key (or the
// vault's passphrase) instead.
import { useSyncExternalStore } from 'react';
import type { Events, SyncOutcomeView } from '../../../../shared/api.ts';
import { call, messageOf, onEvent } from '../../api.ts';

export interface RunningSync {
  account: string;
  startedAt: number;
  progress: Events['sync.progress'] | null;
  cancelling: boolean;
}

type Listener = () => void;

let running: ReadonlyMap<string, RunningSync> = new Map();
const listeners = new Set<Listener>();
let stopListening: (() => void) | null = null;

function publish(next: Map<string, RunningSync>) {
  running = next;
  listeners.forEach((listener) => listener());
  // Listen to core's progress only while something is syncing.
  if (next.size > 0 && !stopListening) {
    stopListening = onEvent('sync.progress', (progress) => {
      const current = running.get(progress.account);
      if (current) publish(new Map(running).set(progress.account, { ...current, progress }));
    });
  } else if (next.size === 0 && stopListening) {
    stopListening();
    stopListening = null;
  }
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRunningSyncs(): ReadonlyMap<string, RunningSync> {
  return useSyncExternalStore(subscribe, () => running);
}

export function isSyncing(account: string): boolean {
  return running.has(account);
}

/** `keyNeeded`: main could not hand over the key and has asked for it (keys.reentryNeeded). */
export type SyncResult = { ok: true; outcome: SyncOutcomeView } | { ok: false; message: string; keyNeeded: boolean };

/** Starts a sync and resolves when core has finished (complete, cancelled or failed). */
export async function startSync(account: string): Promise<SyncResult> {
  if (running.has(account)) return { ok: false, message: `${account} is already syncing.`, keyNeeded: false };
  publish(new Map(running).set(account, { account, startedAt: Date.now(), progress: null, cancelling: false }));
  // Main says so before it answers core, so this is heard before the sync's answer.
  let keyNeeded = false;
  const stopListening = onEvent('keys.reentryNeeded', (event) => {
    if (event.account === account) keyNeeded = true;
  });
  try {
    return { ok: true, outcome: await call('sync.start', { account }) };
  } catch (error) {
    return { ok: false, message: messageOf(error), keyNeeded };
  } finally {
    stopListening();
    const next = new Map(running);
    next.delete(account);
    publish(next);
  }
}

export async function cancelSync(account: string): Promise<void> {
  const current = running.get(account);
  if (!current) return;
  publish(new Map(running).set(account, { ...current, cancelling: true }));
  try {
    await call('sync.cancel', { account });
  } catch (error) {
    const still = running.get(account);
    if (still) publish(new Map(running).set(account, { ...still, cancelling: false }));
    throw error;
  }
}
