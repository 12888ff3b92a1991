// The end-to-end harness: the built renderer, served on 127.0.0.1, in real Chromium, with
// window.lotwise bound to the real core dispatcher over a real ledger in a fresh temp dir.
// The page gets the same contract the preload exposes (invoke for call names, on for event
// names), so a test exercises renderer, contract, validation, handlers and SQLite together;
// only Electron's IPC hop is left out. Every call goes through main's own relay, with
// main's key store and path checks (main-stand-in.ts); the dialogs answer what the test
// says the user picked: `lotwise.dialogs.nextCsv = path`. A test can hold the page's calls
// of one name, or have them fail, to see the screens' loading and error states.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CALL_NAMES,
  EVENT_NAMES,
  type CallName,
  type CallRequest,
  type CallResponse,
  type CallResult,
  type CoreCallName,
  type EventName,
  type Events,
} from '../../../shared/api.ts';
import { openLedger, type Database } from '../../../electron/core/db/open-ledger.ts';
import type { ClientOptions } from '../../../electron/core/exchanges/exchange-client.ts';
import type { HandlerContext } from '../../../electron/core/handlers/context.ts';
import { createDispatcher } from '../../../electron/core/handlers/dispatch.ts';
import { updateAccountSettings } from '../../../electron/core/ledger/accounts.ts';
import { createMainStandIn, type DialogAnswers, type MainStandIn } from './main-stand-in.ts';
import { serveStatic } from './static-server.ts';
import { installBridge, type PageGlobals } from './page-bridge.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const rendererDir = join(repoRoot, 'out', 'renderer');

/** Retries fast: the fake exchanges answer on loopback, and a test should not sit in backoff. */
const FAST_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };

/** axe rules checked on every screen: WCAG 2.0/2.1 levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

export interface LotwiseApp {
  page: Page;
  /** The ledger behind the page's calls, for assertions through the core modules. */
  db: Database;
  /** A temp dir of this test's own (exports, edited copies of fixtures); removed afterwards. */
  dir: string;
  /** What main's open and folder dialogs answer next. */
  dialogs: DialogAnswers;
  /** Main: whether it holds a key, which keyring it finds, where its key files are. */
  main: MainStandIn;
  /** Every call the page made, in order, by name (requests are not kept: they may hold keys). */
  calls: CallName[];
  /** Every event core emitted to the page. */
  events: { name: EventName; payload: Events[EventName] }[];
  /** Loads the app's first screen. */
  open(): Promise<void>;
  /** Calls core directly (not through the page), e.g. to compare the screen with reports.summary. */
  core<K extends CoreCallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>>;
  /**
   * Holds the page's calls of this name (a slow core) until release(), which lets them and
   * every later one through to core; held() resolves once one is waiting.
   */
  holdCalls(name: CallName): CallHold;
  /** The page's next `times` calls of this name fail with `message` without reaching core (a core that failed). */
  failCalls(name: CallName, message: string, times?: number): void;
  /** Points every exchange account added from the page at this base URL (a fake exchange on 127.0.0.1). */
  useExchangeApi(baseUrl: string): void;
  /**
   * Saves a full-page screenshot as test-results/screenshots/<name>.png (and attaches it to
   * the test's report); `dark` takes it in the dark colour scheme, then switches back.
   */
  screenshot(name: string, options?: { dark?: boolean }): Promise<void>;
  /**
   * Runs axe-core (WCAG 2 A and AA) on the page as it is, in the light and the dark colour
   * scheme, saves the results as test-results/accessibility/<screen>.json, and fails the test
   * (softly: it goes on) on any serious or critical violation.
   */
  checkAccessibility(screen: string): Promise<void>;
  /** Uncaught page errors and console errors seen so far; a healthy run has none. */
  problems: string[];
}

export interface CallHold {
  held(): Promise<void>;
  release(): void;
}

/** Artifacts kept whether the test passes or not: <outputDir>/screenshots, <outputDir>/accessibility. */
const artifactDir = (testInfo: TestInfo, kind: 'screenshots' | 'accessibility') => join(testInfo.project.outputDir, kind);

