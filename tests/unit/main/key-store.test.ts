// Main's key vault under plain Node, with a stand-in for Electron's safeStorage: keys go to
// the OS keychain only when it really protects them; otherwise the user chooses the
// passphrase vault or the session; a key that cannot be read is reported, never deleted.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PassphraseVault } from '../../../electron/core/secrets/passphrase-vault.ts';
import { createKeyStore, type KeyStore } from '../../../electron/main/vault/key-store.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const REF = 'account:0d9c6c54-kraken';
const KEY = { apiKey: 'kraken-api-key-6f1d0a', secret: 'c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1sZWFr', password: 'trading-pass' };

/**
 * Encrypts by XOR with a key id that "rotates" or "changes" when a test says so. Like
 * Electron's on Linux, it names its backend only once it has initialised, which the
 * availability check waits for: until then it says "unknown".
 */
function fakeSafeStorage(backend = 'gnome_libsecret') {
  const state = { backend, available: true, initialised: false, keyId: 7, reEncrypt: false, backendCalls: 0 };
  const xor = (bytes: Buffer, id: number) => Buffer.from(bytes.map((b) => b ^ (0x5a + id)));
  return {
    state,
    getSelectedStorageBackend() {
      state.backendCalls += 1;
      return state.initialised ? state.backend : 'unknown';
    },
    async isAsyncEncryptionAvailable() {
      await Promise.resolve();
      state.initialised = true;
      return state.available;
    },
    async encryptStringAsync(plainText: string) {
      return Buffer.concat([Buffer.from([state.keyId]), xor(Buffer.from(plainText, 'utf8'), state.keyId)]);
    },
    async decryptStringAsync(encrypted: Buffer) {
      if (encrypted[0] !== state.keyId) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: xor(encrypted.subarray(1), state.keyId).toString('utf8'), shouldReEncrypt: state.reEncrypt };
    },
  };
}

let dir: TempDir;
let keyFile: string;
let vaultFile: string;
const opened: KeyStore[] = [];

function keyStore(safeStorage = fakeSafeStorage(), platform: NodeJS.Platform = 'linux'): KeyStore {
  const store = createKeyStore({ platform, safeStorage, keyFilePath: keyFile, passphraseVaultPath: vaultFile });
  opened.push(store);
  return store;
}

/** Every form a leaked secret could take in a file. */
function leaks(text: string): string[] {
  return [KEY.apiKey, KEY.secret, KEY.password].flatMap((s) => [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('hex')]).filter((form) => text.includes(form));
}

beforeEach(() => {
  dir = tempDir();
  keyFile = join(dir.path, 'lotwise-keys.json');
  vaultFile = join(dir.path, 'lotwise-vault.json');
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  dir.remove();
});

