// The core process's message loop under plain Node, over a stand-in for Electron's
// parent port: open, answer calls by id (even those sent before the open), and close.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromCore, ToCore } from '../../../electron/core/process-messages.ts';
import { serveCore, type CorePort } from '../../../electron/core/serve-core.ts';
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
