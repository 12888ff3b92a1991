// The end-to-end harness: the built renderer, served on 127.0.0.1, in real Chromium, with
// window.lotwise bound to the real core dispatcher over a real ledger in a fresh temp dir.
// The page gets the same contract the preload exposes (invoke for call names, on for event
// names), so a test exercises renderer, contract, validation, handlers and SQLite together;
// only Electron's IPC hop is left out.
import { test as base, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CALL_NAMES, EVENT_NAMES, type CallName, type CallResult, type EventName, type LotwiseBridge } from '../../../shared/api.ts';
import { openLedger, type Database } from '../../../electron/core/db/open-ledger.ts';
import { createDispatcher } from '../../../electron/core/handlers/dispatch.ts';
import { isTrustedUrl } from '../../../electron/main/policy/app-origin.ts';
import { serveStatic } from './static-server.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const rendererDir = join(repoRoot, 'out', 'renderer');
const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export interface LotwiseApp {
  page: Page;
  /** The ledger behind the page's calls, for assertions through the core modules. */
  db: Database;
  /** Loads the app's first screen. */
  open(): Promise<void>;
  /** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
  screenshot(name: string): Promise<void>;
  /** Uncaught page errors and console errors seen so far; a healthy run has none. */
  problems: string[];
}

interface BridgeNames {
  callNames: CallName[];
  eventNames: EventName[];
}

type PageGlobals = {
  lotwise: LotwiseBridge;
  __lotwiseInvoke(name: string, request: unknown): Promise<CallResult<CallName>>;
  __lotwiseDeliver(name: string, payload: unknown): void;
};

/**
 * Runs in the page before any of its scripts, so it must be self-contained: it defines
 * window.lotwise with the preload's allow-lists on top of the exposed binding, and a
 * hidden hook the harness uses to deliver core events to `on` listeners.
 */
function installBridge({ callNames, eventNames }: BridgeNames): void {
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

export const test = base.extend<{ lotwise: LotwiseApp }, { rendererUrl: string }>({
  rendererUrl: [
    // Playwright reads a fixture's dependencies from its first parameter's destructuring;
    // this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!existsSync(join(rendererDir, 'index.html'))) {
        throw new Error('out/renderer/index.html is missing: run `npm run build` before the end-to-end tests.');
      }
      const server = await serveStatic(rendererDir);
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],

  lotwise: async ({ page, rendererUrl }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'lotwise-e2e-'));
    const db = await openLedger(join(dir, 'lotwise.db'));
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });

    const dispatch = createDispatcher({
      db,
      emit(name, payload) {
        page
          .evaluate(([eventName, eventPayload]) => (globalThis as unknown as PageGlobals).__lotwiseDeliver(eventName, eventPayload), [
            name,
            payload,
          ] as const)
          .catch(() => {});
      },
    });
    // Like main's relay, only the app's own page may call core.
    await page.exposeBinding('__lotwiseInvoke', async (source, name: unknown, request: unknown) => {
      if (!isTrustedUrl(source.frame.url(), rendererUrl)) {
        return { ok: false, error: { code: 'bad-request', message: 'Calls are accepted only from Lotwise’s own window.' } };
      }
      return dispatch(name, request);
    });
    await page.addInitScript(installBridge, { callNames: [...CALL_NAMES], eventNames: [...EVENT_NAMES] });

    await use({
      page,
      db,
      problems,
      async open() {
        await page.goto(rendererUrl);
      },
      async screenshot(name) {
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
      },
    });

    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
