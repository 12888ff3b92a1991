// The core process's message loop under plain Node, over a stand-in for Electron's
// parent port: open, answer calls by id (even those sent before the open), close, and
// ask main for an exchange key each time a sync needs one.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLedger } from '../../../electron/core/db/open-ledger.ts';
import { createAccount } from '../../../electron/core/ledger/accounts.ts';
import { keyRefForAccount } from '../../../electron/core/ledger/key-refs.ts';
import type { FromCore, ToCore } from '../../../electron/core/process-messages.ts';
import { serveCore, type CorePort } from '../../../electron/core/serve-core.ts';
import { createFakeKraken } from '../../fakes/kraken/fake-kraken.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

function fakeParentPort() {
  const listeners: ((message: { data: unknown }) => void)[] = [];
  const received: FromCore[] = [];
  const port: CorePort = {
    on(_event, listener) {
      listeners.push(listener);
    },
    postMessage(message) {
      received.push(message);
    },
  };
  return {
    port,
    received,
    send(data: ToCore | unknown) {
      for (const listener of listeners) listener({ data });
    },
  };
}

let dir: TempDir;

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  dir.remove();
});

describe('serveCore', () => {
  it('answers calls by id, including those sent before the ledger was opened', async () => {
    const { port, received, send } = fakeParentPort();
    const log = vi.fn();
    serveCore(port, { log });

    send({ type: 'call', id: 7, name: 'ledger.status', request: {} });
    send({ type: 'open', ledgerPath: join(dir.path, 'lotwise.db') });
    send({ type: 'call', id: 8, name: 'ledger.nope', request: {} });

    await vi.waitFor(() => expect(received).toHaveLength(2));
    const byId = new Map(received.map((message) => [message.type === 'result' ? message.id : -1, message]));
    expect(byId.get(7)).toEqual({ type: 'result', id: 7, result: { ok: true, value: { accounts: [], transactions: 0 } } });
    expect(byId.get(8)).toMatchObject({ type: 'result', id: 8, result: { ok: false, error: { code: 'not-found' } } });
    expect(log).not.toHaveBeenCalled();
  });

  it('fails every call with a readable reason when the ledger cannot be opened', async () => {
    const { port, received, send } = fakeParentPort();
    const log = vi.fn();
    serveCore(port, { log });

    // A path below a regular file can never be created.
    send({ type: 'open', ledgerPath: join(dir.file('a-file', ''), 'lotwise.db') });
    send({ type: 'call', id: 1, name: 'ledger.status', request: {} });

    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({
      type: 'result',
      id: 1,
      result: { ok: false, error: { code: 'failed', message: expect.stringMatching(/^Lotwise could not open your ledger: /) } },
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('could not open'));
  });

  it('closes the ledger after the calls in flight when asked to', async () => {
    const { port, received, send } = fakeParentPort();
    const onClosed = vi.fn();
    serveCore(port, { log: vi.fn(), onClosed });

    send({ type: 'open', ledgerPath: join(dir.path, 'lotwise.db') });
    send({ type: 'call', id: 1, name: 'ledger.status', request: {} });
    send({ type: 'close' });

    await vi.waitFor(() => expect(onClosed).toHaveBeenCalledOnce());
    expect(received).toEqual([{ type: 'result', id: 1, result: { ok: true, value: { accounts: [], transactions: 0 } } }]);
  });

  it('ignores messages that are not core messages', async () => {
    const { port, received, send } = fakeParentPort();
    const log = vi.fn();
    serveCore(port, { log });

    send('ledger.status');
    send(null);

    expect(log).toHaveBeenCalledTimes(2);
    expect(received).toEqual([]);
  });
});

describe('serveCore and exchange keys', () => {
  const FAST = { attempts: 6, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };
  const REF = 'account:5b0c1e0e-kraken';

  /**
   * A ledger with an exchange account whose key is filed under REF (as `lotwise account
   * add` files them), one added in the app that has no key yet, and a file account.
   */
  async function ledgerWithKraken(apiUrl: string): Promise<string> {
    const path = join(dir.path, 'lotwise.db');
    const db = await openLedger(path);
    createAccount(db, { name: 'Kraken', kind: 'exchange', exchange: 'kraken', credentialRef: REF, settings: { apiUrl } });
    createAccount(db, { name: 'Kraken Pro', kind: 'exchange', exchange: 'kraken', settings: { apiUrl } });
    createAccount(db, { name: 'Ledger Nano', kind: 'file' });
    db.close();
    return path;
  }

  function serve(ledgerPath: string) {
    const parent = fakeParentPort();
    const log = vi.fn();
    serveCore(parent.port, { log, exchangeOptions: { client: { rateLimit: false }, retry: FAST } });
    parent.send({ type: 'open', ledgerPath });
    return { ...parent, log };
  }

  const requests = (received: FromCore[]) => received.filter((m) => m.type === 'credentials-request');
  const resultOf = (received: FromCore[], id: number) => received.find((m) => m.type === 'result' && m.id === id);

  it('asks main for the key on every sync, by the reference the account files it under, and keeps none', async () => {
    const kraken = createFakeKraken({ history: { seed: 5, trades: 12 } });
    const base = await kraken.start();
    try {
      const { received, send, log } = serve(await ledgerWithKraken(base));

      for (const id of [1, 2]) {
        send({ type: 'call', id, name: 'sync.start', request: { account: 'Kraken' } });
        // The first sync loads ccxt before it asks, which takes a moment.
        await vi.waitFor(() => expect(requests(received)).toHaveLength(id), { timeout: 15_000 });
        const request = requests(received)[id - 1]!;
        expect(request).toEqual({ type: 'credentials-request', id: expect.any(Number), ref: REF, account: 'Kraken' });
        send({ type: 'credentials-response', id: request.type === 'credentials-request' ? request.id : -1, credentials: kraken.credentials });
        await vi.waitFor(() => expect(resultOf(received, id)).toBeDefined(), { timeout: 20_000 });
        expect(resultOf(received, id)).toMatchObject({ result: { ok: true, value: { account: 'Kraken', status: 'complete' } } });
      }
      // The second sync asked again: core did not keep the first answer.
      expect(requests(received)).toHaveLength(2);
      expect(log).not.toHaveBeenCalled();
    } finally {
      await kraken.stop();
    }
  }, 30_000);

  it('fails the sync with what to do when main has no key, without reaching the exchange', async () => {
    const { received, send } = serve(await ledgerWithKraken('http://127.0.0.1:9'));

    send({ type: 'call', id: 1, name: 'sync.start', request: { account: 'Kraken Pro' } });
    await vi.waitFor(() => expect(requests(received)).toHaveLength(1), { timeout: 15_000 });
    const [request] = requests(received);
    // The account added in the app is named, so main can ask the user for its key.
    expect(request).toMatchObject({ ref: keyRefForAccount('Kraken Pro'), account: 'Kraken Pro' });
    send({ type: 'credentials-response', id: request?.type === 'credentials-request' ? request.id : -1, credentials: null });

    await vi.waitFor(() => expect(resultOf(received, 1)).toBeDefined());
    expect(resultOf(received, 1)).toMatchObject({
      result: { ok: false, error: { code: 'failed', message: expect.stringContaining('Kraken Pro') } },
    });
  }, 30_000);

  it('ignores an answer to a request it did not make', async () => {
    const { received, send, log } = serve(await ledgerWithKraken('http://127.0.0.1:9'));

    send({ type: 'credentials-response', id: 41, credentials: { apiKey: 'k', secret: 's' } });
    send({ type: 'call', id: 1, name: 'ledger.status', request: {} });

    await vi.waitFor(() => expect(resultOf(received, 1)).toBeDefined());
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not waiting'));
  });

  it("tells main where an exchange account's key is filed, and nothing for any other account", async () => {
    const { received, send } = serve(await ledgerWithKraken('http://127.0.0.1:9'));

    send({ type: 'credential-ref-request', id: 1, account: 'Kraken' });
    send({ type: 'credential-ref-request', id: 2, account: 'Kraken Pro' });
    send({ type: 'credential-ref-request', id: 3, account: 'Ledger Nano' });
    send({ type: 'credential-ref-request', id: 4, account: 'Nobody' });

    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received).toEqual([
      { type: 'credential-ref-response', id: 1, ref: REF },
      // Added in the app, no key seen yet: the reference its name gives, the one core asks for.
      { type: 'credential-ref-response', id: 2, ref: keyRefForAccount('Kraken Pro') },
      { type: 'credential-ref-response', id: 3, ref: null },
      { type: 'credential-ref-response', id: 4, ref: null },
    ]);
  });
});
