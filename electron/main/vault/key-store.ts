// Main's exchange keys, filed under the credential reference core gives each exchange
// account, in one of three places the user can choose from:
//   os          the OS keychain through safeStorage (os-key-file.ts), when it really protects;
//   passphrase  the passphrase vault the CLI also uses (core/secrets/passphrase-vault.ts);
//   session     main's memory, until Lotwise quits.
// A key asked for is looked up in that order. When one cannot be handed over, the caller
// learns why, so the user can be asked to enter it again; nothing stored is deleted.
// Electron-free (safeStorage is passed in), so it runs and is tested under plain Node.
import { existsSync } from 'node:fs';
import type { Events, KeySaveOutcome, KeyStorageChoice } from '../../../shared/api.ts';
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
  /** Whether a key was removed (one in a passphrase vault not unlocked this session stays). */
  forget(ref: string): Promise<boolean>;
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
  const backend = () => storageBackendName(platform, safeStorage);
  const osKeys = createOsKeyFile({ path: options.keyFilePath, safeStorage, backend });
  const sessionKeys = new Map<string, Credentials>();
  let unlocked: PassphraseVault | null = null;

  // One operation at a time: each rewrites a whole file, and two at once would lose one.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  }

  async function unlock(passphrase: string | undefined): Promise<PassphraseVault> {
    const problem = passphraseProblem(passphrase, !existsSync(passphraseVaultPath));
    if (problem !== null || passphrase === undefined) throw new KeyStoreError('bad-request', problem ?? 'Enter a passphrase.');
    try {
      // Opened again even when unlocked: a mistyped passphrase must not pass unnoticed.
      const vault = await PassphraseVault.open(passphraseVaultPath, passphrase);
      unlocked?.close();
      unlocked = vault;
      return vault;
    } catch (error) {
      if (error instanceof VaultError) throw new KeyStoreError('failed', error.message);
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
        const vault = await unlock(passphrase);
        await vault.set(ref, credentials);
        await removeCopies(ref, 'passphrase');
        return { status: 'stored', storage: 'passphrase' };
      }
      case 'os': {
        const name = backend();
        const verdict = osStorageVerdict({ platform, backend: name, encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable() });
        if (!verdict.usable) return { status: 'needs-choice', backend: name, choices: [...FALLBACK_CHOICES], message: verdict.message };
        await osKeys.write(ref, credentials);
        await removeCopies(ref, 'os');
        return { status: 'stored', storage: 'os' };
      }
    }
  }

  async function lookup(ref: string): Promise<KeyLookup> {
    const session = sessionKeys.get(ref);
    if (session) return { credentials: { ...session } };
    const os = await osKeys.read(ref);
    if (os.status === 'found') return { credentials: os.credentials };
    if (os.status !== 'absent') return { credentials: null, reason: os.status };
    if (unlocked) {
      const found = await unlocked.get(ref);
      return found ? { credentials: found } : { credentials: null, reason: 'missing' };
    }
    return { credentials: null, reason: existsSync(passphraseVaultPath) ? 'locked' : 'missing' };
  }

  return {
    save: (ref, request) => serialized(() => save(ref, request)),
    forget: (ref) => serialized(() => removeCopies(ref, null)),
    lookup: (ref) => serialized(() => lookup(ref)),
    close() {
      sessionKeys.clear();
      unlocked?.close();
      unlocked = null;
    },
  };
}
