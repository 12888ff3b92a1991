import { describe, expect, it } from 'vitest';
import ccxt from 'ccxt';
import { classifyFailure, MalformedResponseError, redact, retryAfterMs, withoutSecrets } from '../../../electron/core/exchanges/failures.ts';
import { backoffDelay, DEFAULT_RETRY } from '../../../electron/core/exchanges/retry.ts';

describe('classifyFailure', () => {
  it.each([
    [new ccxt.RequestTimeout('binance GET … request timed out'), 'transient'],
    [new ccxt.RateLimitExceeded('429'), 'transient'],
    [new ccxt.DDoSProtection('binance {"code":-1003}'), 'transient'],
    [new ccxt.ExchangeNotAvailable('503'), 'transient'],
    [new ccxt.OperationFailed('binance {"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}'), 'transient'],
    [new ccxt.ExchangeError('coinbase {"errors":[{"id":"internal_server_error"}]}'), 'transient'],
    [new MalformedResponseError('not a list'), 'transient'],
    [new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' }) }), 'transient'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'transient'],
    [new ccxt.InvalidNonce('-1021 outside of the recvWindow'), 'clock'],
    [new ccxt.AuthenticationError('-1022 Signature for this request is not valid.'), 'auth'],
    [new ccxt.PermissionDenied('EGeneral:Permission denied'), 'auth'],
    [new ccxt.BadSymbol('-1121 Invalid symbol'), 'permanent'],
    [new ccxt.NotSupported('fetchDeposits() is not supported'), 'permanent'],
    [new Error('a bug'), 'permanent'],
  ])('%s → %s', (error, kind) => {
    expect(classifyFailure(error).kind).toBe(kind);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs({ 'Retry-After': '7' })).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 24 Nov 2026 10:00:30 GMT' }, Date.parse('2026-11-24T10:00:00Z'))).toBe(30_000);
    expect(retryAfterMs({})).toBeNull();
    expect(classifyFailure(new ccxt.RateLimitExceeded('429'), { 'Retry-After': '3' })).toMatchObject({ retryAfterMs: 3000 });
  });

  it('never waits less than Retry-After, and backs off exponentially with jitter otherwise', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, 10_000, () => 0)).toBe(10_000);
    expect(backoffDelay(1, DEFAULT_RETRY, null, () => 0)).toBe(250);
    expect(backoffDelay(3, DEFAULT_RETRY, null, () => 1)).toBe(2000);
    expect(backoffDelay(20, DEFAULT_RETRY, null, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

describe('redact', () => {
  it('removes credentials and signed query strings from messages', () => {
    const message = 'binance GET https://api.binance.com/api/v3/myTrades?symbol=BTCUSDT&timestamp=1&signature=abcdef failed with key AKEY1234 and secret S3CRETXYZ';
    const clean = redact(message, ['AKEY1234', 'S3CRETXYZ']);
    expect(clean).not.toContain('signature=');
    expect(clean).not.toContain('AKEY1234');
    expect(clean).not.toContain('S3CRETXYZ');
    expect(clean).toContain('https://api.binance.com/api/v3/myTrades?…');
  });

  it('classifies without the query string ccxt quotes: some exchanges sign with the key in it', () => {
    const error = new ccxt.RequestTimeout('htx GET https://api.huobi.pro/v1/account/accounts?AccessKeyId=MYAPIKEY-1&Signature=abc request timed out (10000 ms)');
    const failure = classifyFailure(error);
    expect(failure.kind).toBe('transient');
    expect(failure.reason).not.toContain('MYAPIKEY-1');
    expect(failure.reason).toContain('https://api.huobi.pro/v1/account/accounts?…');
  });

  it('passes on an error that escaped keyed code with its message redacted, its name and cause kept', () => {
    const original = new TypeError('cannot read https://x.test/a?key=AKEY1234 for AKEY1234');
    const safe = withoutSecrets(original, { apiKey: 'AKEY1234', secret: 'S3CRETXYZ' });
    expect(safe.message).toBe('cannot read https://x.test/a?… for [redacted]');
    expect(safe.name).toBe('TypeError');
    expect(safe.cause).toBe(original);
    const harmless = new Error('no secret here');
    expect(withoutSecrets(harmless, { apiKey: 'AKEY1234', secret: 'S3CRETXYZ' })).toBe(harmless);
  });
});
