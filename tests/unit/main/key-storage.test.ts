// The vault backend policy: safeStorage is trusted only where it really protects a key
// (macOS Keychain, Windows DPAPI, a Linux keyring), never Chromium's built-in password;
// and a key is handed to core only during a call that uses that account's key.
import { describe, expect, it, vi } from 'vitest';
import { createAccount, findAccount } from '../../../electron/core/ledger/accounts.ts';
import { mayHandOverKey } from '../../../electron/main/policy/key-handoff.ts';
import { osStorageVerdict, passphraseProblem, storageBackendName, storedSecretVerdict } from '../../../electron/main/policy/key-storage.ts';
import { tempDir, tempLedger } from '../../support/temp-ledger.ts';

describe('OS key storage', () => {
  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])('is used on Linux with the %s keyring', (backend) => {
    expect(osStorageVerdict({ platform: 'linux', backend, encryptionAvailable: true })).toEqual({ usable: true });
  });

  it.each(['basic_text', 'unknown', '', 'gnome_libsecret ', 'KWALLET', 'some_future_store'])(
    'is refused on Linux with the backend %j, saying what to do instead',
    (backend) => {
      // basic_text reports encryption as available: that is exactly the trap.
      const verdict = osStorageVerdict({ platform: 'linux', backend, encryptionAvailable: true });
      expect(verdict.usable).toBe(false);
      if (!verdict.usable) expect(verdict.message).toMatch(/passphrase/);
    },
  );

  it('is used on macOS and Windows when encryption is available, and refused when it is not', () => {
    expect(osStorageVerdict({ platform: 'darwin', backend: 'keychain', encryptionAvailable: true }).usable).toBe(true);
    expect(osStorageVerdict({ platform: 'win32', backend: 'dpapi', encryptionAvailable: true }).usable).toBe(true);
    expect(osStorageVerdict({ platform: 'darwin', backend: 'keychain', encryptionAvailable: false }).usable).toBe(false);
    expect(osStorageVerdict({ platform: 'linux', backend: 'gnome_libsecret', encryptionAvailable: false }).usable).toBe(false);
  });

  it('names the backend, asking safeStorage only on Linux (the only platform that has the call)', () => {
    const source = { getSelectedStorageBackend: vi.fn(() => 'kwallet6') };
    expect(storageBackendName('linux', source)).toBe('kwallet6');
    expect(storageBackendName('darwin', source)).toBe('keychain');
    expect(storageBackendName('win32', source)).toBe('dpapi');
    expect(storageBackendName('freebsd', source)).toBe('unknown');
    expect(source.getSelectedStorageBackend).toHaveBeenCalledOnce();
  });

  it('reads a secret only with the backend that encrypted it', () => {
    expect(storedSecretVerdict('gnome_libsecret', 'gnome_libsecret')).toBe('readable');
    expect(storedSecretVerdict('kwallet5', 'gnome_libsecret')).toBe('backend-changed');
    expect(storedSecretVerdict('gnome_libsecret', 'basic_text')).toBe('backend-changed');
  });
});

describe('passphrase', () => {
  it('is required, and must be long enough to create a vault', () => {
    expect(passphraseProblem(undefined, false)).toMatch(/Enter the passphrase/);
    expect(passphraseProblem('', true)).toMatch(/Enter the passphrase/);
    expect(passphraseProblem('short', true)).toMatch(/at least 8 characters/);
    expect(passphraseProblem('short', false)).toBeNull();
    expect(passphraseProblem('correct horse', true)).toBeNull();
    // Counted in characters, not UTF-16 units.
    expect(passphraseProblem('🔑🔑🔑🔑', true)).toMatch(/at least 8/);
  });
});

describe('handing a key to core', () => {
  it("happens only while a sync or key check of that account is under way", () => {
    expect(mayHandOverKey([{ name: 'sync.start', request: { account: 'Kraken' } }], 'Kraken')).toBe(true);
    expect(mayHandOverKey([{ name: 'accounts.checkKey', request: { account: 'Kraken' } }], 'Kraken')).toBe(true);
  });

  it('matches the account as the ledger does, ignoring the case of ASCII letters only', async () => {
    expect(mayHandOverKey([{ name: 'sync.start', request: { account: 'kraken' } }], 'Kraken')).toBe(true);
    expect(mayHandOverKey([{ name: 'accounts.checkKey', request: { account: 'KRAKEN (joint)' } }], 'Kraken (Joint)')).toBe(true);

    // The same answers as the ledger's own lookup, on a real ledger.
    const dir = tempDir();
    const { db } = await tempLedger(dir);
    try {
      for (const stored of ['Kraken', 'Ärger', 'Binance US']) createAccount(db, { name: stored, kind: 'exchange', exchange: 'kraken' });
      for (const [asked, stored] of [
        ['kraken', 'Kraken'],
        ['KRAKEN', 'Kraken'],
        ['ärger', 'Ärger'],
        ['ÄRGER', 'Ärger'],
        ['binance us', 'Binance US'],
        ['Binance  US', 'Binance US'],
        ['Kraken ', 'Kraken'],
      ] as const) {
        const found = findAccount(db, asked)?.name === stored;
        expect(mayHandOverKey([{ name: 'sync.start', request: { account: asked } }], stored), `${asked} / ${stored}`).toBe(found);
      }
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('never otherwise', () => {
    expect(mayHandOverKey([], 'Kraken')).toBe(false);
    expect(mayHandOverKey([{ name: 'sync.start', request: { account: 'Binance' } }], 'Kraken')).toBe(false);
    expect(mayHandOverKey([{ name: 'sync.cancel', request: { account: 'Kraken' } }], 'Kraken')).toBe(false);
    expect(mayHandOverKey([{ name: 'accounts.list', request: {} }, { name: 'sync.start', request: null }], 'Kraken')).toBe(false);
    expect(mayHandOverKey([{ name: 'sync.start', request: { account: 'Kraken' } }], null)).toBe(false);
    expect(mayHandOverKey([{ name: 'sync.start', request: { account: ['Kraken'] } }], 'Kraken')).toBe(false);
  });
});