describe('the OS keychain vault', () => {
  it('stores each secret as base64 ciphertext with the name of its backend, and hands it back', async () => {
    const keys = keyStore();
    expect(await keys.save(REF, { credentials: KEY })).toEqual({ status: 'stored', storage: 'os' });

    const text = readFileSync(keyFile, 'utf8');
    const file = JSON.parse(text);
    expect(Object.keys(file.keys)).toEqual([REF]);
    for (const field of ['apiKey', 'secret', 'password']) {
      expect(file.keys[REF][field]).toEqual({ backend: 'gnome_libsecret', ciphertext: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
    }
    expect(leaks(text)).toEqual([]);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
    // A restart reads the same file.
    expect(await keyStore().lookup(REF)).toEqual({ credentials: KEY });
  });

  it.each(['basic_text', 'unknown'])('never stores silently on Linux with %s: it offers the passphrase vault or the session', async (backend) => {
    const keys = keyStore(fakeSafeStorage(backend));
    const outcome = await keys.save(REF, { credentials: KEY });
    expect(outcome).toMatchObject({ status: 'needs-choice', backend, choices: ['passphrase', 'session'] });
    expect(existsSync(keyFile)).toBe(false);
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'missing' });
    // Asking for the OS keychain explicitly changes nothing.
    expect(await keys.save(REF, { credentials: KEY, storage: 'os' })).toMatchObject({ status: 'needs-choice' });
    expect(existsSync(keyFile)).toBe(false);
  });

  it('offers the choice on macOS when the Keychain is not available, without asking for a Linux backend', async () => {
    const safeStorage = fakeSafeStorage();
    safeStorage.state.available = false;
    const outcome = await keyStore(safeStorage, 'darwin').save(REF, { credentials: KEY });
    expect(outcome).toMatchObject({ status: 'needs-choice', backend: 'keychain' });
    expect(safeStorage.state.backendCalls).toBe(0);
  });

  it('asks for the key again, keeping the file as it was, when the keychain cannot decrypt it', async () => {
    const safeStorage = fakeSafeStorage();
    await keyStore(safeStorage).save(REF, { credentials: KEY });
    const before = readFileSync(keyFile);

    safeStorage.state.keyId = 8; // a new keyring password, a restored backup from another machine
    const keys = keyStore(safeStorage);
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'unreadable' });
    expect(readFileSync(keyFile)).toEqual(before);

    // Entering it again stores it under the keychain's current key.
    await keys.save(REF, { credentials: KEY });
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
  });

  it('asks for the key again when the keyring backend changed since it was stored', async () => {
    const safeStorage = fakeSafeStorage('kwallet5');
    await keyStore(safeStorage).save(REF, { credentials: KEY });
    const before = readFileSync(keyFile);

    safeStorage.state.backend = 'gnome_libsecret';
    expect(await keyStore(safeStorage).lookup(REF)).toEqual({ credentials: null, reason: 'backend-changed' });
    expect(readFileSync(keyFile)).toEqual(before);

    // Now on basic_text, the stored ciphertext is not handed to it either.
    safeStorage.state.backend = 'basic_text';
    expect(await keyStore(safeStorage).lookup(REF)).toEqual({ credentials: null, reason: 'backend-changed' });
  });

  it('re-encrypts a key the keychain asks to re-encrypt', async () => {
    const safeStorage = fakeSafeStorage();
    const keys = keyStore(safeStorage);
    await keys.save(REF, { credentials: KEY });
    const before = JSON.parse(readFileSync(keyFile, 'utf8'));

    safeStorage.state.reEncrypt = true;
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
    const after = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(after.keys[REF].secret.backend).toBe('gnome_libsecret');
    expect(Object.keys(after.keys[REF])).toEqual(Object.keys(before.keys[REF]));
  });

  it('names the keychain only after safeStorage has initialised, in a fresh process as in a running one', async () => {
    // Each a new process: safeStorage has not been asked anything yet.
    expect(await keyStore(fakeSafeStorage()).save(REF, { credentials: KEY })).toEqual({ status: 'stored', storage: 'os' });
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).keys[REF].apiKey.backend).toBe('gnome_libsecret');
    expect(await keyStore(fakeSafeStorage()).lookup(REF)).toEqual({ credentials: KEY });
  });

  it('keeps a damaged key file aside instead of overwriting it', async () => {
    writeFileSync(keyFile, '{"format":"lotwise-os-keys","vers');
    const keys = keyStore();
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'unreadable' });

    await keys.save(REF, { credentials: KEY });
    const aside = readdirSync(dir.path).filter((name) => name.startsWith('lotwise-keys.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir.path, aside[0]!), 'utf8')).toBe('{"format":"lotwise-os-keys","vers');
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
  });
});

