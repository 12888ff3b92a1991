// Where an exchange key may be kept, decided from what the OS offers. safeStorage encrypts
// with the OS keychain on macOS (Keychain) and Windows (DPAPI); on Linux it uses the
// desktop's keyring when it finds one, and otherwise ("basic_text") a password built into
// Chromium: ciphertext anyone with the file can decrypt. Lotwise never stores a key that
// way without the user knowing: it offers the passphrase vault or keeping the key for this
// session only instead.
import type { KeyStorageChoice } from '../../../shared/api.ts';

/** Linux keyrings that really protect a secret (an allow-list: a new name is not trusted). */
const LINUX_KEYRINGS: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/** The choices offered when the OS keychain cannot be used. */
export const FALLBACK_CHOICES: readonly KeyStorageChoice[] = ['passphrase', 'session'];

/** A passphrase that creates a new vault must be at least this long. */
export const MIN_NEW_PASSPHRASE_LENGTH = 8;

/** The part of Electron's safeStorage that names the backend (Linux only). */
export interface BackendSource {
  getSelectedStorageBackend(): string;
}

/**
 * The name stored with every ciphertext, so a later change of keychain (another desktop,
 * `--password-store`) is recognised instead of surfacing as garbage or a silent failure.
 */
export function storageBackendName(platform: NodeJS.Platform, source: BackendSource): string {
  switch (platform) {
    case 'linux':
      return source.getSelectedStorageBackend();
    case 'darwin':
      return 'keychain';
    case 'win32':
      return 'dpapi';
    default:
      return 'unknown';
  }
}

export type OsStorageVerdict = { usable: true } | { usable: false; message: string };

export function osStorageVerdict(options: { platform: NodeJS.Platform; backend: string; encryptionAvailable: boolean }): OsStorageVerdict {
  const { platform, backend, encryptionAvailable } = options;
  const instead = 'Keep the key in a vault protected by a passphrase you choose, or only until you quit Lotwise.';
  if (platform === 'linux' && backend === 'basic_text') {
    return {
      usable: false,
      message: `Lotwise found no keyring on this desktop (such as GNOME Keyring or KWallet), so it cannot store the key encrypted by your system. ${instead}`,
    };
  }
  if (platform === 'linux' && !LINUX_KEYRINGS.has(backend)) {
    return {
      usable: false,
      message: `Lotwise could not tell which keyring this desktop uses ("${backend}"), so it will not rely on it. ${instead}`,
    };
  }
  if (!encryptionAvailable) {
    return { usable: false, message: `This computer's key storage is not available to Lotwise right now. ${instead}` };
  }
  return { usable: true };
}

/** A ciphertext is only given to the backend that made it. */
export function storedSecretVerdict(storedBackend: string, currentBackend: string): 'readable' | 'backend-changed' {
  return storedBackend === currentBackend ? 'readable' : 'backend-changed';
}

/** What is wrong with a passphrase, or null; `creating` when it will create a new vault. */
export function passphraseProblem(passphrase: string | undefined, creating: boolean): string | null {
  if (passphrase === undefined || passphrase === '') return 'Enter the passphrase that protects your keys.';
  if (creating && [...passphrase].length < MIN_NEW_PASSPHRASE_LENGTH) {
    return `Choose a passphrase of at least ${MIN_NEW_PASSPHRASE_LENGTH} characters: it is all that protects your keys in this vault.`;
  }
  return null;
}
