// window.lotwise in a page, bound to core the way the preload exposes it: invoke for the
// contract's call names, on for its event names. Shared by the end-to-end harness
// (app-harness.ts) and the UI benchmark (tests/bench/ui.bench.ts); kept free of test
// fixtures so the benchmark can load it outside the test runner.
import type { Page } from '@playwright/test';
import { CALL_NAMES, EVENT_NAMES, type CallName, type CallResult, type EventName, type LotwiseBridge } from '../../../shared/api.ts';
import type { Dispatch } from '../../../electron/core/handlers/dispatch.ts';

export interface BridgeNames {
  callNames: CallName[];
  eventNames: EventName[];
}

export type PageGlobals = {
  lotwise: LotwiseBridge;
  __lotwiseInvoke(name: string, request: unknown): Promise<CallResult<CallName>>;
  __lotwiseDeliver(name: string, payload: unknown): void;
};

/**
 * Runs in the page before any of its scripts, so it must be self-contained (Playwright
 * sends its source text): it defines window.lotwise with the preload's allow-lists on top
 * of the exposed binding, and a hidden hook that delivers core events to `on` listeners.
 */
export function installBridge({ callNames, eventNames }: BridgeNames): void {
  const page = globalThis as unknown as PageGlobals;
  const invokeCore = page.__lotwiseInvoke;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const bridge = {
    invoke(name: string, request: unknown) {
      if (!callNames.includes(name as CallName)) {
        return Promise.resolve({ ok: false, error: { code: 'not-found', message: `Lotwise has no call named "${String(name)}".` } });
      }
      return invokeCore(name, request);
    },
    on(name: string, listener: (payload: unknown) => void) {
      if (!eventNames.includes(name as EventName)) throw new Error(`Lotwise has no event named "${String(name)}".`);
      const forName = listeners.get(name) ?? new Set();
      listeners.set(name, forName);
      forName.add(listener);
      return () => {
        forName.delete(listener);
      };
    },
  };
  Object.defineProperty(page, '__lotwiseDeliver', {
    value: (name: string, payload: unknown) => listeners.get(name)?.forEach((listener) => listener(payload)),
  });
  // contextBridge objects are frozen and the property cannot be replaced; mirror that.
  Object.defineProperty(page, 'lotwise', { value: Object.freeze(bridge), enumerable: true });
}

/** Binds the page's window.lotwise to `dispatch`; call before the first navigation. */
export async function bindLotwise(page: Page, dispatch: Dispatch): Promise<void> {
  await page.exposeBinding('__lotwiseInvoke', (_source, name: unknown, request: unknown) => dispatch(name, request));
  await page.addInitScript(installBridge, { callNames: [...CALL_NAMES], eventNames: [...EVENT_NAMES] });
}

/** The `emit` for core's context: events delivered to the page's `on` listeners. */
export function emitTo(page: () => Page | null) {
  return (name: EventName, payload: unknown) => {
    page()
      ?.evaluate(([eventName, eventPayload]) => (globalThis as unknown as PageGlobals).__lotwiseDeliver(eventName, eventPayload), [name, payload] as const)
      .catch(() => {});
  };
}