describe('the passphrase vault', () => {
  it('stores the key in the vault the CLI reads, and asks for the passphrase after a restart', async () => {
    const keys = keyStore(fakeSafeStorage('basic_text'));
    expect(await keys.save(REF, { credentials: KEY, storage: 'passphrase', passphrase: 'long enough passphrase' })).toEqual({
      status: 'stored',
      storage: 'passphrase',
    });
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
    expect(existsSync(keyFile)).toBe(false);
    expect(leaks(readFileSync(vaultFile, 'utf8'))).toEqual([]);

    const cli = await PassphraseVault.open(vaultFile, 'long enough passphrase');
    expect(await cli.get(REF)).toEqual(KEY);
    cli.close();

    expect(await keyStore(fakeSafeStorage('basic_text')).lookup(REF)).toEqual({ credentials: null, reason: 'locked' });
  });

  it('is unlocked after a restart with the passphrase alone, and hands the key over again', async () => {
    await keyStore(fakeSafeStorage('basic_text')).save(REF, { credentials: KEY, storage: 'passphrase', passphrase: 'long enough passphrase' });

    const keys = keyStore(fakeSafeStorage('basic_text'));
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'locked' });
    expect(await keys.unlock('the wrong passphrase')).toEqual({
      status: 'refused',
      message: 'The vault could not be opened: the passphrase is wrong, or the vault file was changed or damaged. Type the passphrase again.',
    });
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'locked' });

    // A lookup asked for while the vault is being unlocked waits for it.
    const [unlocked, found] = await Promise.all([keys.unlock('long enough passphrase'), keys.lookup(REF)]);
    expect(unlocked).toEqual({ status: 'unlocked' });
    expect(found).toEqual({ credentials: KEY });
    expect(await keys.lookup('account:not-in-the-vault')).toEqual({ credentials: null, reason: 'missing' });

    // A wrong passphrase later does not lock what is open, and quitting locks it again.
    expect(await keys.unlock('the wrong passphrase')).toMatchObject({ status: 'refused' });
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
    keys.close();
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'locked' });
  });

  it('never creates a vault when asked to unlock one', async () => {
    const keys = keyStore(fakeSafeStorage('basic_text'));
    expect(await keys.unlock('long enough passphrase')).toEqual({
      status: 'refused',
      message: 'There is no passphrase vault on this computer, so there is nothing to unlock. Enter the exchange key again instead.',
    });
    expect(existsSync(vaultFile)).toBe(false);
  });

  it('finds its keys when the OS key file is damaged, and reports unreadable only a key the vault lacks', async () => {
    const keys = keyStore();
    await keys.save(REF, { credentials: KEY, storage: 'passphrase', passphrase: 'long enough passphrase' });
    writeFileSync(keyFile, '{"format":"lotwise-os-keys","vers');
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
    // Another key may be in the damaged file: it cannot be read, and the user is asked for it.
    expect(await keys.lookup('account:other')).toEqual({ credentials: null, reason: 'unreadable' });

    const restarted = keyStore();
    expect(await restarted.lookup(REF)).toEqual({ credentials: null, reason: 'locked' });
    await restarted.unlock('long enough passphrase');
    expect(await restarted.lookup(REF)).toEqual({ credentials: KEY });
  });

  it('refuses a missing passphrase, a short new one, and a wrong one, storing nothing', async () => {
    const keys = keyStore(fakeSafeStorage('basic_text'));
    await expect(keys.save(REF, { credentials: KEY, storage: 'passphrase' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(keys.save(REF, { credentials: KEY, storage: 'passphrase', passphrase: 'short' })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/at least 8/),
    });
    expect(existsSync(vaultFile)).toBe(false);

    await keys.save('account:other', { credentials: KEY, storage: 'passphrase', passphrase: 'the right passphrase' });
    await expect(keys.save(REF, { credentials: KEY, storage: 'passphrase', passphrase: 'the wrong passphrase' })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringMatching(/passphrase is wrong/),
    });
    const vault = await PassphraseVault.open(vaultFile, 'the right passphrase');
    expect(await vault.get(REF)).toBeNull();
    vault.close();
  });
});

describe('session-only keys', () => {
  it('live in memory until quit, never on disk', async () => {
    const keys = keyStore(fakeSafeStorage('basic_text'));
    expect(await keys.save(REF, { credentials: KEY, storage: 'session' })).toEqual({ status: 'stored', storage: 'session' });
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });
    expect(readdirSync(dir.path)).toEqual([]);

    keys.close();
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'missing' });
  });
});

describe('moving and forgetting keys', () => {
  it('keeps one copy: saving elsewhere removes the others, and forget removes it everywhere', async () => {
    const keys = keyStore();
    await keys.save(REF, { credentials: KEY, storage: 'session' });
    await keys.save(REF, { credentials: { ...KEY, secret: 'rotated-secret' } });
    expect(await keys.lookup(REF)).toEqual({ credentials: { ...KEY, secret: 'rotated-secret' } });

    await keys.save(REF, { credentials: KEY, storage: 'passphrase', passphrase: 'long enough passphrase' });
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).keys).toEqual({});
    expect(await keys.lookup(REF)).toEqual({ credentials: KEY });

    expect(await keys.forget(REF)).toEqual({ status: 'forgotten' });
    expect(await keys.lookup(REF)).toEqual({ credentials: null, reason: 'missing' });
    expect(await keys.forget(REF)).toEqual({ status: 'not-stored' });
  });

  it('says a key may still be in a locked passphrase vault, and removes it once the vault is unlocked', async () => {
    await keyStore(fakeSafeStorage('basic_text')).save(REF, { credentials: KEY, storage: 'passphrase', passphrase: 'long enough passphrase' });

    const keys = keyStore(fakeSafeStorage('basic_text'));
    expect(await keys.forget(REF)).toEqual({
      status: 'vault-locked',
      message: 'The key may still be in the passphrase vault, which is locked. Unlock the vault with its passphrase, then remove the key again.',
    });
    const vault = await PassphraseVault.open(vaultFile, 'long enough passphrase');
    expect(await vault.get(REF)).toEqual(KEY);
    vault.close();

    await keys.unlock('long enough passphrase');
    expect(await keys.forget(REF)).toEqual({ status: 'forgotten' });
    const after = await PassphraseVault.open(vaultFile, 'long enough passphrase');
    expect(await after.get(REF)).toBeNull();
    after.close();
  });
});
