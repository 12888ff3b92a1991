// Coinbase's own error replies, and fault presets that use them. ccxt's coinbase class reads
// a body before the status code, so a body Coinbase would not send can change the error class
// a client sees: FakeExchangeServer's default 429 body `{"error":"Too many requests"}` becomes
// a plain ExchangeError. The fake therefore gives the generic `rate-limit` fault Coinbase's v2
// body (RATE_LIMIT_BODY); these presets add the other replies Coinbase really sends, for
// `server.inject` / `server.injectRandomly`.
//
// What each becomes in ccxt 4.5 (coinbase.handleErrors, then the HTTP status table):
//   401 `Unauthorized` (text)                              → AuthenticationError
//   403 {"error":"unknown",...,"Missing required scopes"}  → ExchangeError (not PermissionDenied)
//   404/400 v2 {"errors":[{"id":"not_found"|"invalid_request"}]} → ExchangeError
//   400 v3 {"error":"INVALID_ARGUMENT",...}                → BadRequest
//   429 v2 {"errors":[{"id":"rate_limit_exceeded"}]}       → RateLimitExceeded
//   429 v3, an HTML page from the gateway                  → RateLimitExceeded
//   500 v2 {"errors":[{"id":"internal_server_error"}]}     → ExchangeError (a 5xx, but not an ExchangeNotAvailable)
import type { FakeResponse, Fault } from '../fake-server.ts';

/** Every rejected JWT (bad signature, wrong key, expired, wrong uri) gets this. */
export const UNAUTHORIZED: FakeResponse = { status: 401, body: 'Unauthorized' };

/** The v2 (Coinbase App) error shape. */
export function v2Error(status: number, id: string, message: string): FakeResponse {
  return { status, body: { errors: [{ id, message }] } };
}

/** The Advanced Trade (v3) error shape. */
export function v3Error(status: number, error: string, message: string): FakeResponse {
  return { status, body: { error, error_details: message, message } };
}

/** What Coinbase answers a key without the scope an endpoint needs (seen on v3; assumed the same on v2). */
export const MISSING_SCOPES: FakeResponse = v3Error(403, 'unknown', 'Missing required scopes');

export const V2_NOT_FOUND: FakeResponse = v2Error(404, 'not_found', 'Not found');
export const V3_NOT_FOUND: FakeResponse = v3Error(404, 'NOT_FOUND', 'Not Found');

/** Coinbase's 429 body on the v2 API; the fake's generic `rate-limit` fault sends it on every path. */
export const RATE_LIMIT_BODY = { errors: [{ id: 'rate_limit_exceeded', message: 'Too many requests' }] };

const GATEWAY_429_PAGE = '<html>\n  <head>\n    <title>Coinbase</title>\n    <meta name="robots" content="noindex">\n  </head>\n  <body>Too many requests</body>\n</html>\n';

function withRetryAfter(response: FakeResponse, retryAfterSeconds: number | undefined): FakeResponse {
  if (retryAfterSeconds === undefined) return response;
  return { ...response, headers: { ...response.headers, 'Retry-After': String(retryAfterSeconds) } };
}

export const coinbaseFaults = {
  /** 429 from the v2 API: Coinbase's JSON error. */
  rateLimitV2(retryAfterSeconds?: number): Fault {
    return { kind: 'reply', response: withRetryAfter({ status: 429, body: RATE_LIMIT_BODY }, retryAfterSeconds) };
  },
  /** 429 from the Advanced Trade API: the gateway's HTML page, not JSON (seen in the wild). */
  rateLimitV3(retryAfterSeconds?: number): Fault {
    return { kind: 'reply', response: withRetryAfter({ status: 429, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: GATEWAY_429_PAGE }, retryAfterSeconds) };
  },
  /** 500 as the v2 API writes it. */
  internalError(): Fault {
    return { kind: 'reply', response: v2Error(500, 'internal_server_error', 'An error has occurred. If this problem persists, please visit https://support.coinbase.com for assistance.') };
  },
  /** Coinbase has answered throttled requests with 401 instead of 429 (reported for candles). */
  throttledAsUnauthorized(): Fault {
    return { kind: 'reply', response: UNAUTHORIZED };
  },
};
