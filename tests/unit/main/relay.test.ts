// Main's IPC entry point without Electron: who may call, which names exist, main's own calls
// (dialogs, keys) checked against their schemas, core's calls relayed only with paths the
// user picked, and no answer ever carrying a key.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CORE_CALL_NAMES, MAIN_CALL_NAMES, type CallResult, type CoreCallName } from '../../../shared/api.ts';
import { APP_ENTRY_URL } from '../../../electron/main/policy/app-origin.ts';
import { createPickedPaths } from '../../../electron/main/policy/picked-paths.ts';
import { relayCall, type RelayDeps } from '../../../electron/main/relay.ts';
import { createKeyStore, type KeyStore } from '../../../electron/main/vault/key-store.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const REF = 'account:2f7e-binance';
const KEY = { apiKey: 'binance-key-9a8b7c6d5e', secret: 'binance-secret-1q2w3e4r5t6y' };
const OURS = { url: 'app://lotwise/index.html', parent: null };

/** A keyring that round-trips by reversing, enough to see a key come back. */
const safeStorage = {
  getSelectedStorageBackend: () => 'gnome_libsecret',
  isAsyncEncryptionAvailable: async () => true,
  encryptStringAsync: async (plain: string) => Buffer.from([...plain].reverse().join(''), 'utf16le'),
  decryptStringAsync: async (encrypted: Buffer) => ({ result: [...encrypted.toString('utf16le')].reverse().join(''), shouldReEncrypt: false }),
};

let dir: TempDir;
let keys: KeyStore;
let deps: RelayDeps & { invokeCore: ReturnType<typeof vi.fn> };
const answers: unknown[] = [];

async function call(name: unknown, request: unknown, frame: { url: string; parent: unknown } | null = OURS) {
  const result = await relayCall(frame, name, request, deps);
  answers.push(result);
  return result;
}

beforeEach(() => {
  dir = tempDir();
  keys = createKeyStore({
    platform: 'linux',
    safeStorage,
    keyFilePath: join(dir.path, 'lotwise-keys.json'),
    passphraseVaultPath: join(dir.path, 'lotwise-vault.json'),
  });
  deps = {
    entryUrl: APP_ENTRY_URL,
    invokeCore: vi.fn(async (): Promise<CallResult<CoreCallName>> => ({ ok: true, value: { accounts: [], transactions: 0 } })),
    credentialRef: async (account) => (account === 'Binance' ? REF : null),
    keys,
    picked: createPickedPaths(),
    openCsv: async () => '/home/ada/Downloads/binance.csv',
    chooseFolder: async () => '/home/ada/Taxes/2025',
    log: vi.fn(),
  };
});

afterEach(() => {
  keys.close();
  dir.remove();
});

