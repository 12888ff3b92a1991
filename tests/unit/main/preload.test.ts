// The preload, with Electron's contextBridge and ipcRenderer stood in for: the page gets
// window.lotwise with `invoke` and `on` and nothing else, for contract names only, and a
// listener receives the payload alone (never the IPC event and its `sender`).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, type LotwiseBridge } from '../../../shared/api.ts';

const exposed = new Map<string, unknown>();
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true, value: null })),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
};
// A File from disk has a path; one made in page memory has '' (as Electron's webUtils says).
const diskPaths = new WeakMap<object, string>();
const webUtils = { getPathForFile: (file: object) => diskPaths.get(file) ?? '' };
// The preload listens for drops on the page's window; this stands in for it.
const windowListeners = new Map<string, (event: unknown) => void>();
vi.stubGlobal('window', { addEventListener: (type: string, listener: (event: unknown) => void) => windowListeners.set(type, listener) });

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
  webUtils,
}));

let bridge: LotwiseBridge;

beforeAll(async () => {
  await import('../../../electron/preload/index.ts');
  bridge = exposed.get('lotwise') as LotwiseBridge;
});

describe('the preload bridge', () => {
  it('exposes window.lotwise with invoke and on, and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['lotwise']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });

  it('sends contract calls on the one invoke channel', async () => {
    for (const name of CALL_NAMES) await bridge.invoke(name, {} as never);
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(CALL_NAMES.length);
    expect(new Set(ipcRenderer.invoke.mock.calls.map((args: unknown[]) => args[0]))).toEqual(new Set(['lotwise:invoke']));
  });

  it('refuses other names without touching IPC', async () => {
    ipcRenderer.invoke.mockClear();
    for (const name of ['ledger.nope', '__proto__', 'lotwise:invoke', '']) {
      expect(await bridge.invoke(name as never, {} as never)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
    expect(() => bridge.on('ipc:anything' as never, () => {})).toThrow(/no event named/);
    expect(ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('hands a listener the payload only, and unsubscribes it', () => {
    for (const name of EVENT_NAMES) {
      const listener = vi.fn();
      const off = bridge.on(name, listener);
      const [channel, forward] = ipcRenderer.on.mock.calls.at(-1) as [string, (event: unknown, payload: unknown) => void];
      expect(channel).toBe(`lotwise:event:${name}`);
      forward({ sender: { send: () => {} }, senderFrame: {} }, { account: 'Kraken' });
      expect(listener).toHaveBeenCalledWith({ account: 'Kraken' });
      expect(listener.mock.calls[0]).toHaveLength(1);
      off();
      expect(ipcRenderer.removeListener).toHaveBeenLastCalledWith(channel, forward);
    }
  });

  it('sends main the path of a file dropped from disk, and nothing for forged or in-memory drops', () => {
    const drop = windowListeners.get('drop')!;
    expect(drop).toBeTypeOf('function');
    const fromDisk = {};
    diskPaths.set(fromDisk, '/home/user/Downloads/coinbase.csv');
    const inMemory = {};

    drop({ isTrusted: true, dataTransfer: { files: [fromDisk, inMemory] } });
    expect(ipcRenderer.send.mock.calls).toEqual([['lotwise:dropped-file', '/home/user/Downloads/coinbase.csv']]);

    ipcRenderer.send.mockClear();
    drop({ isTrusted: false, dataTransfer: { files: [fromDisk] } });
    drop({ isTrusted: true, dataTransfer: null });
    expect(ipcRenderer.send).not.toHaveBeenCalled();
  });
});
