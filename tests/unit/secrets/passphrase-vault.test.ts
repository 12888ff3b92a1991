import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassphraseVault } from '../../../electron/core/secrets/passphrase-vault.ts';
import { VaultError } from '../../../electron/core/secrets/secret-vault.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY+0123456789';
const API_KEY = 'AKIAEXAMPLEAPIKEY-1234';

let dir: TempDir;
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'vault', 'secrets.json');
});
afterEach(() => dir.remove());

/** The ways the key or secret could appear in a file: as text, base64, hex or UTF-16. */
function containsSecret(bytes: Buffer): boolean {
  const forms = [
    Buffer.from(SECRET),
    Buffer.from(API_KEY),
    Buffer.from(Buffer.from(SECRET).toString('base64')),
    Buffer.from(Buffer.from(SECRET).toString('hex')),
    Buffer.from(SECRET, 'utf16le'),
  ];
  return forms.some((form) => bytes.includes(form));
}

describe('passphrase vault', () => {
  it('keeps credentials across opens, encrypted: the file holds no trace of the key or secret', async () => {
    const vault = await PassphraseVault.open(path, 'correct horse battery staple');
    await vault.set('account:1', { apiKey: API_KEY, secret: SECRET, password: 'trading-passphrase' });
    vault.close();
    expect(containsSecret(readFileSync(path))).toBe(false);
    expect(readFileSync(path, 'utf8')).not.toContain('trading-passphrase');

    const again = await PassphraseVault.open(path, 'correct horse battery staple');
    expect(await again.get('account:1')).toEqual({ apiKey: API_KEY, secret: SECRET, password: 'trading-passphrase' });
    expect(await again.get('account:2')).toBeNull();
    expect(await again.delete('account:1')).toBe(true);
    expect(await again.delete('account:1')).toBe(false);
    again.close();
    expect(await (await PassphraseVault.open(path, 'correct horse battery staple')).get('account:1')).toBeNull();
  });

  it('fails closed on a wrong passphrase, without saying anything secret', async () => {
    const vault = await PassphraseVault.open(path, 'right');
    await vault.set('a', { apiKey: API_KEY, secret: SECRET });
    vault.close();
    const attempt = PassphraseVault.open(path, 'wrong');
    await expect(attempt).rejects.toBeInstanceOf(VaultError);
    await expect(PassphraseVault.open(path, 'wrong')).rejects.toThrow(/passphrase is wrong, or the vault file was changed/);
    await expect(PassphraseVault.open(path, '')).rejects.toThrow(/needs a passphrase/);
  });

  it('fails closed when any part of the file was altered', async () => {
    const vault = await PassphraseVault.open(path, 'right');
    await vault.set('a', { apiKey: API_KEY, secret: SECRET });
    vault.close();
    const original = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { kdf: Record<string, unknown>; ciphertext: string };
    const tamperings: Record<string, unknown>[] = [
      { ...original, ciphertext: flipFirstByte(original.ciphertext) },
      { ...original, tag: flipFirstByte(original['tag'] as string) },
      { ...original, iv: flipFirstByte(original['iv'] as string) },
      { ...original, kdf: { ...original.kdf, salt: flipFirstByte(original.kdf['salt'] as string) } },
      { ...original, kdf: { ...original.kdf, N: 1024 } }, // weakened work factor
      { ...original, version: 2 },
    ];
    for (const tampered of tamperings) {
      writeFileSync(path, JSON.stringify(tampered));
      await expect(PassphraseVault.open(path, 'right')).rejects.toBeInstanceOf(VaultError);
    }
    writeFileSync(path, '{"format": "lotwise-passphrase-vault", "version": 1, "kdf"');
    await expect(PassphraseVault.open(path, 'right')).rejects.toBeInstanceOf(VaultError);
  });

  it('writes atomically: no temporary file is left beside the vault', async () => {
    const vault = await PassphraseVault.open(path, 'right');
    for (let i = 0; i < 5; i += 1) await vault.set(`a${i}`, { apiKey: `k${i}`, secret: `s${i}` });
    vault.close();
    expect(readdirSync(join(dir.path, 'vault'))).toEqual(['secrets.json']);
  });
});

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = bytes[0]! ^ 0xff;
  return bytes.toString('base64');
}
