// Main's exchange keys, filed under the credential reference core gives each exchange
// account, in one of three places the user can choose from:
//   os          the OS keychain through safeStorage (os-key-file.ts), when it really protects;
//   passphrase  the passphrase vault the CLI also uses (core/secrets/passphrase-vault.ts),
//               unlocked once a session with the passphrase the user types;
//   session     main's memory, until Lotwise quits.
// A key asked for is looked up in that order. When one cannot be handed over, the caller
// learns why, so the user can be asked for the passphrase or to enter the key again;
// nothing stored is deleted.
// Electron-free (safeStorage is passed in), so it runs and is tested under plain Node.
import { existsSync } from 'node:fs';
import type { Events, KeyForgetOutcome, KeySaveOutcome, KeyStorageChoice, VaultUnlockOutcome } from '../../../shared/api.ts';
import { PassphraseVault } from '../../core/secrets/passphrase-vault.ts';
import { VaultError, type Credentials } from '../../core/secrets/secret-vault.ts';
import { FALLBACK_CHOICES, osStorageVerdict, passphraseProblem, storageBackendName, type BackendSource } from '../policy/key-storage.ts';
import { createOsKeyFile, type SafeStorageLike } from './os-key-file.ts';

export type ReentryReason = Events['keys.reentryNeeded']['reason'];

export type KeyLookup = { credentials: Credentials } | { credentials: null; reason: ReentryReason };

export interface SaveKey {
  credentials: Credentials;
  /** Absent: the OS keychain, if it protects; otherwise the user is asked to choose. */
  storage?: KeyStorageChoice;
  passphrase?: string;
}

export interface KeyStore {
  save(ref: string, request: SaveKey): Promise<KeySaveOutcome>;
  /** Opens the existing passphrase vault for this session; a wrong passphrase is refused. */
  unlock(passphrase: string): Promise<VaultUnlockOutcome>;
  /** Removes every copy; a passphrase vault that is locked keeps its copy, and the outcome says so. */
  forget(ref: string): Promise<KeyForgetOutcome>;
  lookup(ref: string): Promise<KeyLookup>;
  /** Drops the session keys and locks the passphrase vault. */
  close(): void;
}

export interface KeyStoreOptions {
  platform: NodeJS.Platform;
  safeStorage: SafeStorageLike & BackendSource;
  /** The OS-keychain vault file (in userData). */
  keyFilePath: string;
  /** The passphrase vault; the CLI's default, beside the ledger, so both see the same keys. */
  passphraseVaultPath: string;
}

/** A save that cannot be done as asked; the message says what to do, and holds no secret. */
export class KeyStoreError extends Error {
  override name = 'KeyStoreError';
  readonly code: 'bad-request' | 'failed';

  constructor(code: 'bad-request' | 'failed', message: string) {
    super(message);
    this.code = code;
  }
}

