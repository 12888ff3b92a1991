// Kraken's request signature for private REST calls, as Kraken documents and checks it:
//   API-Sign = base64(HMAC-SHA512(base64decode(secret), URI path + SHA256(nonce + POST data)))
// The URI path is the path on api.kraken.com (`/0/private/Ledgers`), never a proxy's: ccxt
// signs that path before it prepends `urls.api`, so a client pointed at the fake through
// a base-URL override signs exactly what the real Kraken would verify.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function krakenSignature(uriPath: string, nonce: string, postData: string, secretBase64: string): string {
  const digest = createHash('sha256').update(nonce + postData).digest();
  return createHmac('sha512', Buffer.from(secretBase64, 'base64'))
    .update(Buffer.concat([Buffer.from(uriPath), digest]))
    .digest('base64');
}

/** Decodes an API-Sign header: 64 bytes of HMAC-SHA512, or null when it cannot be one. */
export function decodeSignature(header: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(header)) return null;
  const bytes = Buffer.from(header, 'base64');
  return bytes.length === 64 ? bytes : null;
}

/** Compares in constant time, as a server must. */
export function signatureMatches(expectedBase64: string, received: Buffer): boolean {
  const expected = Buffer.from(expectedBase64, 'base64');
  return expected.length === received.length && timingSafeEqual(expected, received);
}
