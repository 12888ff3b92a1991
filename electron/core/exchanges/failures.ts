// What went wrong talking to an exchange, in the three kinds a sync acts on:
// transient (wait and retry), the clock (resync once), and permanent (stop and tell the
// user what to fix). ccxt's own classes cover most cases; Node's fetch adds errors that
// are not ccxt classes (undici's SocketError when a connection breaks mid-response), and
// a body cut short can reach the caller as a shape the strategy rejects.
import ccxt from 'ccxt';
import type { Credentials } from '../secrets/secret-vault.ts';

export type Failure =
  | { kind: 'transient'; reason: string; retryAfterMs: number | null }
  | { kind: 'clock'; reason: string }
  | { kind: 'auth'; reason: string }
  | { kind: 'permanent'; reason: string };

/** A page that came back in a shape the strategy cannot use: a cut or garbled response. */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Node's fetch failures: TypeError('fetch failed') with a cause, undici's socket errors. */
function isNetworkLevel(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (current.name === 'SocketError' || (typeof code === 'string' && (code.startsWith('UND_ERR') || NETWORK_CODES.has(code)))) return true;
    if (current instanceof TypeError && current.message === 'fetch failed') return true;
    if (current.name === 'AbortError' && current.message.includes('timeout')) return true;
  }
  return false;
}

/** Retry-After (seconds or an HTTP date) from the last response, in milliseconds. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function classifyFailure(error: unknown, lastResponseHeaders?: Record<string, unknown>): Failure {
  // ccxt puts the request's URL in network and HTTP errors, and some exchanges sign in the
  // query string (the key itself, as HTX's AccessKeyId): no reason ever carries one.
  const reason = redact(error instanceof Error ? error.message : String(error), []);
  // InvalidNonce is a NetworkError subclass in ccxt: check it first.
  if (error instanceof ccxt.InvalidNonce) return { kind: 'clock', reason };
  if (error instanceof ccxt.AuthenticationError) return { kind: 'auth', reason };
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) {
    return { kind: 'transient', reason, retryAfterMs: retryAfterMs(lastResponseHeaders) };
  }
  if (error instanceof ccxt.NetworkError) return { kind: 'transient', reason, retryAfterMs: retryAfterMs(lastResponseHeaders) };
  if (error instanceof ccxt.BadResponse || error instanceof MalformedResponseError) return { kind: 'transient', reason, retryAfterMs: null };
  // ccxt's OperationFailed itself (not a subclass) is an exchange's "try again" (Binance -1001).
  if (error instanceof ccxt.OperationFailed) return { kind: 'transient', reason, retryAfterMs: null };
  if (isNetworkLevel(error)) return { kind: 'transient', reason, retryAfterMs: null };
  // A 5xx that an exchange class did not map: ccxt raises ExchangeError with the status, or
  // only the body (Coinbase's internal_server_error).
  if (error instanceof ccxt.ExchangeError && /\b(500|502|503|504)\b|internal_server_error|Internal Server Error/i.test(reason)) {
    return { kind: 'transient', reason, retryAfterMs: null };
  }
  return { kind: 'permanent', reason };
}

/**
 * Removes anything secret from a message before it is shown or logged: the credentials
 * themselves, and query strings (signed URLs carry signatures and timestamps).
 */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  let text = message.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*/g, '$1?…');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) text = text.split(secret).join('[redacted]');
  }
  return text;
}

/** The parts of a credential that must never be shown. */
export function credentialSecrets(credentials: Credentials | null | undefined): (string | undefined)[] {
  return [credentials?.apiKey, credentials?.secret, credentials?.password, credentials?.uid];
}

/**
 * An error that escaped code holding a key, made safe to pass on: its message redacted
 * (same class name, the original kept as the cause for core's own log).
 */
export function withoutSecrets(error: unknown, credentials: Credentials | null | undefined): Error {
  const message = error instanceof Error ? error.message : String(error);
  const safe = redact(message, credentialSecrets(credentials));
  if (error instanceof Error && safe === message) return error;
  const scrubbed = new Error(safe, { cause: error });
  if (error instanceof Error) scrubbed.name = error.name;
  return scrubbed;
}