export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const { platform, safeStorage, passphraseVaultPath } = options;
  /**
   * Whether safeStorage can encrypt, and with which backend, asked in that order: on Linux
   * safeStorage only knows its backend once it has initialised, which the availability
   * check waits for; asked earlier, every stored key would look stored by another backend.
   */
  async function keychain(): Promise<{ available: boolean; backend: string }> {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    return { available, backend: storageBackendName(platform, safeStorage) };
  }
  const osKeys = createOsKeyFile({ path: options.keyFilePath, safeStorage, backend: async () => (await keychain()).backend });
  const sessionKeys = new Map<string, Credentials>();
  let unlocked: PassphraseVault | null = null;

  // One operation at a time: each rewrites a whole file, and two at once would lose one.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  }

  /** Opens the vault (creating it when there is none) in place of the one unlocked before. */
  async function openVault(passphrase: string): Promise<PassphraseVault> {
    // Opened again even when unlocked: a mistyped passphrase must not pass unnoticed.
    const vault = await PassphraseVault.open(passphraseVaultPath, passphrase);
    unlocked?.close();
    unlocked = vault;
    return vault;
  }

  async function unlockToSave(passphrase: string | undefined): Promise<PassphraseVault> {
    const problem = passphraseProblem(passphrase, !existsSync(passphraseVaultPath));
    if (problem !== null || passphrase === undefined) throw new KeyStoreError('bad-request', problem ?? 'Enter a passphrase.');
    try {
      return await openVault(passphrase);
    } catch (error) {
      if (error instanceof VaultError) throw new KeyStoreError('failed', error.message);
      throw error;
    }
  }

  async function unlock(passphrase: string): Promise<VaultUnlockOutcome> {
    // Unlocking never creates a vault: a passphrase typed here is for the one on disk.
    if (!existsSync(passphraseVaultPath)) {
      return { status: 'refused', message: 'There is no passphrase vault on this computer, so there is nothing to unlock. Enter the exchange key again instead.' };
    }
    try {
      await openVault(passphrase);
      return { status: 'unlocked' };
    } catch (error) {
      if (error instanceof VaultError) return { status: 'refused', message: `${error.message} Type the passphrase again.` };
      throw error;
    }
  }

  /** Removes every copy of the key except the one in `keep`. */
  async function removeCopies(ref: string, keep: KeyStorageChoice | null): Promise<boolean> {
    let removed = false;
    if (keep !== 'session') removed = sessionKeys.delete(ref) || removed;
    if (keep !== 'os') removed = osKeys.remove(ref) || removed;
    if (keep !== 'passphrase' && unlocked) removed = (await unlocked.delete(ref)) || removed;
    return removed;
  }

  async function save(ref: string, { credentials, storage, passphrase }: SaveKey): Promise<KeySaveOutcome> {
    switch (storage ?? 'os') {
      case 'session':
        sessionKeys.set(ref, { ...credentials });
        await removeCopies(ref, 'session');
        return { status: 'stored', storage: 'session' };
      case 'passphrase': {
        const vault = await unlockToSave(passphrase);
        await vault.set(ref, credentials);
        await removeCopies(ref, 'passphrase');
        return { status: 'stored', storage: 'passphrase' };
      }
      case 'os': {
        const { available, backend } = await keychain();
        const verdict = osStorageVerdict({ platform, backend, encryptionAvailable: available });
        if (!verdict.usable) return { status: 'needs-choice', backend, choices: [...FALLBACK_CHOICES], message: verdict.message };
        await osKeys.write(ref, credentials);
        await removeCopies(ref, 'os');
        return { status: 'stored', storage: 'os' };
      }
    }
  }

  async function forget(ref: string): Promise<KeyForgetOutcome> {
    const removed = await removeCopies(ref, null);
    // The vault is one encrypted file: without its passphrase Lotwise cannot tell whether it holds the key.
    if (!unlocked && existsSync(passphraseVaultPath)) {
      return {
        status: 'vault-locked',
        message: 'The key may still be in the passphrase vault, which is locked. Unlock the vault with its passphrase, then remove the key again.',
      };
    }
    return { status: removed ? 'forgotten' : 'not-stored' };
  }

  async function lookup(ref: string): Promise<KeyLookup> {
    const session = sessionKeys.get(ref);
    if (session) return { credentials: { ...session } };
    const os = await osKeys.read(ref);
    if (os.status === 'found') return { credentials: os.credentials };
    // The OS file holds this key but cannot hand it over: only that copy can say why.
    if (os.status === 'unreadable' || os.status === 'backend-changed') return { credentials: null, reason: os.status };
    // Not in the OS file, or the file is damaged and may or may not hold it: the vault may.
    if (unlocked) {
      const found = await unlocked.get(ref);
      if (found) return { credentials: found };
    } else if (existsSync(passphraseVaultPath)) {
      return { credentials: null, reason: 'locked' };
    }
    return { credentials: null, reason: os.status === 'damaged' ? 'unreadable' : 'missing' };
  }

  return {
    save: (ref, request) => serialized(() => save(ref, request)),
    unlock: (passphrase) => serialized(() => unlock(passphrase)),
    forget: (ref) => serialized(() => forget(ref)),
    lookup: (ref) => serialized(() => lookup(ref)),
    close() {
      sessionKeys.clear();
      unlocked?.close();
      unlocked = null;
    },
  };
}
