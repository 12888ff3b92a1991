// The passphrase vault: every credential in one file, encrypted with AES-256-GCM under a
// key derived from the user's passphrase with scrypt (N = 2^17, r = 8, p = 1: about 128 MiB
// and a fraction of a second to derive, so guessing passphrases offline is slow). The KDF
// parameters are authenticated with the ciphertext, so a file altered in any byte — or
// opened with the wrong passphrase — fails closed with the same message. Writes are
// atomic: a temporary file, flushed, then renamed over the old one.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeAtomically } from '../files/write-atomically.ts';
import { type Credentials, type SecretVault, VaultError } from './secret-vault.ts';

const FORMAT = 'lotwise-passphrase-vault';
const KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1, keyLength: 32 } as const;
// scrypt needs 128 * N * r bytes (128 MiB here); Node's default cap is 32 MiB.
const MAX_MEMORY = 256 * 1024 * 1024;

interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  keyLength: number;
  salt: string;
}

interface VaultFile {
  format: typeof FORMAT;
  version: 1;
  kdf: KdfParams;
  iv: string;
  tag: string;
  ciphertext: string;
}

type Entries = Record<string, Credentials>;

const WRONG = 'The vault could not be opened: the passphrase is wrong, or the vault file was changed or damaged.';

function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), kdf.keyLength, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(new VaultError(`The vault key could not be derived (${(error as NodeJS.ErrnoException).code ?? 'scrypt failed'}).`)) : resolve(key),
    );
  });
}

/** The authenticated header: the KDF parameters and format, bound to the ciphertext. */
function additionalData(file: Pick<VaultFile, 'format' | 'version' | 'kdf'>): Buffer {
  return Buffer.from(JSON.stringify({ format: file.format, version: file.version, kdf: file.kdf }));
}

export class PassphraseVault implements SecretVault {
  readonly path: string;
  private key: Buffer;
  private readonly kdf: KdfParams;
  private entries: Entries;

  private constructor(path: string, key: Buffer, kdf: KdfParams, entries: Entries) {
    this.path = path;
    this.key = key;
    this.kdf = kdf;
    this.entries = entries;
  }

  /** Opens the vault at path, creating an empty one when the file does not exist yet. */
  static async open(path: string, passphrase: string): Promise<PassphraseVault> {
    if (passphrase.length === 0) throw new VaultError('The vault needs a passphrase.');
    if (!existsSync(path)) {
      const kdf: KdfParams = { ...KDF, salt: randomBytes(16).toString('base64') };
      const vault = new PassphraseVault(path, await deriveKey(passphrase, kdf), kdf, {});
      vault.save();
      return vault;
    }
    const file = readVaultFile(path);
    const key = await deriveKey(passphrase, file.kdf);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAAD(additionalData(file));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]);
      const entries = JSON.parse(plain.toString('utf8')) as Entries;
      plain.fill(0);
      return new PassphraseVault(path, key, file.kdf, entries);
    } catch {
      key.fill(0);
      throw new VaultError(WRONG);
    }
  }

  async get(ref: string): Promise<Credentials | null> {
    const found = this.entries[ref];
    return found ? { ...found } : null;
  }

  async set(ref: string, credentials: Credentials): Promise<void> {
    this.entries = { ...this.entries, [ref]: { ...credentials } };
    this.save();
  }

  async delete(ref: string): Promise<boolean> {
    if (!(ref in this.entries)) return false;
    const { [ref]: _removed, ...rest } = this.entries;
    this.entries = rest;
    this.save();
    return true;
  }

  /** Forgets the derived key; the vault cannot be used afterwards. */
  close(): void {
    this.key.fill(0);
    this.key = Buffer.alloc(0);
    this.entries = {};
  }

  private save(): void {
    if (this.key.length === 0) throw new VaultError('The vault is closed.');
    const header: Pick<VaultFile, 'format' | 'version' | 'kdf'> = { format: FORMAT, version: 1, kdf: this.kdf };
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(additionalData(header));
    const plain = Buffer.from(JSON.stringify(this.entries), 'utf8');
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    plain.fill(0);
    const file: VaultFile = { ...header, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
    writeAtomically(this.path, `${JSON.stringify(file, null, 2)}\n`, { fileMode: 0o600, directoryMode: 0o700 });
  }
}

function readVaultFile(path: string): VaultFile {
  let file: Partial<VaultFile>;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as Partial<VaultFile>;
  } catch {
    throw new VaultError(WRONG);
  }
  const kdf = file.kdf;
  const valid =
    file.format === FORMAT &&
    file.version === 1 &&
    kdf !== undefined &&
    kdf.name === 'scrypt' &&
    // Refuse weakened parameters outright, whatever the authentication tag says.
    kdf.N === KDF.N &&
    kdf.r === KDF.r &&
    kdf.p === KDF.p &&
    kdf.keyLength === KDF.keyLength &&
    typeof kdf.salt === 'string' &&
    typeof file.iv === 'string' &&
    typeof file.tag === 'string' &&
    typeof file.ciphertext === 'string';
  if (!valid) throw new VaultError(WRONG);
  return file as VaultFile;
}

/** Temporary file in the same directory, flushed to disk, then renamed over the target. */
