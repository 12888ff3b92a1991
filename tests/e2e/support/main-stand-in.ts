// Electron main, for a page the harness runs in plain Chromium. Main's own code does the
// work — the relay (sender check, main calls validated and served, core calls refused
// unless the path they carry was picked in a dialog), the key store (OS keychain file,
// passphrase vault, session keys) and keys.reentryNeeded — and only what needs Electron
// is stood in for: the open and folder dialogs answer what the test says the user picked,
// and safeStorage is an in-memory AES key on a Linux desktop whose keyring the test can
// take away (`keyBackend = 'basic_text'`: no keyring, so main asks where to keep a key).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CallName, CallResult, CoreCallName, EventName, Events, KeyStorageChoice } from '../../../shared/api.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { findAccount, listAccounts } from '../../../electron/core/ledger/accounts.ts';
import { keyRefForAccount } from '../../../electron/core/ledger/key-refs.ts';
import type { Credentials } from '../../../electron/core/secrets/secret-vault.ts';
import type { SenderFrame } from '../../../electron/main/policy/app-origin.ts';
import { acceptDroppedFile } from '../../../electron/main/policy/dropped-files.ts';
import { createPickedPaths } from '../../../electron/main/policy/picked-paths.ts';
import { relayCall } from '../../../electron/main/relay.ts';
import { createKeyStore, type KeyStore } from '../../../electron/main/vault/key-store.ts';

/** What the dialogs answer next; each answer is used once, then the dialog is "cancelled". */
export interface DialogAnswers {
  /** The CSV the user picks in the next open dialog (null: they cancel it). */
  nextCsv: string | null;
  /** The folder the user picks in the next folder dialog (null: they cancel it). */
  nextFolder: string | null;
  /** How many times each dialog was opened. */
  readonly opened: { csv: number; folder: number };
}

/**
 * What safeStorage finds: 'os' a real keyring (GNOME Keyring, reported as gnome_libsecret),
 * 'basic_text' none, only Chromium's built-in password, which main refuses to rely on.
 */
export type KeyBackend = 'os' | 'basic_text';

export interface MainStandIn {
  dialogs: DialogAnswers;
  /** Which keyring the stand-in safeStorage reports from now on. */
  keyBackend: KeyBackend;
  /** Where main's OS-keychain file and passphrase vault are written (for leak checks). */
  files: { osKeys: string; passphraseVault: string };
  /** Whether main can hand over a key for this exchange account (never the key itself). */
  hasKey(account: string): Promise<boolean>;
  /** Where main last stored this account's key, as keys.save answered; null when none. */
  storageOf(account: string): KeyStorageChoice | null;
  /** One call from the page, as main's IPC handler receives it. */
  relay(frame: SenderFrame, name: unknown, request: unknown): Promise<CallResult<CallName>>;
  /** Core's credential hand-off: the key filed under `ref`, or null and the page is told why. */
  credentials(ref: string): Promise<Credentials | null>;
  /**
   * A file dropped on the window, as the preload reports it: main checks it, accepts it as
   * picked and tells the page (files.dropped). False when main refuses it.
   */
  dropFile(path: string): boolean;
  /** Drops session keys and locks the vault, as main does when the app quits. */
  close(): void;
}

export interface MainStandInOptions {
  db: Database;
  /** This test's temp dir: main's key files go here. */
  dir: string;
  entryUrl: string;
  invokeCore(name: CoreCallName, request: unknown): Promise<CallResult<CoreCallName>>;
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** Main's log: anything unexpected main would write there. */
  log(message: string): void;
}

/** safeStorage's shape, encrypting for real with a key that lives only in this process. */
function inMemorySafeStorage(backend: () => string) {
  const key = randomBytes(32);
  return {
    getSelectedStorageBackend: backend,
    async isAsyncEncryptionAvailable() {
      return true;
    },
    async encryptStringAsync(plainText: string): Promise<Buffer> {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      const result = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
      return { shouldReEncrypt: false, result };
    },
  };
}

export function createMainStandIn(options: MainStandInOptions): MainStandIn {
  const { db } = options;
  const opened = { csv: 0, folder: 0 };
  const dialogs: DialogAnswers = { nextCsv: null, nextFolder: null, opened };
  const files = { osKeys: join(options.dir, 'keys.json'), passphraseVault: join(options.dir, 'vault.json') };
  const standIn = { keyBackend: 'os' as KeyBackend };
  const store: KeyStore = createKeyStore({
    platform: 'linux',
    safeStorage: inMemorySafeStorage(() => (standIn.keyBackend === 'os' ? 'gnome_libsecret' : 'basic_text')),
    keyFilePath: files.osKeys,
    passphraseVaultPath: files.passphraseVault,
  });
  // Main's key store, noting where each key went so a test can ask.
  const storedIn = new Map<string, KeyStorageChoice>();
  const keys: KeyStore = {
    ...store,
    async save(ref, request) {
      const outcome = await store.save(ref, request);
      if (outcome.status === 'stored') storedIn.set(ref, outcome.storage);
      return outcome;
    },
    async forget(ref) {
      storedIn.delete(ref);
      return store.forget(ref);
    },
  };
  const picked = createPickedPaths();

  // What core answers main's credential-ref-request (electron/core/serve-core.ts).
  const refOf = (account: string): string | null => {
    const found = findAccount(db, account);
    return found?.kind === 'exchange' ? (found.credentialRef ?? keyRefForAccount(found.name)) : null;
  };
  const credentialRef = async (account: string) => refOf(account);

  const deps = {
    entryUrl: options.entryUrl,
    invokeCore: options.invokeCore,
    credentialRef,
    keys,
    picked,
    async openCsv() {
      opened.csv += 1;
      const path = dialogs.nextCsv;
      dialogs.nextCsv = null;
      return path;
    },
    async chooseFolder() {
      opened.folder += 1;
      const path = dialogs.nextFolder;
      dialogs.nextFolder = null;
      return path;
    },
    log: options.log,
  };

  return Object.assign(standIn, {
    dialogs,
    files,
    async hasKey(account: string) {
      const ref = refOf(account);
      return ref !== null && (await keys.lookup(ref)).credentials !== null;
    },
    storageOf(account: string) {
      return storedIn.get(refOf(account) ?? '') ?? null;
    },
    relay: (frame: SenderFrame, name: unknown, request: unknown) => relayCall(frame, name, request, deps),
    async credentials(ref: string) {
      // Core names the account whose key it asks for (serve-core.ts); main tells the page
      // when it has no usable key for it, so the user can enter it again.
      const account = listAccounts(db).find((a) => a.credentialRef === ref)?.name ?? null;
      const found = await keys.lookup(ref);
      if (found.credentials === null && account !== null) options.emit('keys.reentryNeeded', { account, reason: found.reason });
      return found.credentials;
    },
    dropFile(path: string) {
      const dropped = acceptDroppedFile(path, (candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile() === true);
      if (dropped === null) return false;
      picked.remember('file', dropped.path);
      options.emit('files.dropped', dropped);
      return true;
    },
    close: () => keys.close(),
  });
}
