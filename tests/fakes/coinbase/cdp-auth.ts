// Coinbase's request authentication with CDP API keys, checked the way api.coinbase.com
// checks it. A CDP key is a name (`organizations/{org_id}/apiKeys/{key_id}`) and an EC P-256
// private key in SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`). Every private request carries
// `Authorization: Bearer <JWT>`, a fresh ES256 token:
//   header  { alg: "ES256", kid: <key name>, nonce: <random>, typ: "JWT" }
//   claims  { sub: <key name>, iss: "cdp" (Coinbase's docs) or "coinbase-cloud" (ccxt and the
//             official Python SDK; both are accepted), nbf, exp (at most 2 minutes later),
//             uri: "<METHOD> <host><path>" — no scheme, no query string }
// and an optional `aud` (["retail_rest_api_proxy"] from ccxt and the SDK).
//
// The uri names the host the client meant, e.g. `GET api.coinbase.com/api/v3/brokerage/accounts`.
// The fake receives requests as /<host>/<path> (api-url-override.ts), and checks the uri
// against that original host and path: what the real Coinbase would have received. ccxt
// builds the uri from its (overridden) URL, `GET http://127.0.0.1:PORT/api.coinbase.com/...`,
// which the real Coinbase behind any proxy would reject too, so a client pointed here must
// sign for the original host (`signForOriginalHost` in
// tests/integration/fakes/coinbase-fake.test.ts shows how with ccxt).
//
// Every failure gets the same answer from Coinbase: HTTP 401 with the bare body
// `Unauthorized`. The reason is only for the fake's own log.
import { createPublicKey, generateKeyPairSync, randomUUID, verify, type KeyObject } from 'node:crypto';

export interface CdpKey {
  /** The key's name: what ccxt takes as `apiKey`. */
  name: string;
  /** SEC1 PEM with real newlines: what ccxt takes as `secret`. */
  privateKeyPem: string;
  publicKey: KeyObject;
}

/** A fresh P-256 key pair under a CDP-style key name. */
export function createCdpKey(name = `organizations/${randomUUID()}/apiKeys/${randomUUID()}`): CdpKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { name, privateKeyPem: privateKey.export({ type: 'sec1', format: 'pem' }).toString(), publicKey };
}

/** The public half of a CDP private key PEM (to accept a key issued elsewhere). */
export function publicKeyOf(privateKeyPem: string): KeyObject {
  return createPublicKey(privateKeyPem);
}

export interface JwtExpectation {
  keyName: string;
  publicKey: KeyObject;
  method: string;
  /** The host the client meant (the first path segment of the fake's URL). */
  host: string;
  path: string;
  /** The server's clock, in seconds. */
  nowSeconds: number;
}

export type JwtVerdict = { ok: true } | { ok: false; reason: string };

const ISSUERS = new Set(['cdp', 'coinbase-cloud']);
const AUDIENCES = new Set(['retail_rest_api_proxy', 'cdp_service']);
const MAX_LIFETIME_SECONDS = 120;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function verifyCdpJwt(authorization: string | undefined, expected: JwtExpectation): JwtVerdict {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) return { ok: false, reason: 'no Bearer JWT in the Authorization header' };
  const [, headerPart, claimsPart, signaturePart] = match as unknown as [string, string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(claimsPart);
  if (!header || !claims) return { ok: false, reason: 'the JWT header or claims are not JSON' };
  if (header.alg !== 'ES256') return { ok: false, reason: `alg ${String(header.alg)} is not ES256` };
  if (header.kid !== expected.keyName) return { ok: false, reason: 'kid is not the key name' };
  if (typeof header.nonce !== 'string' || header.nonce === '') return { ok: false, reason: 'no nonce in the JWT header' };

  // ES256 signatures are r‖s, 32 bytes each (IEEE P1363), not DER.
  const signature = Buffer.from(signaturePart, 'base64url');
  const signed = verify('sha256', Buffer.from(`${headerPart}.${claimsPart}`), { key: expected.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!signed) return { ok: false, reason: 'the signature does not verify with the key' };

  if (claims.sub !== expected.keyName) return { ok: false, reason: 'sub is not the key name' };
  if (typeof claims.iss !== 'string' || !ISSUERS.has(claims.iss)) return { ok: false, reason: `iss ${String(claims.iss)} is not cdp` };
  if (claims.aud !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((aud) => typeof aud === 'string' && AUDIENCES.has(aud))) return { ok: false, reason: 'aud is not a Coinbase audience' };
  }
  const nbf = claims.nbf;
  const exp = claims.exp;
  if (typeof nbf !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'nbf or exp missing' };
  if (nbf > expected.nowSeconds) return { ok: false, reason: `not valid yet: nbf ${nbf} is after the server time ${expected.nowSeconds}` };
  if (exp <= expected.nowSeconds) return { ok: false, reason: `expired: exp ${exp} is not after the server time ${expected.nowSeconds}` };
  if (exp - nbf > MAX_LIFETIME_SECONDS) return { ok: false, reason: `lives ${exp - nbf} s, more than ${MAX_LIFETIME_SECONDS} s` };
  const uri = `${expected.method} ${expected.host}${expected.path}`;
  if (claims.uri !== uri) return { ok: false, reason: `uri ${JSON.stringify(claims.uri)} is not ${JSON.stringify(uri)}` };
  return { ok: true };
}