describe('who may call', () => {
  it.each([
    ['a frame that is gone', null],
    ['a subframe of our page', { url: 'app://lotwise/index.html', parent: OURS }],
    ['another origin', { url: 'https://exchange.com.evil.com/', parent: null }],
    ['a page with credentials in its URL', { url: 'https://user@evil.com/', parent: null }],
    ['a file:// page', { url: 'file:///home/ada/index.html', parent: null }],
    ['a data: page', { url: 'data:text/html,<script>1</script>', parent: null }],
    ['a javascript: URL', { url: 'javascript:alert(1)', parent: null }],
  ])('refuses %s before looking at the call', async (_what, frame) => {
    for (const name of ['ledger.status', 'keys.save', 'dialog.openCsv']) {
      const result = await call(name, {}, frame);
      expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(deps.invokeCore).not.toHaveBeenCalled();
  });

  it.each([undefined, null, 42, '', 'ledger.nope', '__proto__', 'constructor', 'toString', 'keys.save '])('answers not-found for the name %j', async (name) => {
    expect(await call(name, {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(deps.invokeCore).not.toHaveBeenCalled();
  });

  it("relays every core call to core and serves none of main's there", async () => {
    for (const name of CORE_CALL_NAMES.filter((n) => n !== 'imports.preview' && n !== 'imports.file' && n !== 'exports.write')) {
      await call(name, {});
      expect(deps.invokeCore).toHaveBeenLastCalledWith(name, {});
    }
    for (const name of MAIN_CALL_NAMES) await call(name, {});
    expect(deps.invokeCore.mock.calls.map(([name]) => name)).not.toEqual(expect.arrayContaining([...MAIN_CALL_NAMES]));
  });
});

describe('paths the user picked', () => {
  it('lets core read only a file picked in the open dialog and write only into a picked folder', async () => {
    const preview = { path: '/home/ada/Downloads/binance.csv' };
    expect(await call('imports.preview', preview)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/Choose the file again/) } });
    expect(await call('imports.preview', { path: '/home/ada/.ssh/id_ed25519' })).toMatchObject({ ok: false });
    expect(await call('exports.write', { year: 2025, formats: ['form8949'], folder: '/home/ada/Taxes/2025' })).toMatchObject({ ok: false });
    expect(deps.invokeCore).not.toHaveBeenCalled();

    expect(await call('dialog.openCsv', {})).toEqual({ ok: true, value: { path: '/home/ada/Downloads/binance.csv' } });
    expect(await call('dialog.chooseFolder', {})).toEqual({ ok: true, value: { path: '/home/ada/Taxes/2025' } });
    await call('imports.preview', preview);
    await call('imports.file', { ...preview, account: 'Binance' });
    await call('exports.write', { year: 2025, formats: ['form8949'], folder: '/home/ada/Taxes/2025' });
    expect(deps.invokeCore).toHaveBeenCalledTimes(3);

    // A picked file is not a folder, and the other way round; a sibling is not picked.
    expect(await call('exports.write', { year: 2025, formats: ['form8949'], folder: '/home/ada/Downloads/binance.csv' })).toMatchObject({ ok: false });
    expect(await call('imports.preview', { path: '/home/ada/Downloads/binance.csv/../secret' })).toMatchObject({ ok: false });
    expect(deps.invokeCore).toHaveBeenCalledTimes(3);
  });

  it('remembers nothing when the dialog is cancelled', async () => {
    deps.openCsv = async () => null;
    expect(await call('dialog.openCsv', {})).toEqual({ ok: true, value: { path: null } });
    expect(await call('imports.preview', { path: 'null' })).toMatchObject({ ok: false });
  });
});

describe('keys.save, keys.unlock and keys.forget', () => {
  it.each([
    ['no request', undefined],
    ['not an object', 'binance-secret-1q2w3e4r5t6y'],
    ['no secret', { account: 'Binance', apiKey: KEY.apiKey }],
    ['an empty key', { account: 'Binance', apiKey: '   ', secret: KEY.secret }],
    ['a number as secret', { account: 'Binance', apiKey: KEY.apiKey, secret: 12345 }],
    ['an unknown field', { account: 'Binance', ...KEY, uid: 'x' }],
    ['an unknown storage', { account: 'Binance', ...KEY, storage: 'cloud' }],
    ['control characters', { account: 'Binance', apiKey: KEY.apiKey, secret: `${KEY.secret}\u0000` }],
    ['an oversized secret', { account: 'Binance', apiKey: KEY.apiKey, secret: 'x'.repeat(5000) }],
    ['an oversized account name', { account: 'B'.repeat(500), ...KEY }],
  ])('refuses %s with bad-request, never quoting the key', async (_what, request) => {
    const result = await call('keys.save', request);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(result)).not.toContain(KEY.secret);
    expect(JSON.stringify(result)).not.toContain(KEY.apiKey);
  });

  it('stores the key under the reference core gives the account, trimmed as pasted', async () => {
    const result = await call('keys.save', { account: 'Binance', apiKey: ` ${KEY.apiKey}\n`, secret: `${KEY.secret}\n` });
    expect(result).toEqual({ ok: true, value: { status: 'stored', storage: 'os' } });
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
  });

  it('refuses an account core does not know, storing nothing', async () => {
    expect(await call('keys.save', { account: 'Nowhere', ...KEY })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('keys.forget', { account: 'Nowhere' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('turns a key store failure into a message without the key', async () => {
    expect(await call('keys.save', { account: 'Binance', ...KEY, storage: 'passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringMatching(/passphrase/) },
    });
    deps.keys = { ...keys, save: async () => Promise.reject(new Error(`disk full while writing ${KEY.secret}`)) };
    const result = await call('keys.save', { account: 'Binance', ...KEY });
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: 'keys.save failed. Try again; if it keeps failing, restart Lotwise.' } });
  });

  it('forgets a key', async () => {
    await call('keys.save', { account: 'Binance', ...KEY, storage: 'session' });
    expect(await call('keys.forget', { account: 'Binance' })).toEqual({ ok: true, value: { status: 'forgotten' } });
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'missing' });
  });

  it('unlocks the passphrase vault with the passphrase alone, refusing a wrong one as an answer', async () => {
    await call('keys.save', { account: 'Binance', ...KEY, storage: 'passphrase', passphrase: 'long enough passphrase' });
    keys.close();
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'locked' });

    for (const request of [undefined, {}, { passphrase: '' }, { passphrase: 42 }, { passphrase: 'x', account: 'Binance' }]) {
      expect(await call('keys.unlock', request)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(await call('keys.unlock', { passphrase: 'not the passphrase' })).toEqual({
      ok: true,
      value: { status: 'refused', message: expect.stringMatching(/passphrase is wrong/) },
    });
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'locked' });
    // Not trimmed: a passphrase with a space at the end is another passphrase.
    expect(await call('keys.unlock', { passphrase: 'long enough passphrase ' })).toMatchObject({ ok: true, value: { status: 'refused' } });

    expect(await call('keys.unlock', { passphrase: 'long enough passphrase' })).toEqual({ ok: true, value: { status: 'unlocked' } });
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
  });

  it('never answered with a key, in any encoding, in any test above', () => {
    const everything = JSON.stringify(answers);
    expect(answers.length).toBeGreaterThan(0);
    for (const secret of [KEY.apiKey, KEY.secret]) {
      for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')]) expect(everything).not.toContain(form);
    }
  });
});
