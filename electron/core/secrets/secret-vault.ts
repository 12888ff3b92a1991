// Where exchange credentials live. Core asks a vault for a key only when a sync needs it;
// the ledger stores a reference, never the key. The desktop app's vault uses the OS
// keychain through Electron's safeStorage (electron/main); the CLI, and the app when the
// OS offers no real keychain, use the passphrase vault (passphrase-vault.ts).

/** What an exchange needs to sign requests. Secrets: never logged, stored or shown. */
export interface Credentials {
  apiKey: string;
  secret: string;
  /** A passphrase some exchanges require (ccxt's `password`). */
  password?: string;
  /** A user id some exchanges require (ccxt's `uid`). */
  uid?: string;
}

export interface SecretVault {
  /** The credentials stored under ref, or null when there are none. */
  get(ref: string): Promise<Credentials | null>;
  set(ref: string, credentials: Credentials): Promise<void>;
  delete(ref: string): Promise<boolean>;
}

/** A vault that cannot be opened: wrong passphrase, altered file. Says nothing secret. */
export class VaultError extends Error {
  override name = 'VaultError';
}
