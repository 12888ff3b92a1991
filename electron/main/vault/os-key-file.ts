// The OS-keychain vault: one JSON file in userData holding, per credential reference, each
// secret encrypted by Electron's safeStorage (base64) with the name of the backend that
// encrypted it. Nothing here imports Electron: it takes any object shaped like safeStorage,
// so it runs, and is tested, under plain Node.
//
// A key that cannot be decrypted, or was stored by another backend, is reported, never
// deleted: the user enters it again and it is written over. A file that cannot be parsed
// is reported as damaged (it may or may not hold a given key) and moved aside before a new
// one is written, so nothing stored is ever silently lost.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writeAtomically } from '../../core/files/write-atomically.ts';
import type { Credentials } from '../../core/secrets/secret-vault.ts';
import { storedSecretVerdict } from '../policy/key-storage.ts';

/** The asynchronous half of Electron's safeStorage (the synchronous calls are deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
}

const FORMAT = 'lotwise-os-keys';
const FIELDS = ['apiKey', 'secret', 'password', 'uid'] as const satisfies readonly (keyof Credentials)[];
type Field = (typeof FIELDS)[number];

interface StoredSecret {
  backend: string;
  ciphertext: string;
}

type StoredKey = Partial<Record<Field, StoredSecret>>;

/** Only the user may read the key file or list its folder. */
const SECRET_FILE = { fileMode: 0o600, directoryMode: 0o700 };

interface KeyFile {
  format: typeof FORMAT;
  version: 1;
  keys: Record<string, StoredKey>;
}

export type OsKeyLookup =
  | { status: 'found'; credentials: Credentials }
  | { status: 'absent' }
  /** The file holds this key but it cannot be decrypted. */
  | { status: 'unreadable' }
  | { status: 'backend-changed' }
  /** The file cannot be parsed: whether it holds this key is unknown. */
  | { status: 'damaged' };

export interface OsKeyFile {
  read(ref: string): Promise<OsKeyLookup>;
  write(ref: string, credentials: Credentials): Promise<void>;
  /** Whether there was a key to remove. */
  remove(ref: string): boolean;
}

function isStoredSecret(value: unknown): value is StoredSecret {
  const secret = value as Partial<StoredSecret> | null;
  return typeof secret === 'object' && secret !== null && typeof secret.backend === 'string' && typeof secret.ciphertext === 'string';
}

function isKeyFile(value: unknown): value is KeyFile {
  const file = value as Partial<KeyFile> | null;
  if (typeof file !== 'object' || file === null || file.format !== FORMAT || file.version !== 1) return false;
  if (typeof file.keys !== 'object' || file.keys === null || Array.isArray(file.keys)) return false;
  return Object.values(file.keys).every(
    (key) => typeof key === 'object' && key !== null && Object.entries(key).every(([field, secret]) => (FIELDS as readonly string[]).includes(field) && isStoredSecret(secret)),
  );
}

export interface OsKeyFileOptions {
  path: string;
  safeStorage: SafeStorageLike;
  /** The name of safeStorage's backend, asked once safeStorage has initialised. */
  backend: () => Promise<string>;
}

export function createOsKeyFile(options: OsKeyFileOptions): OsKeyFile {
  const { path, safeStorage } = options;

  /** null when the file exists but is not a key file Lotwise can read. */
  function load(): KeyFile | null {
    if (!existsSync(path)) return { format: FORMAT, version: 1, keys: {} };
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      return isKeyFile(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  function loadForChange(): KeyFile {
    const file = load();
    if (file) return file;
    renameSync(path, `${path}.unreadable-${Date.now()}`);
    return { format: FORMAT, version: 1, keys: {} };
  }

  async function encrypt(credentials: Credentials): Promise<StoredKey> {
    const backend = await options.backend();
    const stored: StoredKey = {};
    for (const field of FIELDS) {
      const value = credentials[field];
      if (value === undefined) continue;
      stored[field] = { backend, ciphertext: (await safeStorage.encryptStringAsync(value)).toString('base64') };
    }
    return stored;
  }

  async function write(ref: string, credentials: Credentials): Promise<void> {
    const stored = await encrypt(credentials);
    const file = loadForChange();
    writeAtomically(path, `${JSON.stringify({ ...file, keys: { ...file.keys, [ref]: stored } }, null, 2)}\n`, SECRET_FILE);
  }

  return {
    write,

    async read(ref) {
      const file = load();
      if (!file) return { status: 'damaged' };
      const stored = file.keys[ref];
      if (!stored) return { status: 'absent' };
      const backend = await options.backend();
      const secrets = FIELDS.flatMap((field) => (stored[field] ? [[field, stored[field]] as const] : []));
      if (secrets.some(([, secret]) => storedSecretVerdict(secret.backend, backend) === 'backend-changed')) return { status: 'backend-changed' };
      const plain: Partial<Record<Field, string>> = {};
      let reEncrypt = false;
      try {
        for (const [field, secret] of secrets) {
          const decrypted = await safeStorage.decryptStringAsync(Buffer.from(secret.ciphertext, 'base64'));
          plain[field] = decrypted.result;
          reEncrypt ||= decrypted.shouldReEncrypt;
        }
      } catch {
        return { status: 'unreadable' };
      }
      if (plain.apiKey === undefined || plain.secret === undefined) return { status: 'unreadable' };
      const credentials: Credentials = { ...plain, apiKey: plain.apiKey, secret: plain.secret };
      // The keychain rotated its key: store the secret again under the new one.
      if (reEncrypt) await write(ref, credentials).catch(() => undefined);
      return { status: 'found', credentials };
    },

    remove(ref) {
      const file = load();
      if (!file || !(ref in file.keys)) return false;
      const { [ref]: _removed, ...rest } = file.keys;
      writeAtomically(path, `${JSON.stringify({ ...file, keys: rest }, null, 2)}\n`, SECRET_FILE);
      return true;
    },
  };
}