async function runAxe(page: Page, screen: string, testInfo: TestInfo): Promise<string[]> {
  const found: string[] = [];
  const results: Record<string, unknown> = {};
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const outcome = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    results[scheme] = {
      url: outcome.url,
      passes: outcome.passes.length,
      // What axe could not decide (contrast over images or gradients, say): for a person to look at.
      incomplete: outcome.incomplete.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
      violations: outcome.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
    };
    for (const violation of outcome.violations) {
      if (!BLOCKING_IMPACTS.has(violation.impact ?? '')) continue;
      const where = violation.nodes.map((node) => node.target.join(' ')).join('; ');
      found.push(`${screen} (${scheme}): ${violation.impact} ${violation.id}: ${violation.help} at ${where}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  const dir = artifactDir(testInfo, 'accessibility');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${screen}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  await testInfo.attach(`axe-${screen}`, { path: file, contentType: 'application/json' });
  return found;
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

  lotwise: async ({ page, rendererUrl }, use, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'lotwise-e2e-'));
    const db = await openLedger(join(dir, 'lotwise.db'));
    const problems: string[] = [];
    const calls: CallName[] = [];
    const events: LotwiseApp['events'] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });

    const exchangeClient: ClientOptions = { rateLimit: false };
    // Events on their way to the page. Electron delivers an event sent before a call's
    // answer before that answer (one ordered IPC channel); an answer here waits for them.
    const delivering = new Set<Promise<void>>();
    const emit: HandlerContext['emit'] = (name, payload) => {
      events.push({ name, payload });
      const delivery = page
        .evaluate(([eventName, eventPayload]) => (globalThis as unknown as PageGlobals).__lotwiseDeliver(eventName, eventPayload), [
          name,
          payload,
        ] as const)
        .catch(() => {})
        .finally(() => delivering.delete(delivery));
      delivering.add(delivery);
    };
    // Main and core need each other: main relays to core, core asks main for keys.
    let main: MainStandIn | null = null;
    const context: HandlerContext = {
      db,
      emit,
      credentials: (ref) => main!.credentials(ref),
      exchangeOptions: { client: exchangeClient, retry: FAST_RETRY },
    };
    const dispatch = createDispatcher(context);
    const invokeCore = async (name: CoreCallName, request: unknown): Promise<CallResult<CoreCallName>> => {
      const result = (await dispatch(name, request)) as CallResult<CoreCallName>;
      // Core points an account's exchange client only at the account's own apiUrl setting
      // (`lotwise account add --api-url`); the app has no such field, so an account added
      // in the page is given the fake's URL here, the way the CLI gives it.
      if (name === 'accounts.addExchange' && result.ok && exchangeClient.apiUrl) {
        const { id } = result.value as CallResponse<'accounts.addExchange'>;
        const apiUrl = exchangeClient.apiUrl;
        updateAccountSettings(db, id, (settings) => ({ ...settings, apiUrl }));
      }
      return result;
    };
    main = createMainStandIn({ db, dir, entryUrl: rendererUrl, invokeCore, emit, log: (message) => problems.push(`main: ${message}`) });
    const standIn = main;
    const holds = new Map<string, { waiting: (() => void)[]; watchers: (() => void)[] }>();
    const failures = new Map<string, { message: string; left: number }>();
    await page.exposeBinding('__lotwiseInvoke', async (source, name: unknown, request: unknown) => {
      if (typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name)) calls.push(name as CallName);
      const hold = typeof name === 'string' ? holds.get(name) : undefined;
      if (hold) {
        await new Promise<void>((resolve) => {
          hold.waiting.push(resolve);
          hold.watchers.splice(0).forEach((notify) => notify());
        });
      }
      const failure = typeof name === 'string' ? failures.get(name) : undefined;
      if (failure && failure.left > 0) {
        failure.left -= 1;
        return { ok: false, error: { code: 'failed', message: failure.message } } satisfies CallResult<CallName>;
      }
      const result = await standIn.relay({ url: source.frame.url(), parent: source.frame.parentFrame() }, name, request);
      await Promise.all([...delivering]);
      return result;
    });
    await page.addInitScript(installBridge, { callNames: [...CALL_NAMES], eventNames: [...EVENT_NAMES] });

    await use({
      page,
      db,
      dir,
      dialogs: standIn.dialogs,
      main: standIn,
      calls,
      events,
      problems,
      async open() {
        await page.goto(rendererUrl);
      },
      async core(name, request) {
        const result = await dispatch(name, request);
        if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
        return result.value as CallResponse<typeof name>;
      },
      holdCalls(name) {
        const hold = { waiting: [] as (() => void)[], watchers: [] as (() => void)[] };
        holds.set(name, hold);
        return {
          held: () => (hold.waiting.length > 0 ? Promise.resolve() : new Promise((resolve) => hold.watchers.push(resolve))),
          release() {
            holds.delete(name);
            hold.waiting.splice(0).forEach((release) => release());
          },
        };
      },
      failCalls(name, message, times = 1) {
        failures.set(name, { message, left: times });
      },
      useExchangeApi(baseUrl) {
        exchangeClient.apiUrl = baseUrl;
      },
      async screenshot(name, options = {}) {
        const dir = artifactDir(testInfo, 'screenshots');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `${name}.png`);
        if (options.dark) await page.emulateMedia({ colorScheme: 'dark' });
        try {
          await page.screenshot({ path, fullPage: true, animations: 'disabled' });
        } finally {
          if (options.dark) await page.emulateMedia({ colorScheme: 'light' });
        }
        await testInfo.attach(name, { path, contentType: 'image/png' });
      },
      async checkAccessibility(screen) {
        // Soft: one screen's violations must not hide the next screen's, or the journey's own checks.
        expect.soft(await runAxe(page, screen, testInfo), `serious or critical axe violations on ${screen}`).toEqual([]);
      },
    });

    standIn.close();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };
