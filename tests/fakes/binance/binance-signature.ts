// How Binance authenticates a request, checked the way Binance checks it, with Binance's
// own error bodies and HTTP statuses (rest-api.md "SIGNED Endpoint security" and errors.md):
// - the API key travels in the X-MBX-APIKEY header: missing or malformed → -2014, unknown
//   (or not allowed to read) → -2015, both HTTP 401;
// - `signature` is the hex HMAC-SHA256 of totalParams — the raw query string followed by
//   the raw body, exactly as sent, without the signature parameter — keyed with the
//   secret; hex case does not matter; a mismatch → -1022, HTTP 400;
// - `timestamp` (ms) is mandatory (-1102); it is accepted when
//   timestamp < serverTime + 1000 and serverTime − timestamp <= recvWindow
//   (recvWindow defaults to 5000, at most 60000: -1131); otherwise -1021, HTTP 400.
// Binance does not document the order of these checks; this fake checks the key, then the
// timestamp, then the signature.
import { createHmac } from 'node:crypto';
import type { FakeRequest, FakeResponse } from '../fake-server.ts';

export const RECV_WINDOW_DEFAULT = 5000;
export const RECV_WINDOW_MAX = 60_000;

export function binanceError(status: number, code: number, msg: string): FakeResponse {
  return { status, body: { code, msg } };
}

/** Error bodies as Binance words them (errors.md). */
export const BINANCE_ERRORS = {
  apiKeyFormat: binanceError(401, -2014, 'API-key format invalid.'),
  rejectedKey: binanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  badSignature: binanceError(400, -1022, 'Signature for this request is not valid.'),
  outsideRecvWindow: binanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  aheadOfServer: binanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  recvWindowTooLarge: binanceError(400, -1131, 'recvWindow must be less than 60000'),
  duplicateParameter: binanceError(400, -1101, 'Duplicate values for a parameter detected.'),
} as const;

export function mandatoryMissing(name: string): FakeResponse {
  return binanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

/** The hex HMAC-SHA256 Binance expects in `signature`. */
export function binanceSignature(totalParams: string, secret: string): string {
  return createHmac('sha256', secret).update(totalParams).digest('hex');
}

function withoutSignature(text: string): string {
  return text
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('signature='))
    .join('&');
}

function signatureOf(text: string): string | null {
  const part = text.split('&').find((entry) => entry.startsWith('signature='));
  if (part === undefined) return null;
  try {
    return decodeURIComponent(part.slice('signature='.length));
  } catch {
    return '';
  }
}

/** totalParams: the query string concatenated with the body (no separator), signature removed. */
export function totalParams(request: FakeRequest): string {
  return withoutSignature(request.rawQuery) + withoutSignature(request.body);
}

/** All parameters of the request, query first (Binance prefers the query on a clash). */
export function requestParams(request: FakeRequest): URLSearchParams {
  const params = new URLSearchParams(request.body);
  for (const [name, value] of request.query) params.set(name, value);
  return params;
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const API_KEY_FORMAT = /^[A-Za-z0-9]{64}$/;

/** The key check every endpoint beyond NONE makes (MARKET_DATA ones stop here). */
export function checkApiKey(request: FakeRequest, apiKey: string): FakeResponse | null {
  const sent = header(request, 'x-mbx-apikey');
  if (sent === undefined || !API_KEY_FORMAT.test(sent)) return BINANCE_ERRORS.apiKeyFormat;
  if (sent !== apiKey) return BINANCE_ERRORS.rejectedKey;
  return null;
}

/** The full check of a SIGNED (USER_DATA) request; null when it may proceed. */
export function checkSigned(request: FakeRequest, credentials: { apiKey: string; secret: string }, serverTime: number): FakeResponse | null {
  const keyProblem = checkApiKey(request, credentials.apiKey);
  if (keyProblem) return keyProblem;
  const names = [...new URLSearchParams(request.rawQuery).keys(), ...new URLSearchParams(request.body).keys()];
  if (new Set(names).size !== names.length) return BINANCE_ERRORS.duplicateParameter;
  const params = requestParams(request);

  const timestampText = params.get('timestamp');
  if (timestampText === null || !/^\d{1,20}$/.test(timestampText)) return mandatoryMissing('timestamp');
  const recvWindowText = params.get('recvWindow');
  if (recvWindowText !== null && !/^\d{1,20}$/.test(recvWindowText)) {
    return binanceError(400, -1100, "Illegal characters found in parameter 'recvWindow'; legal range is '^[0-9]{1,20}$'.");
  }
  const recvWindow = recvWindowText === null ? RECV_WINDOW_DEFAULT : Number(recvWindowText);
  if (recvWindow > RECV_WINDOW_MAX) return BINANCE_ERRORS.recvWindowTooLarge;
  const timestamp = Number(timestampText);
  if (timestamp >= serverTime + 1000) return BINANCE_ERRORS.aheadOfServer;
  if (serverTime - timestamp > recvWindow) return BINANCE_ERRORS.outsideRecvWindow;

  const signature = signatureOf(request.rawQuery) ?? signatureOf(request.body);
  if (signature === null || signature === '') return mandatoryMissing('signature');
  if (signature.toLowerCase() !== binanceSignature(totalParams(request), credentials.secret)) return BINANCE_ERRORS.badSignature;
  return null;
}
